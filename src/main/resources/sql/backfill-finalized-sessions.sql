-- A market's finalized sessions that closed after :after, oldest first: those a backfill of bars from :after
-- on may change (and each one's successor, whose previous close it is).
SELECT session_date FROM session_finalized WHERE market = :market AND closed_at > :after ORDER BY closed_at
