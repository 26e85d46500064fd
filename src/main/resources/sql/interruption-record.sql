-- A finished interruption found after the fact (the app was down from its last heartbeat to its restart).
-- The same start recorded again (a second instance starting at the same time) is a no-op.
INSERT INTO feed_interruption (source, symbol, started_at, ended_at, reason)
VALUES (:source, :symbol, :from, :to, :reason)
ON CONFLICT DO NOTHING
