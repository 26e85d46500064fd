-- Schwab's 1-minute candles stored as bars (origin SCHWAB_HISTORY), one statement for a whole answer: :rows is
-- a JSON array of {market, symbol, bucket_start, open, high, low, close, volume}. Inserted only where no bar
-- exists: a bar built from trades is never overwritten (and one arriving later replaces this one,
-- sql/upsert-bars-1m.sql). A candle has no trade count, no VWAP and no times of its extremes: tick_count 0,
-- vwap NULL with zero VWAP parts (a session's VWAP stays the exact one of its traded minutes), high_at and
-- low_at the minute's start. Returns the rows written, for the figures and the exit seda:bars.
INSERT INTO intraday_bar_1m (market, symbol, bucket_start, open, high, low, close, volume, tick_count, vwap, revision,
                             high_at, low_at, price_volume, vwap_volume, origin)
SELECT r.market, r.symbol, r.bucket_start, r.open, r.high, r.low, r.close, r.volume, 0, NULL, 0,
       r.bucket_start, r.bucket_start, 0, 0, 'SCHWAB_HISTORY'
  FROM json_to_recordset(CAST(:rows AS json))
       AS r(market text, symbol text, bucket_start timestamptz, open numeric, high numeric, low numeric,
            close numeric, volume bigint)
ON CONFLICT (market, symbol, bucket_start) DO NOTHING
RETURNING market, symbol, bucket_start, open, high, low, close, volume, tick_count, vwap, revision, origin, high_at, low_at
