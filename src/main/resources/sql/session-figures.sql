-- One session's figures per symbol, from its stored bars: bucket_start in [:from, :to), where :from is the
-- minute that holds the open and :to the close. Exact by construction: open/close are the first/last bars'
-- open/close, VWAP comes from the summed parts Σ(last × volume) and Σ(volume), and an extreme's time is the
-- earliest bar time at that price. The previous close is the previous session row's close, or else the last
-- bar before the open. Used for the live session:{market}:{symbol}:state and for the final market_session
-- row. Cost: one primary-key range scan of the session's bars per symbol (at most 1,440 rows each).
SELECT b.symbol,
       (array_agg(b.open ORDER BY b.bucket_start))[1]             AS open,
       max(b.high)                                                AS high,
       (array_agg(b.high_at ORDER BY b.high DESC, b.high_at))[1]  AS high_at,
       min(b.low)                                                 AS low,
       (array_agg(b.low_at ORDER BY b.low, b.low_at))[1]          AS low_at,
       (array_agg(b.close ORDER BY b.bucket_start DESC))[1]       AS close,
       sum(b.volume)                                              AS volume,
       sum(b.price_volume)                                        AS price_volume,
       sum(b.vwap_volume)                                         AS vwap_volume,
       sum(b.tick_count)                                          AS tick_count,
       max(b.bucket_start)                                        AS last_bucket,
       COALESCE(
           (SELECT s.close FROM market_session s
             WHERE s.market = b.market AND s.symbol = b.symbol AND s.session_date < :#session_date
             ORDER BY s.session_date DESC LIMIT 1),
           (SELECT p.close FROM intraday_bar_1m p
             WHERE p.market = b.market AND p.symbol = b.symbol AND p.bucket_start < :#from
             ORDER BY p.bucket_start DESC LIMIT 1))               AS prev_close
  FROM intraday_bar_1m b
 WHERE b.market = :#market AND b.symbol IN (:#in:symbols)
   AND b.bucket_start >= :#from AND b.bucket_start < :#to
 GROUP BY b.market, b.symbol
