-- What became of a request after one attempt.
UPDATE backfill_request
   SET state = :state, attempts = :attempts, next_attempt_at = :next_attempt_at,
       bars_filled = bars_filled + :filled, last_error = :last_error, updated_at = :at
 WHERE id = :id
