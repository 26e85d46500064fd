-- Per local trading day of the market (:zone) in [:from, :to): minutes compared and minutes that agreed.
SELECT CAST(bucket_start AT TIME ZONE :zone AS date) AS day, count(*) AS checked,
       count(*) FILTER (WHERE agrees) AS agreed
  FROM bar_check
 WHERE market = :market AND symbol = :symbol AND bucket_start >= :from AND bucket_start < :to
 GROUP BY 1
 ORDER BY 1
