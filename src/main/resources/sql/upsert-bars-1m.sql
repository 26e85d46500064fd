-- Closed 1-minute bars, a whole flush in one statement: each parameter is one column of the batch as a text
-- array (BarQueue.columns), unnest turns them back into rows. One statement instead of one bound row per bar
-- is what lets 10,000 bars land within a second of their close. A bar is written whole: a replay or a
-- late-tick revision replaces the row with the recomputed bar (never adds to it). A bar built from trades always
-- wins: it replaces a SCHWAB_HISTORY bar filled in while the minute's trades were still on their way (origin).
INSERT INTO intraday_bar_1m (market, symbol, bucket_start, open, high, low, close, volume, tick_count, vwap, revision,
                             high_at, low_at, price_volume, vwap_volume)
SELECT * FROM unnest(CAST(:#market AS text[]), CAST(:#symbol AS text[]), CAST(:#bucket_start AS timestamptz[]),
                     CAST(:#open AS numeric[]), CAST(:#high AS numeric[]), CAST(:#low AS numeric[]),
                     CAST(:#close AS numeric[]), CAST(:#volume AS bigint[]), CAST(:#tick_count AS int[]),
                     CAST(:#vwap AS numeric[]), CAST(:#revision AS int[]), CAST(:#high_at AS timestamptz[]),
                     CAST(:#low_at AS timestamptz[]), CAST(:#price_volume AS numeric[]), CAST(:#vwap_volume AS bigint[]))
ON CONFLICT (market, symbol, bucket_start) DO UPDATE
   SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
       volume = EXCLUDED.volume, tick_count = EXCLUDED.tick_count, vwap = EXCLUDED.vwap,
       high_at = EXCLUDED.high_at, low_at = EXCLUDED.low_at, price_volume = EXCLUDED.price_volume,
       vwap_volume = EXCLUDED.vwap_volume, origin = 'TRADES',
       revision = GREATEST(intraday_bar_1m.revision, EXCLUDED.revision), written_at = clock_timestamp()
