-- The next PENDING request whose time has come (the worker takes one per run; it runs on the leader of
-- the backfill namespace only, so no two workers take the same request).
SELECT id, symbol, range_from, range_to, scope, interruption_id, requested_by, state, attempts, next_attempt_at,
       bars_filled, last_error, created_at, updated_at
  FROM backfill_request
 WHERE state = 'PENDING' AND next_attempt_at <= :now
 ORDER BY next_attempt_at, id
 LIMIT 1
