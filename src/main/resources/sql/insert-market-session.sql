-- A session's final row, written once: a second finalizer (a restart, another instance) inserts nothing.
INSERT INTO market_session (market, symbol, session_date, opened_at, closed_at, open, high, low, close, volume, vwap,
                            prev_close, change, change_pct, range, high_at, low_at, tick_count)
VALUES (:#market, :#symbol, :#session_date, :#opened_at, :#closed_at, :#open, :#high, :#low, :#close, :#volume,
        CAST(:#vwap AS numeric), CAST(:#prev_close AS numeric), CAST(:#change AS numeric),
        CAST(:#change_pct AS numeric), :#range, CAST(:#high_at AS timestamptz), CAST(:#low_at AS timestamptz),
        :#tick_count)
ON CONFLICT (market, symbol, session_date) DO NOTHING
