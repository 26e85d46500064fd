package routes.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import routes.coverage.Coverage;
import routes.coverage.Interruptions;
import routes.coverage.OpenMinutes;
import routes.coverage.SqlFiles;
import routes.engine.figures.FigureUpdate;
import routes.engine.figures.Rolling24hSupervisor;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.TradingSession;
import routes.livedata.LiveDataProperties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Works one due backfill request per call (route {@code backfill-work}): finds the minutes to fill (open in
 * an enabled market listing the symbol, without a bar, inside the hours Schwab's history is known to hold
 * ({@link HistoryHours}), and, for scope INTERRUPTED, inside an interruption),
 * asks Schwab for their 1-minute candles within the request budget, stores them as SCHWAB_HISTORY bars where
 * still no bar exists, and says which figures to recompute and which final session rows to write again.
 * A 429, a 5xx or no answer is retried with doubling backoff; a symbol Schwab does not serve is recorded
 * once as unsupported; anything else fails the request with Schwab's reason.
 */
@Component("backfillWorker")
public class BackfillWorker {

    private static final Logger log = LoggerFactory.getLogger(BackfillWorker.class);

    /** A finalized session whose row is to be written again for these symbols (route backfill-revise-session). */
    public record Revision(TradingSession session, List<String> symbols) {
    }

    /**
     * What one run did: the request, its state after, the bars filled (rows of {@code intraday_bar_1m}, for
     * whoever publishes stored bars, CONTRACT §8 {@code seda:bars}), and what follows from them.
     */
    public record Outcome(long requestId, String state, int filled, List<Map<String, Object>> bars,
                          List<Revision> revisions, List<Rolling24hSupervisor.Revision> rollingRevisions,
                          List<FigureUpdate> figureUpdates) {
    }

    /** What the health indicator shows. */
    public record Status(long pending, long failed, long unsupported, long barsFilled, Instant lastFilledAt,
                         String lastError, Instant lastErrorAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final GlobalMarkets markets;
    private final Interruptions interruptions;
    private final PriceHistoryClient client;
    private final BackfillProperties props;
    private final Clock clock;
    private final RequestBudget budget;
    private final MeterRegistry meters;
    private final HistoryHours hours;
    private final Counter outsideHistory;
    private final Set<String> supported = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json = new ObjectMapper();

    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong unsupported = new AtomicLong();
    private final Counter barsFilled;
    private volatile Instant lastFilledAt;
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    public BackfillWorker(NamedParameterJdbcTemplate jdbc, GlobalMarkets markets, Interruptions interruptions,
                          PriceHistoryClient client, BackfillProperties props, HistoryHours hours, Clock clock,
                          MeterRegistry meters) {
        this.jdbc = jdbc;
        this.markets = markets;
        this.interruptions = interruptions;
        this.client = client;
        this.props = props;
        this.clock = clock;
        this.meters = meters;
        this.budget = new RequestBudget(props.requestsPerMinute(), clock);
        this.hours = hours;
        this.outsideHistory = Counter.builder("thor.backfill.minutes.outside.history")
                .description("Minutes to fill not asked for: outside the hours Schwab's 1-minute history holds "
                        + "(thor.livedata.schwab.backfill.equity-history-hours); counted each time a request is worked").register(meters);
        this.barsFilled = Counter.builder("thor.backfill.bars.filled")
                .description("Bars stored from Schwab's 1-minute history (origin SCHWAB_HISTORY)").register(meters);
        Gauge.builder("thor.backfill.requests.pending", pending, AtomicLong::get)
                .description("Backfill requests waiting for their turn or their retry").register(meters);
        Gauge.builder("thor.backfill.requests.failed", failed, AtomicLong::get)
                .description("Backfill requests given up (see /api/backfill and the log)").register(meters);
        Gauge.builder("thor.backfill.symbols.unsupported", unsupported, AtomicLong::get)
                .description("Symbols whose history Schwab does not serve").register(meters);
    }

    /** Schwab's name of a bar symbol: a configured future gets its '/', anything else is asked as it is. */
    public String schwabSymbol(String symbol) {
        return hours.schwabSymbol(symbol);
    }

    public Status status() {
        return new Status(pending.get(), failed.get(), unsupported.get(), (long) barsFilled.count(), lastFilledAt,
                lastError, lastErrorAt);
    }

    /** Works the next due request, or returns null when none is due. */
    public Outcome next() {
        Instant now = clock.instant();
        refreshCounts();
        List<BackfillRequest> due = jdbc.query(SqlFiles.get("backfill-due-request.sql"),
                new MapSqlParameterSource("now", BackfillPlanner.ts(now)), (rs, i) -> BackfillRequest.of(rs));
        if (due.isEmpty()) {
            return null;
        }
        Outcome o = work(due.get(0), now);
        refreshCounts();
        return o;
    }

    private Outcome work(BackfillRequest r, Instant now) {
        Instant settledUntil = r.to().plus(props.settle());
        if (settledUntil.isAfter(now)) {
            // the engine may still write bars of these minutes from trades: come back when it cannot
            return save(r, BackfillRequest.PENDING, r.attempts(), settledUntil, 0, r.lastError(), now, List.of());
        }
        Map<String, BitSet> targets = targets(r, now);
        BitSet any = new BitSet();
        targets.values().forEach(any::or);
        if (any.isEmpty()) {
            return save(r, BackfillRequest.DONE, r.attempts(), now, 0, null, now, List.of());
        }
        String schwab = schwabSymbol(r.symbol());
        List<Map<String, Object>> inserted = new ArrayList<>();
        boolean sawCandles = false;
        long spanMinutes = Math.max(1, props.requestSpan().toMinutes());
        int first = any.nextSetBit(0);
        int last = any.length() - 1;
        for (int start = first; start >= 0 && start <= last; start = any.nextSetBit(start)) {
            int end = (int) Math.min(last + 1L, start + spanMinutes);
            Instant chunkFrom = r.from().plusSeconds(60L * start);
            Instant chunkTo = r.from().plusSeconds(60L * end);
            Optional<Instant> wait = budget.take();
            if (wait.isPresent()) {
                return save(r, BackfillRequest.PENDING, r.attempts(), wait.get(), inserted.size(), r.lastError(), now, inserted);
            }
            PriceHistoryAnswer a = client.minutes(schwab, chunkFrom, chunkTo);
            call(a);
            if (a.ok() && a.symbol() != null && !a.symbol().equalsIgnoreCase(schwab)) {
                return unsupported(r, schwab, "Schwab answered for '" + a.symbol() + "' when asked for '" + schwab + "'",
                        now, inserted);
            }
            if (a.status() == 404) {
                return unsupported(r, schwab, "Schwab does not know it (" + a.error() + ")", now, inserted);
            }
            if (!a.ok()) {
                return failure(r, a, now, inserted);
            }
            sawCandles |= !a.candles().isEmpty();
            inserted.addAll(store(r, a.candles(), targets, chunkFrom, chunkTo));
            start = end;
        }
        if (!sawCandles && !supported.contains(r.symbol())) {
            Optional<Instant> wait = budget.take();
            if (wait.isPresent()) {
                return save(r, BackfillRequest.PENDING, r.attempts(), wait.get(), inserted.size(), r.lastError(), now, inserted);
            }
            PriceHistoryAnswer probe = client.recentMinutes(schwab);
            call(probe);
            if (probe.status() == 404 || (probe.ok() && probe.candles().isEmpty())) {
                return unsupported(r, schwab, "Schwab has no 1-minute candle of it in the last ten business days"
                        + (probe.ok() ? "" : " (" + probe.error() + ")"), now, inserted);
            }
            if (probe.ok()) {
                supported.add(r.symbol());
            }
        } else if (sawCandles) {
            supported.add(r.symbol());
        }
        return save(r, BackfillRequest.DONE, r.attempts(), now, inserted.size(), null, now, inserted);
    }

    /** Per market listing the symbol (enabled): the minutes of the request to fill, as offsets from its start. */
    private Map<String, BitSet> targets(BackfillRequest r, Instant now) {
        int count = (int) ((r.to().getEpochSecond() - r.from().getEpochSecond()) / 60);
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("symbol", r.symbol())
                .addValue("from", BackfillPlanner.ts(r.from())).addValue("to", BackfillPlanner.ts(r.to()));
        Map<String, BitSet> withBar = new HashMap<>();
        jdbc.query(SqlFiles.get("backfill-bar-minutes.sql"), p, rs -> {
            long i = (rs.getTimestamp("bucket_start").toInstant().getEpochSecond() - r.from().getEpochSecond()) / 60;
            withBar.computeIfAbsent(rs.getString("market"), k -> new BitSet()).set((int) i);
        });
        BitSet interrupted = BackfillPlanner.SCOPE_ALL.equals(r.scope()) ? null
                : Coverage.minutes(r.from(), count, interruptions.between(r.symbol(), r.from(), r.to()), now);
        BitSet servable = hours.servable(r.symbol(), r.from(), count);
        Map<String, BitSet> out = new LinkedHashMap<>();
        for (Market m : markets.catalog().listing(r.symbol())) {
            if (!m.enabled()) {
                continue;
            }
            BitSet t = OpenMinutes.of(m, r.from(), r.to());
            BitSet taken = withBar.get(m.id());
            if (taken != null) {
                t.andNot(taken);
            }
            if (interrupted != null) {
                t.and(interrupted);
            }
            int before = t.cardinality();
            t.and(servable); // Schwab's history has none of the others: NOT_IN_HISTORY without asking
            outsideHistory.increment(before - t.cardinality());
            if (!t.isEmpty()) {
                out.put(m.id(), t);
            }
        }
        return out;
    }

    /** The candles of target minutes inside {@code [from, to)} (Schwab answers whole days), stored per market. */
    private List<Map<String, Object>> store(BackfillRequest r, List<Candle> candles, Map<String, BitSet> targets,
                                           Instant from, Instant to) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Candle c : candles) {
            if (c.minute().isBefore(from) || !c.minute().isBefore(to) || c.minute().getEpochSecond() % 60 != 0) {
                continue;
            }
            int i = (int) ((c.minute().getEpochSecond() - r.from().getEpochSecond()) / 60);
            targets.forEach((market, t) -> {
                if (t.get(i)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("market", market);
                    row.put("symbol", r.symbol());
                    row.put("bucket_start", c.minute().toString());
                    row.put("open", c.open());
                    row.put("high", c.high());
                    row.put("low", c.low());
                    row.put("close", c.close());
                    row.put("volume", c.volume());
                    rows.add(row);
                }
            });
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        try {
            List<Map<String, Object>> written = jdbc.queryForList(SqlFiles.get("insert-history-bars.sql"),
                    new MapSqlParameterSource("rows", json.writeValueAsString(rows)));
            if (!written.isEmpty()) {
                barsFilled.increment(written.size());
                lastFilledAt = clock.instant();
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Outcome failure(BackfillRequest r, PriceHistoryAnswer a, Instant now, List<Map<String, Object>> inserted) {
        int attempts = r.attempts() + 1;
        noteError(r.symbol() + ": " + a.error(), now);
        boolean retry = (a.transientFailure() || a.status() == 401) && attempts < props.maxAttempts();
        if (!retry) {
            log.error("Backfill #{} of {} {} .. {} failed after {} attempts: {}", r.id(), r.symbol(), r.from(), r.to(),
                    attempts, a.error());
            return save(r, BackfillRequest.FAILED, attempts, now, inserted.size(), a.error(), now, inserted);
        }
        Duration wait = backoff(attempts);
        if (a.retryAfter() != null && a.retryAfter().compareTo(wait) > 0) {
            wait = a.retryAfter();
        }
        log.warn("Backfill #{} of {}: {}; attempt {} of {} again in {}", r.id(), r.symbol(), a.error(), attempts + 1,
                props.maxAttempts(), wait);
        return save(r, BackfillRequest.PENDING, attempts, now.plus(wait), inserted.size(), a.error(), now, inserted);
    }

    Duration backoff(int attempts) {
        Duration d = props.backoffMin();
        for (int i = 1; i < attempts && d.compareTo(props.backoffMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(props.backoffMax()) > 0 ? props.backoffMax() : d;
    }

    private Outcome unsupported(BackfillRequest r, String schwab, String reason, Instant now,
                                List<Map<String, Object>> inserted) {
        int first = jdbc.update(SqlFiles.get("backfill-unsupported-insert.sql"), new MapSqlParameterSource()
                .addValue("symbol", r.symbol()).addValue("schwab_symbol", schwab).addValue("reason", reason)
                .addValue("at", BackfillPlanner.ts(now)));
        if (first > 0) {
            log.warn("Backfill: Schwab does not serve the history of {} (asked as '{}'): {}. Its interruptions are "
                    + "no longer filled; an operator request (POST /api/backfill) still tries", r.symbol(), schwab, reason);
            noteError(r.symbol() + ": unsupported: " + reason, now);
        }
        return save(r, BackfillRequest.UNSUPPORTED, r.attempts() + 1, now, inserted.size(), reason, now, inserted);
    }

    private Outcome save(BackfillRequest r, String state, int attempts, Instant next, int filled, String error,
                         Instant now, List<Map<String, Object>> inserted) {
        jdbc.update(SqlFiles.get("backfill-update-request.sql"), new MapSqlParameterSource().addValue("id", r.id())
                .addValue("state", state).addValue("attempts", attempts).addValue("next_attempt_at", BackfillPlanner.ts(next))
                .addValue("filled", filled).addValue("last_error", error).addValue("at", BackfillPlanner.ts(now)));
        if (!BackfillRequest.PENDING.equals(state)) {
            Counter.builder("thor.backfill.requests").tag("outcome", state.toLowerCase())
                    .description("Backfill requests finished, by outcome").register(meters).increment();
            log.info("Backfill #{} of {} {} .. {}: {} ({} bars filled in all)", r.id(), r.symbol(), r.from(), r.to(),
                    state, r.barsFilled() + filled);
        }
        return new Outcome(r.id(), state, filled, List.copyOf(inserted), revisions(inserted),
                rollingRevisions(inserted), figureUpdates(inserted, now));
    }

    /** Per market of the stored bars: every finalized session from the first bar's on, for those symbols. */
    private List<Revision> revisions(List<Map<String, Object>> inserted) {
        List<Revision> out = new ArrayList<>();
        byMarket(inserted).forEach((marketId, rows) -> {
            Market m = markets.market(marketId).orElse(null);
            if (m == null || !captures(m)) {
                return;
            }
            Instant firstBar = rows.stream().map(BackfillWorker::bucket).min(Instant::compareTo).orElseThrow();
            List<String> symbols = rows.stream().map(x -> (String) x.get("symbol")).distinct().toList();
            for (Map<String, Object> f : jdbc.queryForList(SqlFiles.get("backfill-finalized-sessions.sql"),
                    new MapSqlParameterSource().addValue("market", marketId).addValue("after", BackfillPlanner.ts(firstBar)))) {
                LocalDate date = ((java.sql.Date) f.get("session_date")).toLocalDate();
                m.calendar().sessionOn(date).ifPresent(s -> out.add(new Revision(s, symbols)));
            }
        });
        return out;
    }

    /**
     * Per market of the stored bars: every rolling_24h snapshot already written whose window holds one of them,
     * to be written again for those symbols (the live figure in Redis is refreshed by {@link #figureUpdates}).
     */
    private List<Rolling24hSupervisor.Revision> rollingRevisions(List<Map<String, Object>> inserted) {
        List<Rolling24hSupervisor.Revision> out = new ArrayList<>();
        byMarket(inserted).forEach((marketId, rows) -> {
            if (markets.market(marketId).filter(BackfillWorker::captures).isEmpty()) {
                return;
            }
            Instant first = rows.stream().map(BackfillWorker::bucket).min(Instant::compareTo).orElseThrow();
            Instant last = rows.stream().map(BackfillWorker::bucket).max(Instant::compareTo).orElseThrow();
            List<String> symbols = rows.stream().map(x -> (String) x.get("symbol")).distinct().toList();
            for (java.sql.Timestamp asOf : jdbc.queryForList(SqlFiles.get("backfill-rolling-snapshots.sql"),
                    new MapSqlParameterSource().addValue("market", marketId).addValue("first", BackfillPlanner.ts(first))
                            .addValue("last_plus_window", BackfillPlanner.ts(last.plus(Rolling24hSupervisor.WINDOW))),
                    java.sql.Timestamp.class)) {
                out.add(new Rolling24hSupervisor.Revision(marketId, symbols, asOf.toInstant()));
            }
        });
        return out;
    }

    /** Per market of the stored bars: the live session state, rolling 24 hours and 52-week extremes again. */
    private List<FigureUpdate> figureUpdates(List<Map<String, Object>> inserted, Instant now) {
        List<FigureUpdate> out = new ArrayList<>();
        byMarket(inserted).forEach((marketId, rows) -> markets.market(marketId).filter(BackfillWorker::captures).ifPresent(m -> {
            List<String> symbols = rows.stream().map(x -> (String) x.get("symbol")).distinct().toList();
            TradingSession session = m.calendar().sessionSpanning(now).orElse(null);
            out.add(new FigureUpdate(m.id(), symbols, session, BackfillPlanner.floorMinute(now), List.of(),
                    FigureUpdate.Week52.RECOMPUTE));
        }));
        return out;
    }

    /** The markets whose session, 24-hour and 52-week figures the engine builds (SessionSupervisor's rule). */
    static boolean captures(Market m) {
        return m.enabled() && m.sessionCapture() && !m.symbols().isEmpty();
    }

    private static Map<String, List<Map<String, Object>>> byMarket(List<Map<String, Object>> rows) {
        Map<String, List<Map<String, Object>>> out = new TreeMap<>();
        for (Map<String, Object> r : rows) {
            out.computeIfAbsent((String) r.get("market"), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    private static Instant bucket(Map<String, Object> row) {
        Object v = row.get("bucket_start");
        return v instanceof java.sql.Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) v).toInstant();
    }

    private void call(PriceHistoryAnswer a) {
        Counter.builder("thor.backfill.calls").tag("status", Integer.toString(a.status()))
                .description("Calls to Schwab's price history, by HTTP status (0: no answer)").register(meters).increment();
    }

    private void noteError(String e, Instant at) {
        lastError = e;
        lastErrorAt = at;
    }

    private void refreshCounts() {
        Map<String, Object> c = jdbc.queryForMap(SqlFiles.get("backfill-request-counts.sql"), new MapSqlParameterSource());
        pending.set(((Number) c.get("pending")).longValue());
        failed.set(((Number) c.get("failed")).longValue());
        unsupported.set(((Number) c.get("unsupported")).longValue());
    }
}
