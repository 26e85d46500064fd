-- Rolling 24 hours per symbol: the bars with bucket_start in [:from, :to), a window of 1,440 minutes ending
-- at :to. Cost: one primary-key range scan per symbol (at most 1,440 rows each), run per market after each
-- flush batch (for the batch's symbols), per snapshot and at each close.
SELECT symbol,
       (array_agg(open ORDER BY bucket_start))[1]        AS open,
       max(high)                                         AS high,
       min(low)                                          AS low,
       (array_agg(close ORDER BY bucket_start DESC))[1]  AS close,
       sum(volume)                                       AS volume
  FROM intraday_bar_1m
 WHERE market = :#market AND symbol IN (:#in:symbols) AND bucket_start >= :#from AND bucket_start < :#to
 GROUP BY symbol
