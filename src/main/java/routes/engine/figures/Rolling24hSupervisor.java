package routes.engine.figures;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import routes.engine.EngineProperties;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.TradingSession;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rolling 24-hour supervisor: per market and symbol, the last 1,440 minutes of bars. Live in
 * {@code rolling:24h:{market}:{symbol}} (recomputed after each flush for the symbols that traded), and a
 * {@code rolling_24h} row every {@code thor.engine.rolling-24h.snapshot-interval} while the market is in a
 * session, and at each close. Snapshots are written once their window's bars are final, so a row is exact
 * and a restart writes the snapshots it missed (up to a day back).
 */
@Component("rolling24hSupervisor")
public class Rolling24hSupervisor {

    public static final String SNAPSHOT = "figureSnapshot";
    public static final Duration WINDOW = Duration.ofMinutes(1440);
    static final Duration MAX_CATCH_UP = Duration.ofDays(1);
    /** Per market: the epoch ms of the newest interval snapshot written. */
    static final String WRITTEN = "engine:rolling-24h:snapshots";

    private final StringRedisTemplate redis;
    private final GlobalMarkets markets;
    private final StoredBars stored;
    private final Clock clock;
    private final long intervalMs;

    /** A snapshot to write: the market's window ending at {@code asOf}; {@code scheduled} unless it is a close. */
    public record Snapshot(String market, Instant asOf, boolean scheduled) {
    }

    /** A snapshot already written, to be written again for these symbols (a backfill added bars to its window). */
    public record Revision(String market, List<String> symbols, Instant asOf) {
    }

    public Rolling24hSupervisor(StringRedisTemplate redis, GlobalMarkets markets, StoredBars stored, Clock clock,
                                EngineProperties props) {
        this.redis = redis;
        this.markets = markets;
        this.stored = stored;
        this.clock = clock;
        this.intervalMs = props.rolling24h().snapshotInterval().toMillis();
    }

    public static String liveKey(String market, String symbol) {
        return "rolling:24h:" + market + ":" + symbol;
    }

    /** Parameters of {@code sql/rolling-24h-figures.sql} for the update's symbols. */
    public Map<String, Object> liveQuery(@ExchangeProperty(FigureUpdates.UPDATE) FigureUpdate u) {
        return query(u.market(), u.symbols(), u.rollingAsOf());
    }

    public int storeLive(@Body List<Map<String, Object>> rows, @ExchangeProperty(FigureUpdates.UPDATE) FigureUpdate u) {
        Instant from = u.rollingAsOf().minus(WINDOW);
        Map<String, Map<String, String>> live = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            Rolling24hFigures f = Rolling24hFigures.of(row);
            live.put(liveKey(u.market(), f.symbol()), f.live(from, u.rollingAsOf()));
        }
        if (live.isEmpty()) {
            return 0;
        }
        Figures.replaceHashes(redis, live, List.of());
        return live.size();
    }

    /**
     * Interval snapshots due now, per capturing market: each multiple of the interval after the last one
     * written (at most a day back) whose bars are final and at which the market is in a session.
     */
    public List<Snapshot> dueSnapshots() {
        List<Snapshot> due = new ArrayList<>();
        Instant now = clock.instant();
        for (Market m : markets.markets()) {
            if (!SessionSupervisor.captures(m)) {
                continue;
            }
            Instant finalThrough = stored.finalThrough(m.id()).orElse(null);
            if (finalThrough == null) {
                continue;
            }
            long newest = Math.floorDiv(Math.min(finalThrough.toEpochMilli(), now.toEpochMilli()), intervalMs) * intervalMs;
            Object w = redis.opsForHash().get(WRITTEN, m.id());
            long written = w == null ? Long.MIN_VALUE : Long.parseLong(w.toString());
            long oldest = w == null ? newest : written + intervalMs;
            oldest = Math.max(oldest, Math.floorDiv(newest - MAX_CATCH_UP.toMillis(), intervalMs) * intervalMs);
            boolean any = false;
            for (long t = oldest; t <= newest; t += intervalMs) {
                if (m.calendar().sessionSpanning(Instant.ofEpochMilli(t)).isPresent()) {
                    due.add(new Snapshot(m.id(), Instant.ofEpochMilli(t), true));
                    any = true;
                }
            }
            if (!any && newest > written) {
                redis.opsForHash().put(WRITTEN, m.id(), Long.toString(newest)); // out of session up to here
            }
        }
        return due;
    }

    /** The snapshot at a session's close. */
    public Snapshot atClose(@ExchangeProperty(SessionSupervisor.SESSION) TradingSession s) {
        return new Snapshot(s.marketId(), s.close(), false);
    }

    /** Parameters of {@code sql/rolling-24h-figures.sql} for every symbol of the snapshot's market. */
    public Map<String, Object> snapshotQuery(@ExchangeProperty(SNAPSHOT) Snapshot s) {
        return query(s.market(), markets.market(s.market()).orElseThrow().symbols(), s.asOf());
    }

    /** Parameters of {@code sql/rolling-24h-figures.sql} for a revision (route backfill-revise-rolling-24h). */
    public Map<String, Object> revisionQuery(@Body Revision r, org.apache.camel.Exchange exchange) {
        exchange.setProperty(SNAPSHOT, new Snapshot(r.market(), r.asOf(), false));
        return query(r.market(), r.symbols(), r.asOf());
    }

    /** Parameters of {@code sql/insert-rolling-24h.sql} (and {@code sql/revise-rolling-24h.sql}). */
    public List<Map<String, Object>> snapshotRows(@Body List<Map<String, Object>> rows,
                                                  @ExchangeProperty(SNAPSHOT) Snapshot s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            out.add(Rolling24hFigures.of(row).row(s.market(), s.asOf()));
        }
        return out;
    }

    /** Remembers the newest interval snapshot written, so the next pass starts after it. */
    public void snapshotWritten(@ExchangeProperty(SNAPSHOT) Snapshot s) {
        if (s.scheduled()) {
            redis.opsForHash().put(WRITTEN, s.market(), Long.toString(s.asOf().toEpochMilli()));
        }
    }

    private static Map<String, Object> query(String market, List<String> symbols, Instant asOf) {
        Map<String, Object> q = new HashMap<>();
        q.put("market", market);
        q.put("symbols", symbols);
        q.put("from", Figures.timestamp(asOf.minus(WINDOW)));
        q.put("to", Figures.timestamp(asOf));
        return q;
    }
}
