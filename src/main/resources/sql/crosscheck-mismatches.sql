-- The stored disagreements of a market and symbol in [:from, :to), oldest first, at most :limit.
SELECT bucket_start, fields, CAST(ours AS text) AS ours, CAST(theirs AS text) AS theirs, found_at
  FROM bar_mismatch
 WHERE market = :market AND symbol = :symbol AND bucket_start >= :from AND bucket_start < :to
 ORDER BY bucket_start
 LIMIT :limit
