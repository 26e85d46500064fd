package routes.livedata;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One quote update as every source publishes it (CONTRACT §5). Prices are exact decimals; a field the
 * source did not know is null and is left out of Redis, never written as zero.
 *
 * @param volume the cumulative volume of the day, as the feed reports it
 * @param tradeTime the time of the last trade as the feed reports it (Schwab's trade time), null when unknown;
 *                  with the last price it tells a trade of an instrument without volume (an index)
 */
public record Tick(String symbol, Instant ts, String source,
                   BigDecimal last, BigDecimal bid, BigDecimal ask, Long bidSize, Long askSize, Long volume,
                   BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal prevClose, BigDecimal netChange,
                   Instant tradeTime) {

    public static final String SOURCE_TOS = "TOS";
    public static final String SOURCE_SCHWAB = "SCHWAB";
    public static final String SOURCE_DEMO = "DEMO";

    /** A tick without a trade time (the file export, the demo feed). */
    public Tick(String symbol, Instant ts, String source,
                BigDecimal last, BigDecimal bid, BigDecimal ask, Long bidSize, Long askSize, Long volume,
                BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal prevClose, BigDecimal netChange) {
        this(symbol, ts, source, last, bid, ask, bidSize, askSize, volume, open, high, low, prevClose, netChange, null);
    }

    public Tick {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("a tick needs a symbol");
        }
        if (ts == null) {
            throw new IllegalArgumentException("tick " + symbol + " needs a time");
        }
    }

    /** The Redis field map: the hash {@code tick:{symbol}} and one {@code ticks} stream entry. */
    public Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>(20);
        f.put("symbol", symbol);
        put(f, "last", last);
        put(f, "bid", bid);
        put(f, "ask", ask);
        put(f, "bid_size", bidSize);
        put(f, "ask_size", askSize);
        put(f, "volume", volume);
        put(f, "open", open);
        put(f, "high", high);
        put(f, "low", low);
        put(f, "prev_close", prevClose);
        put(f, "net_change", netChange);
        f.put("ts", Long.toString(ts.toEpochMilli()));
        f.put("source", source);
        return f;
    }

    /**
     * Reads a tick back from its Redis fields.
     *
     * @throws IllegalArgumentException naming the field that cannot be read
     */
    public static Tick fromFields(Map<String, String> f) {
        String ts = f.get("ts");
        if (ts == null) {
            throw new IllegalArgumentException("field 'ts' is missing");
        }
        Instant time;
        try {
            time = Instant.ofEpochMilli(Long.parseLong(ts));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field 'ts' is not epoch milliseconds: " + ts);
        }
        return new Tick(f.get("symbol"), time, f.get("source"),
                dec(f, "last"), dec(f, "bid"), dec(f, "ask"), lng(f, "bid_size"), lng(f, "ask_size"), lng(f, "volume"),
                dec(f, "open"), dec(f, "high"), dec(f, "low"), dec(f, "prev_close"), dec(f, "net_change"));
    }

    private static void put(Map<String, String> f, String k, Object v) {
        if (v != null) {
            f.put(k, v instanceof BigDecimal d ? d.toPlainString() : v.toString());
        }
    }

    private static BigDecimal dec(Map<String, String> f, String k) {
        String v = f.get(k);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + k + "' is not a number: " + v);
        }
    }

    private static Long lng(Map<String, String> f, String k) {
        String v = f.get(k);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + k + "' is not an integer: " + v);
        }
    }

    /** A builder for sources that learn fields one by one. */
    public static Builder builder(String symbol, Instant ts, String source) {
        return new Builder(symbol, ts, source);
    }

    public static final class Builder {
        private final String symbol;
        private final Instant ts;
        private final String source;
        private BigDecimal last, bid, ask, open, high, low, prevClose, netChange;
        private Long bidSize, askSize, volume;
        private Instant tradeTime;

        private Builder(String symbol, Instant ts, String source) {
            this.symbol = symbol;
            this.ts = ts;
            this.source = source;
        }

        public Builder last(BigDecimal v) { last = v; return this; }
        public Builder bid(BigDecimal v) { bid = v; return this; }
        public Builder ask(BigDecimal v) { ask = v; return this; }
        public Builder bidSize(Long v) { bidSize = v; return this; }
        public Builder askSize(Long v) { askSize = v; return this; }
        public Builder volume(Long v) { volume = v; return this; }
        public Builder open(BigDecimal v) { open = v; return this; }
        public Builder high(BigDecimal v) { high = v; return this; }
        public Builder low(BigDecimal v) { low = v; return this; }
        public Builder prevClose(BigDecimal v) { prevClose = v; return this; }
        public Builder netChange(BigDecimal v) { netChange = v; return this; }
        public Builder tradeTime(Instant v) { tradeTime = v; return this; }

        public Tick build() {
            return new Tick(symbol, ts, source, last, bid, ask, bidSize, askSize, volume, open, high, low, prevClose,
                    netChange, tradeTime);
        }
    }
}
