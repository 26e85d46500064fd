package routes.engine.figures;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import routes.engine.EngineProperties;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketCalendar;
import routes.globalmarkets.calendar.TradingSession;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The session supervisor: the running figures of the session in {@code session:{market}:{symbol}:state},
 * and one final {@code market_session} row per symbol once the session's bars are final (see
 * {@link StoredBars}). Both are folded from the session's stored bars by the same SQL, so a restart, a
 * replayed batch or an app that was down at the close changes nothing: the figures are recomputed, the row
 * is inserted once by key. Only markets that are enabled and have {@code session-capture} on are followed.
 */
@Component("sessionSupervisor")
public class SessionSupervisor {

    private static final Logger log = LoggerFactory.getLogger(SessionSupervisor.class);
    public static final String SESSION = "figureSession";
    static final String FOUND = "figureSessionSymbols";

    private final StringRedisTemplate redis;
    private final GlobalMarkets markets;
    private final StoredBars stored;
    private final Clock clock;
    private final Duration lookback;

    public SessionSupervisor(StringRedisTemplate redis, GlobalMarkets markets, StoredBars stored, Clock clock,
                             EngineProperties props) {
        this.redis = redis;
        this.markets = markets;
        this.stored = stored;
        this.clock = clock;
        this.lookback = props.figures().lookback();
    }

    public static String stateKey(String market, String symbol) {
        return "session:" + market + ":" + symbol + ":state";
    }

    /** Markets whose session, 24-hour and 52-week figures are built. */
    static boolean captures(Market m) {
        return m.enabled() && m.sessionCapture() && !m.symbols().isEmpty();
    }

    /** Parameters of {@code sql/session-figures.sql} for the update's session and symbols. */
    public Map<String, Object> stateQuery(@ExchangeProperty(FigureUpdates.UPDATE) FigureUpdate u) {
        return query(u.market(), u.session(), u.symbols());
    }

    /** Replaces each symbol's state hash with the recomputed figures, all in one transaction. */
    public int storeState(@Body List<Map<String, Object>> rows, @ExchangeProperty(FigureUpdates.UPDATE) FigureUpdate u) {
        TradingSession s = u.session();
        Map<String, Map<String, String>> states = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            SessionFigures f = SessionFigures.of(row);
            states.put(stateKey(u.market(), f.symbol()), f.state(s.date().toString(), s.open(), s.close()));
        }
        if (states.isEmpty()) {
            return 0;
        }
        Figures.replaceHashes(redis, states, List.of()); // a field of the previous session (vwap, prev_close) must not linger
        return states.size();
    }

    /** Parameters of {@code sql/session-finalized-since.sql}: the finalizer's look-back. */
    public Map<String, Object> finalizedSinceQuery() {
        return Map.of("since", Figures.timestamp(clock.instant().minus(lookback)));
    }

    /**
     * Closed sessions of capturing markets within the look-back whose bars are final and that are not yet
     * finalized, oldest close first (so each finds its predecessor's row for the previous close).
     */
    public List<TradingSession> dueSessions(@Body List<Map<String, Object>> finalized) {
        Set<String> done = new HashSet<>();
        for (Map<String, Object> r : finalized) {
            done.add(r.get("market") + "|" + Figures.date(r.get("session_date")));
        }
        Instant now = clock.instant();
        Instant since = now.minus(lookback);
        List<TradingSession> due = new ArrayList<>();
        for (Market m : markets.markets()) {
            if (!captures(m)) {
                continue;
            }
            Instant finalThrough = stored.finalThrough(m.id()).orElse(null);
            if (finalThrough == null) {
                continue;
            }
            for (TradingSession s : sessionsBetween(m.calendar(), since, now)) {
                if (s.close().isAfter(since) && !s.close().isAfter(now)
                        && !Figures.ceilMinute(s.close()).isAfter(finalThrough)
                        && !done.contains(m.id() + "|" + s.date())) {
                    due.add(s);
                }
            }
        }
        due.sort(Comparator.comparing(TradingSession::close).thenComparing(TradingSession::marketId));
        return due;
    }

    /** Sessions whose trade date could hold a close in {@code (from, to]}, within the calendar's validity. */
    static List<TradingSession> sessionsBetween(MarketCalendar c, Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, c.zone()).minusDays(1);
        LocalDate last = LocalDate.ofInstant(to, c.zone()).plusDays(1);
        if (first.isBefore(c.validFrom())) {
            first = c.validFrom();
        }
        if (last.isAfter(c.validTo())) {
            last = c.validTo();
        }
        return first.isAfter(last) ? List.of() : c.sessions(first, last);
    }

    /** Parameters of {@code sql/session-figures.sql} for every symbol of the session's market. */
    public Map<String, Object> finalQuery(@ExchangeProperty(SESSION) TradingSession s) {
        Market m = markets.market(s.marketId()).orElseThrow();
        return query(m.id(), s, m.symbols());
    }

    /** The final rows (parameters of {@code sql/insert-market-session.sql}) of the symbols that traded. */
    public List<Map<String, Object>> finalRows(@Body List<Map<String, Object>> rows,
                                               @ExchangeProperty(SESSION) TradingSession s, Exchange exchange) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            out.add(SessionFigures.of(row).finalRow(s.marketId(), s.date(), s.open(), s.close()));
        }
        exchange.setProperty(FOUND, out.size());
        return out;
    }

    /** Parameters of {@code sql/insert-session-finalized.sql}, the mark that the session is done. */
    public Map<String, Object> finalizedRow(@ExchangeProperty(SESSION) TradingSession s,
                                            @ExchangeProperty(FOUND) Integer symbols) {
        log.info("Session {} {} ({} .. {}) finalized: {} symbols", s.marketId(), s.date(), s.open(), s.close(), symbols);
        Map<String, Object> r = new HashMap<>();
        r.put("market", s.marketId());
        r.put("session_date", s.date());
        r.put("opened_at", Figures.timestamp(s.open()));
        r.put("closed_at", Figures.timestamp(s.close()));
        r.put("symbols", symbols == null ? 0 : symbols);
        r.put("finalized_at", Figures.timestamp(clock.instant()));
        return r;
    }

    /** A session's bars start with the minute that holds its open (a mid-minute open's first bar). */
    private static Map<String, Object> query(String market, TradingSession s, List<String> symbols) {
        Map<String, Object> q = new HashMap<>();
        q.put("market", market);
        q.put("symbols", symbols);
        q.put("session_date", s.date());
        q.put("from", Figures.timestamp(Figures.floorMinute(s.open())));
        q.put("to", Figures.timestamp(s.close()));
        return q;
    }
}
