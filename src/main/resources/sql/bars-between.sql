-- The stored 1-minute bars of one market and symbol in [from, to), oldest first (GET /api/bars).
SELECT bucket_start, open, high, low, close, volume, tick_count, vwap, revision, origin
  FROM intraday_bar_1m
 WHERE market = ? AND symbol = ? AND bucket_start >= ? AND bucket_start < ?
 ORDER BY bucket_start
 LIMIT ?
