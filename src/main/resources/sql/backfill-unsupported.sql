-- Every symbol whose history Schwab does not serve.
SELECT symbol, schwab_symbol, reason, found_at FROM backfill_unsupported ORDER BY symbol
