-- A disagreement, stored for the operator (never applied to the bar). Returns whether it is new, so the
-- metric counts each minute once however often Schwab resends it.
INSERT INTO bar_mismatch (market, symbol, bucket_start, fields, ours, theirs, found_at)
VALUES (:market, :symbol, :minute, :fields, CAST(:ours AS jsonb), CAST(:theirs AS jsonb), :at)
ON CONFLICT (market, symbol, bucket_start) DO UPDATE
   SET fields = EXCLUDED.fields, ours = EXCLUDED.ours, theirs = EXCLUDED.theirs, found_at = EXCLUDED.found_at
RETURNING (xmax = 0) AS inserted
