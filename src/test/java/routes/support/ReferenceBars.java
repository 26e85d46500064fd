package routes.support;

import routes.livedata.Tick;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Bars computed straight from a tape (of source updates or of trades), independently of the engine, keyed "MARKET SYMBOL bucket-start". */
public final class ReferenceBars {

    private ReferenceBars() {
    }

    /** The tape's bars on one market that is always open and lists every symbol of the tape. */
    public static Map<String, Map<String, Object>> alwaysOpen(String market, List<Tick> tape) {
        Map<String, List<String>> listing = new HashMap<>();
        for (Tick t : tape) {
            listing.put(t.symbol(), List.of(market));
        }
        return of(tape, Map.of(market, new Instant[]{Instant.MIN, Instant.MAX}), listing);
    }

    /** The bars of CONTRACT §6 from source updates: the trades among them (§5), then their bars. */
    public static Map<String, Map<String, Object>> of(List<Tick> tape, Map<String, Instant[]> open,
                                                      Map<String, List<String>> listing) {
        return ofTrades(ReferenceTrades.of(tape), open, listing);
    }

    /** The trades' bars on one market that is always open and lists every symbol. */
    public static Map<String, Map<String, Object>> alwaysOpenTrades(String market, List<ReferenceTrades.Trade> trades) {
        Map<String, List<String>> listing = new HashMap<>();
        for (ReferenceTrades.Trade t : trades) {
            listing.put(t.symbol(), List.of(market));
        }
        return ofTrades(trades, Map.of(market, new Instant[]{Instant.MIN, Instant.MAX}), listing);
    }

    /**
     * The bars of CONTRACT §6 from trades in arrival order: open/close the trades with the earliest/latest time,
     * volume the sum of sizes, and a trade counts for each market listing its symbol whose session holds its time.
     */
    public static Map<String, Map<String, Object>> ofTrades(List<ReferenceTrades.Trade> trades, Map<String, Instant[]> open,
                                                            Map<String, List<String>> listing) {
        Map<String, Map<String, Object>> bars = new TreeMap<>();
        Map<String, BigDecimal> pv = new HashMap<>();
        Map<String, Long> q = new HashMap<>();
        Map<String, long[]> firstLast = new HashMap<>(); // key -> {open time, close time}
        for (ReferenceTrades.Trade t : trades) {
            long ts = t.ts().toEpochMilli();
            long inc = t.size();
            BigDecimal price = t.price();
            for (String market : listing.get(t.symbol())) {
                Instant[] w = open.get(market);
                if (t.ts().isBefore(w[0]) || !t.ts().isBefore(w[1])) {
                    continue;
                }
                Instant bucket = Instant.ofEpochMilli(Math.floorDiv(ts, 60_000L) * 60_000L);
                String key = market + " " + t.symbol() + " " + bucket;
                Map<String, Object> b = bars.get(key);
                if (b == null) {
                    b = new HashMap<>(Map.of("open", price, "high", price, "low", price, "close", price,
                            "volume", 0L, "ticks", 0));
                    bars.put(key, b);
                    firstLast.put(key, new long[]{ts, ts});
                }
                long[] fl = firstLast.get(key);
                if (ts < fl[0]) {
                    b.put("open", price);
                    fl[0] = ts;
                }
                if (ts >= fl[1]) {
                    b.put("close", price);
                    fl[1] = ts;
                }
                b.put("high", price.max((BigDecimal) b.get("high")));
                b.put("low", price.min((BigDecimal) b.get("low")));
                b.put("volume", (Long) b.get("volume") + inc);
                b.put("ticks", (Integer) b.get("ticks") + 1);
                pv.merge(key, price.multiply(BigDecimal.valueOf(inc)), BigDecimal::add);
                q.merge(key, inc, Long::sum);
            }
        }
        bars.forEach((k, b) -> b.put("vwap", q.get(k) == 0 ? null
                : pv.get(k).divide(BigDecimal.valueOf(q.get(k)), new MathContext(20, RoundingMode.HALF_EVEN))));
        return bars;
    }

}
