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

/** Bars computed straight from a tape, independently of the engine, keyed "MARKET SYMBOL bucket-start". */
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

    /**
     * The bars of CONTRACT §6 from the tape in arrival order: volume from increases of the cumulative volume
     * (a drop from a tick not older than the previous one is a reset; from an older tick it is stale), and a
     * tick counts for each market listing its symbol whose session holds the tick's time.
     */
    public static Map<String, Map<String, Object>> of(List<Tick> tape, Map<String, Instant[]> open,
                                                      Map<String, List<String>> listing) {
        Map<String, Map<String, Object>> bars = new TreeMap<>();
        ReferenceVolume volume = new ReferenceVolume();
        Map<String, BigDecimal> pv = new HashMap<>();
        Map<String, Long> q = new HashMap<>();
        Map<String, long[]> firstLast = new HashMap<>(); // key -> {open time, close time}
        for (Tick t : tape) {
            long ts = t.ts().toEpochMilli();
            long inc = volume.increase(t);
            if (t.last() == null) {
                continue;
            }
            for (String market : listing.get(t.symbol())) {
                Instant[] w = open.get(market);
                if (t.ts().isBefore(w[0]) || !t.ts().isBefore(w[1])) {
                    continue;
                }
                Instant bucket = Instant.ofEpochMilli(Math.floorDiv(ts, 60_000L) * 60_000L);
                String key = market + " " + t.symbol() + " " + bucket;
                Map<String, Object> b = bars.get(key);
                if (b == null) {
                    b = new HashMap<>(Map.of("open", t.last(), "high", t.last(), "low", t.last(), "close", t.last(),
                            "volume", 0L, "ticks", 0));
                    bars.put(key, b);
                    firstLast.put(key, new long[]{ts, ts});
                }
                long[] fl = firstLast.get(key);
                if (ts < fl[0]) {
                    b.put("open", t.last());
                    fl[0] = ts;
                }
                if (ts >= fl[1]) {
                    b.put("close", t.last());
                    fl[1] = ts;
                }
                b.put("high", t.last().max((BigDecimal) b.get("high")));
                b.put("low", t.last().min((BigDecimal) b.get("low")));
                b.put("volume", (Long) b.get("volume") + inc);
                b.put("ticks", (Integer) b.get("ticks") + 1);
                pv.merge(key, t.last().multiply(BigDecimal.valueOf(inc)), BigDecimal::add);
                q.merge(key, inc, Long::sum);
            }
        }
        bars.forEach((k, b) -> b.put("vwap", q.get(k) == 0 ? null
                : pv.get(k).divide(BigDecimal.valueOf(q.get(k)), new MathContext(20, RoundingMode.HALF_EVEN))));
        return bars;
    }

}
