-- A source (or one of its symbols) stops delivering. Idempotent: while one is open for the same source and
-- symbol, or the same start is already recorded, nothing is added (the first start stands).
INSERT INTO feed_interruption (source, symbol, started_at, reason)
VALUES (:source, :symbol, :at, :reason)
ON CONFLICT DO NOTHING
