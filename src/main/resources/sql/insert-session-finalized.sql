-- Marks a session done once its rows are written (rows first: a crash between the two only repeats
-- inserts that the keys turn into no-ops).
INSERT INTO session_finalized (market, session_date, opened_at, closed_at, symbols, finalized_at)
VALUES (:#market, :#session_date, :#opened_at, :#closed_at, :#symbols, :#finalized_at)
ON CONFLICT (market, session_date) DO NOTHING
