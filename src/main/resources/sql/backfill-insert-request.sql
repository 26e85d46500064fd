-- A backfill request; one per interruption and symbol (a second planner run adds nothing).
INSERT INTO backfill_request (symbol, range_from, range_to, scope, interruption_id, requested_by, state,
                              next_attempt_at, created_at, updated_at)
VALUES (:symbol, :from, :to, :scope, :interruption_id, :requested_by, 'PENDING', :at, :at, :at)
ON CONFLICT DO NOTHING
RETURNING id
