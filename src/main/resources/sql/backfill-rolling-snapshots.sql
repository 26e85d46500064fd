-- The times of a market's rolling_24h snapshots whose 1,440-minute window [as_of - 24 h, as_of) holds a minute
-- from :first to :last: those a backfill of bars in that span changes. Oldest first.
SELECT DISTINCT as_of FROM rolling_24h
 WHERE market = :market AND as_of > :first AND as_of <= :last_plus_window
 ORDER BY as_of
