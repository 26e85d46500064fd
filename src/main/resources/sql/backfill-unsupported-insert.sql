-- A symbol whose history Schwab does not serve; only the first finding is kept (and reported).
INSERT INTO backfill_unsupported (symbol, schwab_symbol, reason, found_at)
VALUES (:symbol, :schwab_symbol, :reason, :at)
ON CONFLICT (symbol) DO NOTHING
