-- A rolling 24-hour snapshot row; the same snapshot written again (restart, second instance) is a no-op.
INSERT INTO rolling_24h (market, symbol, as_of, open, high, low, close, volume, change, change_pct)
VALUES (:#market, :#symbol, :#as_of, :#open, :#high, :#low, :#close, :#volume, :#change,
        CAST(:#change_pct AS numeric))
ON CONFLICT (market, symbol, as_of) DO NOTHING
