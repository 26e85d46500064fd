-- One row per market and local session date once that session's market_session rows (and its rolling_24h
-- row at the close) are written. The finalizer looks here instead of at market_session, because a session
-- in which nothing traded writes no market_session row and must still count as done.
CREATE TABLE session_finalized (
    market        text        NOT NULL,
    session_date  date        NOT NULL,
    opened_at     timestamptz NOT NULL,
    closed_at     timestamptz NOT NULL,
    symbols       integer     NOT NULL,           -- market_session rows the finalizer found to write
    finalized_at  timestamptz NOT NULL,
    PRIMARY KEY (market, session_date)
);
-- "the newest finalized session of a market" (52-week history: session rows before it, bars after it)
CREATE INDEX session_finalized_closed_idx ON session_finalized (market, closed_at);
