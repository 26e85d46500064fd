-- The minutes of a symbol in [:from, :to) that already hold a bar, per market (of any origin: a backfill
-- never writes over a bar).
SELECT market, bucket_start
  FROM intraday_bar_1m
 WHERE symbol = :symbol AND bucket_start >= :from AND bucket_start < :to
