-- A minute that agrees now (a corrected chart message) holds no disagreement any more.
DELETE FROM bar_mismatch WHERE market = :market AND symbol = :symbol AND bucket_start = :minute
