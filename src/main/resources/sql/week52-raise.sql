-- New highs or lows from freshly stored bars. Only ever raises the high or lowers the low, so a stale
-- candidate (a second instance, a replayed batch) never undoes a better extreme; a row that would not
-- change is not written.
INSERT INTO week52_extreme (market, symbol, high, high_at, low, low_at, updated_at)
VALUES (:#market, :#symbol, :#high, :#high_at, :#low, :#low_at, :#updated_at)
ON CONFLICT (market, symbol) DO UPDATE
   SET high    = CASE WHEN week52_extreme.high IS NULL OR EXCLUDED.high > week52_extreme.high
                      THEN EXCLUDED.high ELSE week52_extreme.high END,
       high_at = CASE WHEN week52_extreme.high IS NULL OR EXCLUDED.high > week52_extreme.high
                      THEN EXCLUDED.high_at ELSE week52_extreme.high_at END,
       low     = CASE WHEN week52_extreme.low IS NULL OR EXCLUDED.low < week52_extreme.low
                      THEN EXCLUDED.low ELSE week52_extreme.low END,
       low_at  = CASE WHEN week52_extreme.low IS NULL OR EXCLUDED.low < week52_extreme.low
                      THEN EXCLUDED.low_at ELSE week52_extreme.low_at END,
       updated_at = EXCLUDED.updated_at
 WHERE week52_extreme.high IS NULL OR EXCLUDED.high > week52_extreme.high
    OR week52_extreme.low IS NULL OR EXCLUDED.low < week52_extreme.low
