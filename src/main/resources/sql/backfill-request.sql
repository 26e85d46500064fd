-- One backfill request by id.
SELECT id, symbol, range_from, range_to, scope, interruption_id, requested_by, state, attempts, next_attempt_at,
       bars_filled, last_error, created_at, updated_at
  FROM backfill_request
 WHERE id = :id
