-- The latest verdict on one market, symbol and minute (a later chart message for the minute replaces it).
INSERT INTO bar_check (market, symbol, bucket_start, agrees, checked_at)
VALUES (:market, :symbol, :minute, :agrees, :at)
ON CONFLICT (market, symbol, bucket_start) DO UPDATE SET agrees = EXCLUDED.agrees, checked_at = EXCLUDED.checked_at
