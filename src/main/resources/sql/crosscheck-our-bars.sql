-- Our bars of a symbol for one minute, in every market that has one (the cross-check compares each).
SELECT market, open, high, low, close, volume, origin
  FROM intraday_bar_1m
 WHERE symbol = :symbol AND bucket_start = :minute
