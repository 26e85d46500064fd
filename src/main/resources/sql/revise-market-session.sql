-- A final session row written again after a backfill added bars to its session (or to the one before, whose
-- close is its previous close). Written only when a figure changed; revision counts the rewrites. A symbol
-- that had no row (nothing traded while Thor listened) gets one, at revision 1.
INSERT INTO market_session (market, symbol, session_date, opened_at, closed_at, open, high, low, close, volume, vwap,
                            prev_close, change, change_pct, range, high_at, low_at, tick_count, revision)
VALUES (:#market, :#symbol, :#session_date, :#opened_at, :#closed_at, :#open, :#high, :#low, :#close, :#volume,
        CAST(:#vwap AS numeric), CAST(:#prev_close AS numeric), CAST(:#change AS numeric),
        CAST(:#change_pct AS numeric), :#range, CAST(:#high_at AS timestamptz), CAST(:#low_at AS timestamptz),
        :#tick_count, 1)
ON CONFLICT (market, symbol, session_date) DO UPDATE
   SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
       volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, prev_close = EXCLUDED.prev_close, change = EXCLUDED.change,
       change_pct = EXCLUDED.change_pct, range = EXCLUDED.range, high_at = EXCLUDED.high_at,
       low_at = EXCLUDED.low_at, tick_count = EXCLUDED.tick_count,
       revision = market_session.revision + 1, written_at = clock_timestamp()
 WHERE (market_session.open, market_session.high, market_session.low, market_session.close, market_session.volume,
        market_session.vwap, market_session.prev_close, market_session.change_pct, market_session.high_at,
        market_session.low_at)
       IS DISTINCT FROM
       (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume, EXCLUDED.vwap,
        EXCLUDED.prev_close, EXCLUDED.change_pct, EXCLUDED.high_at, EXCLUDED.low_at)
