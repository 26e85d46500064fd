package routes.engine.figures;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The 52-week supervisor: per market and symbol, the highest high and lowest low of the last 52 weeks and
 * when each was first reached. {@code week52_extreme} is the record and {@code week52:{market}:{symbol}} its
 * Redis mirror (the working copy new bars are compared with). Freshly stored bars raise an extreme only when
 * they beat it, and only then is a row written; history (final session rows plus bars not yet in one)
 * reseeds everything at startup, when an extreme has aged out of the window, and in the nightly checkpoint.
 */
@Component("week52Supervisor")
public class Week52Supervisor {

    static final Duration WINDOW = Duration.ofDays(7 * 52);
    static final String RESEED = "week52Reseed";

    private final StringRedisTemplate redis;
    private final GlobalMarkets markets;
    private final Clock clock;

    public Week52Supervisor(StringRedisTemplate redis, GlobalMarkets markets, Clock clock) {
        this.redis = redis;
        this.markets = markets;
        this.clock = clock;
    }

    public static String key(String market, String symbol) {
        return "week52:" + market + ":" + symbol;
    }

    /**
     * Parameters of {@code sql/week52-raise.sql}: per symbol of the stored bars, their highest high and lowest
     * low (earliest on a tie) where one beats the working copy. A symbol without a working copy (Redis lost
     * it, or the symbol is new) sets {@link #RESEED}: the market is recomputed from history instead, which
     * includes these bars.
     */
    public List<Map<String, Object>> raises(@ExchangeProperty(FigureUpdates.UPDATE) FigureUpdate u, Exchange exchange) {
        Map<String, Map<String, Object>> best = new LinkedHashMap<>();
        for (Map<String, Object> bar : u.bars()) {
            String symbol = (String) bar.get("symbol");
            Map<String, Object> b = best.get(symbol);
            if (b == null) {
                best.put(symbol, new HashMap<>(Map.of("high", bar.get("high"), "high_at", bar.get("high_at"),
                        "low", bar.get("low"), "low_at", bar.get("low_at"))));
                continue;
            }
            if (beats(bar, b, "high", 1)) {
                b.put("high", bar.get("high"));
                b.put("high_at", bar.get("high_at"));
            }
            if (beats(bar, b, "low", -1)) {
                b.put("low", bar.get("low"));
                b.put("low_at", bar.get("low_at"));
            }
        }
        List<String> symbols = new ArrayList<>(best.keySet());
        List<Object> copies = redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object execute(RedisOperations ops) throws DataAccessException {
                for (String s : symbols) {
                    ops.opsForHash().multiGet(key(u.market(), s), List.of("high", "low"));
                }
                return null;
            }
        });
        List<Map<String, Object>> out = new ArrayList<>();
        boolean reseed = false;
        for (int i = 0; i < symbols.size(); i++) {
            List<?> copy = (List<?>) copies.get(i);
            Map<String, Object> b = best.get(symbols.get(i));
            BigDecimal high = Figures.decimal(copy.get(0));
            BigDecimal low = Figures.decimal(copy.get(1));
            if (high == null && low == null) {
                reseed = true;
                continue;
            }
            boolean raise = high == null || ((BigDecimal) b.get("high")).compareTo(high) > 0
                    || low == null || ((BigDecimal) b.get("low")).compareTo(low) < 0;
            if (raise) {
                b.put("market", u.market());
                b.put("symbol", symbols.get(i));
                b.put("updated_at", Figures.timestamp(clock.instant()));
                out.add(b);
            }
        }
        exchange.setProperty(RESEED, reseed);
        return out;
    }

    /** True when the bar's extreme is beyond the best so far, or equal to it and reached earlier. */
    private static boolean beats(Map<String, Object> bar, Map<String, Object> best, String field, int direction) {
        int c = ((BigDecimal) bar.get(field)).compareTo((BigDecimal) best.get(field)) * direction;
        return c > 0 || (c == 0 && Figures.instant(bar.get(field + "_at")).isBefore(Figures.instant(best.get(field + "_at"))));
    }

    /** Parameters of {@code sql/week52-recompute.sql}. */
    public Map<String, Object> recomputeQuery(@ExchangeProperty(FigureUpdates.UPDATE) FigureUpdate u) {
        Instant now = clock.instant();
        Map<String, Object> q = new HashMap<>();
        q.put("market", u.market());
        q.put("from", Figures.timestamp(now.minus(WINDOW)));
        q.put("now", Figures.timestamp(now));
        q.put("checkpoint", u.week52() == FigureUpdate.Week52.CHECKPOINT);
        return q;
    }

    /** Parameters of {@code sql/week52-of-market.sql}. */
    public Map<String, Object> marketQuery(@ExchangeProperty(FigureUpdates.UPDATE) FigureUpdate u) {
        return Map.of("market", u.market());
    }

    /** Rewrites the market's Redis mirror from its stored rows; a symbol without a row loses its hash. */
    public int mirror(@Body List<Map<String, Object>> rows, @ExchangeProperty(FigureUpdates.UPDATE) FigureUpdate u) {
        Map<String, Map<String, String>> hashes = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            Map<String, String> h = new LinkedHashMap<>();
            SessionFigures.put(h, "high", Figures.decimal(r.get("high")));
            SessionFigures.put(h, "high_at", Figures.instant(r.get("high_at")));
            SessionFigures.put(h, "low", Figures.decimal(r.get("low")));
            SessionFigures.put(h, "low_at", Figures.instant(r.get("low_at")));
            hashes.put(key(u.market(), (String) r.get("symbol")), h);
        }
        Set<String> gone = new HashSet<>();
        markets.market(u.market()).ifPresent(m -> m.symbols().forEach(s -> gone.add(key(m.id(), s))));
        gone.removeAll(hashes.keySet());
        Figures.replaceHashes(redis, hashes, gone);
        return hashes.size();
    }

    /** Parameters of {@code sql/week52-aged-markets.sql}: the window's start now. */
    public Map<String, Object> agedQuery() {
        return Map.of("from", Figures.timestamp(clock.instant().minus(WINDOW)));
    }

    /** A recompute for each capturing market that holds an extreme from before the window. */
    public List<FigureUpdate> agedUpdates(@Body List<Map<String, Object>> rows) {
        List<FigureUpdate> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            markets.market((String) r.get("market")).filter(SessionSupervisor::captures)
                    .ifPresent(m -> out.add(recompute(m, FigureUpdate.Week52.RECOMPUTE)));
        }
        return out;
    }

    /** The nightly checkpoint: every capturing market recomputed, every row written. */
    public List<FigureUpdate> checkpointUpdates() {
        List<FigureUpdate> out = new ArrayList<>();
        for (Market m : markets.markets()) {
            if (SessionSupervisor.captures(m)) {
                out.add(recompute(m, FigureUpdate.Week52.CHECKPOINT));
            }
        }
        return out;
    }

    private static FigureUpdate recompute(Market m, FigureUpdate.Week52 kind) {
        return new FigureUpdate(m.id(), List.of(), null, null, List.of(), kind);
    }
}
