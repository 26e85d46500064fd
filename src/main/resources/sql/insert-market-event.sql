-- A market clock event, written once per (market, type, at): a restart or a second instance that reaches
-- the same transition inserts nothing and gets no id back, so only the first writer publishes the event.
INSERT INTO market_event (market, type, at, session_date)
VALUES (:#${body.market}, :#${body.type.name}, :#${body.atTimestamp}, :#${body.sessionDate})
ON CONFLICT (market, type, at) DO NOTHING
RETURNING id
