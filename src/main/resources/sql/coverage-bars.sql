-- The stored bars of one market and symbol in [:from, :to), only what coverage needs: the minute and its origin.
SELECT bucket_start, origin
  FROM intraday_bar_1m
 WHERE market = :market AND symbol = :symbol AND bucket_start >= :from AND bucket_start < :to
