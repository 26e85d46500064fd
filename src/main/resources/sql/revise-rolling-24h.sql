-- A rolling_24h snapshot written again after a backfill added bars to its window: the row is what the snapshot
-- would have been with those bars there. A symbol without a row (nothing traded in the window while Thor
-- listened) gets one. Written only when a figure changed.
INSERT INTO rolling_24h (market, symbol, as_of, open, high, low, close, volume, change, change_pct)
VALUES (:#market, :#symbol, :#as_of, :#open, :#high, :#low, :#close, :#volume, :#change,
        CAST(:#change_pct AS numeric))
ON CONFLICT (market, symbol, as_of) DO UPDATE
   SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
       volume = EXCLUDED.volume, change = EXCLUDED.change, change_pct = EXCLUDED.change_pct
 WHERE (rolling_24h.open, rolling_24h.high, rolling_24h.low, rolling_24h.close, rolling_24h.volume)
       IS DISTINCT FROM (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume)
