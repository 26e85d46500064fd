-- A closed 1-minute bar, written as a whole: a replay or a late-tick revision replaces the row with the
-- recomputed bar (never adds to it). Parameters come from BarQueue rows; camel-sql binds them.
INSERT INTO intraday_bar_1m (market, symbol, bucket_start, open, high, low, close, volume, tick_count, vwap, revision,
                             high_at, low_at, price_volume, vwap_volume)
VALUES (:#market, :#symbol, :#bucket_start, :#open, :#high, :#low, :#close, :#volume, :#tick_count,
        CAST(:#vwap AS numeric), :#revision, CAST(:#high_at AS timestamptz), CAST(:#low_at AS timestamptz), :#price_volume, :#vwap_volume)
ON CONFLICT (market, symbol, bucket_start) DO UPDATE
   SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
       volume = EXCLUDED.volume, tick_count = EXCLUDED.tick_count, vwap = EXCLUDED.vwap,
       high_at = EXCLUDED.high_at, low_at = EXCLUDED.low_at, price_volume = EXCLUDED.price_volume,
       vwap_volume = EXCLUDED.vwap_volume,
       revision = GREATEST(intraday_bar_1m.revision, EXCLUDED.revision), written_at = clock_timestamp()
