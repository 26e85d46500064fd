-- The backfill requests of a symbol whose range overlaps [:from, :to), oldest first.
SELECT id, symbol, range_from, range_to, scope, interruption_id, requested_by, state, attempts, next_attempt_at,
       bars_filled, last_error, created_at, updated_at
  FROM backfill_request
 WHERE symbol = :symbol AND range_from < :to AND range_to > :from
 ORDER BY created_at, id
