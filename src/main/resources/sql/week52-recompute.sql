-- A market's 52-week highs and lows recomputed from history as of :now (window from :from): the final
-- session rows (their high/low and when each was set), plus the bars no final row covers yet (after the
-- newest finalized session, or before the first one). The earliest time wins a tie. A row is written only
-- when it changes, or on the nightly :checkpoint; a symbol with nothing left in the window loses its row.
-- Cost: the market's session rows of 52 weeks plus the bars of its unfinalized sessions.
WITH finalized AS (
    SELECT min(opened_at) AS first_open, max(closed_at) AS last_close
      FROM session_finalized WHERE market = :#market
), history AS (
    SELECT symbol, high, high_at, low, low_at
      FROM market_session
     WHERE market = :#market AND closed_at > CAST(:#from AS timestamptz)
    UNION ALL
    SELECT b.symbol, b.high, b.high_at, b.low, b.low_at
      FROM intraday_bar_1m b, finalized f
     WHERE b.market = :#market AND b.bucket_start >= date_trunc('minute', CAST(:#from AS timestamptz))
       AND (f.last_close IS NULL OR b.bucket_start >= f.last_close OR b.bucket_start < f.first_open)
), highs AS (
    SELECT DISTINCT ON (symbol) symbol, high, high_at
      FROM history WHERE high_at >= CAST(:#from AS timestamptz)
     ORDER BY symbol, high DESC, high_at
), lows AS (
    SELECT DISTINCT ON (symbol) symbol, low, low_at
      FROM history WHERE low_at >= CAST(:#from AS timestamptz)
     ORDER BY symbol, low, low_at
), best AS (
    SELECT COALESCE(h.symbol, l.symbol) AS symbol, h.high, h.high_at, l.low, l.low_at
      FROM highs h FULL JOIN lows l ON l.symbol = h.symbol
), gone AS (
    DELETE FROM week52_extreme w
     WHERE w.market = :#market AND NOT EXISTS (SELECT 1 FROM best WHERE best.symbol = w.symbol)
)
INSERT INTO week52_extreme (market, symbol, high, high_at, low, low_at, updated_at)
SELECT :#market, symbol, high, high_at, low, low_at, CAST(:#now AS timestamptz) FROM best
ON CONFLICT (market, symbol) DO UPDATE
   SET high = EXCLUDED.high, high_at = EXCLUDED.high_at, low = EXCLUDED.low, low_at = EXCLUDED.low_at,
       updated_at = EXCLUDED.updated_at
 WHERE CAST(:#checkpoint AS boolean)
    OR (week52_extreme.high, week52_extreme.high_at, week52_extreme.low, week52_extreme.low_at)
       IS DISTINCT FROM (EXCLUDED.high, EXCLUDED.high_at, EXCLUDED.low, EXCLUDED.low_at)
