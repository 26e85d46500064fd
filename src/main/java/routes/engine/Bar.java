package routes.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A 1-minute bar of one symbol on one market, built from trades only (CONTRACT §6): the bucket is the UTC
 * minute {@code [start, start + 60 s)} that holds the trade's own time; open and close are the trades
 * with the earliest and latest time (arrival order breaks ties); volume is the sum of the trades' sizes
 * (the increases of the cumulative day volume, sized by the sink); VWAP is Σ(last × size) / Σ(size).
 */
public final class Bar {

    static final char SEP = '\u001F';
    private static final MathContext VWAP_PRECISION = new MathContext(20, RoundingMode.HALF_EVEN);

    private final String market;
    private final String symbol;
    private final long bucketStartMs;
    private BigDecimal open;
    private BigDecimal high;
    private BigDecimal low;
    private BigDecimal close;
    private long openTsMs;
    private long closeTsMs;
    private long highTsMs;
    private long lowTsMs;
    private long volume;
    private BigDecimal priceVolume = BigDecimal.ZERO;
    private long vwapVolume;
    private int ticks;
    private int revision;

    // Engine bookkeeping, not part of the bar's value: is it waiting for the next checkpoint, has it been
    // closed, has its bar:1m:current hash been written since it became the newest bar.
    boolean dirty;
    boolean closed;
    boolean currentShown;

    public Bar(String market, String symbol, long bucketStartMs) {
        this.market = market;
        this.symbol = symbol;
        this.bucketStartMs = bucketStartMs;
    }

    public static long bucketOf(long epochMs) {
        return Math.floorDiv(epochMs, 60_000L) * 60_000L;
    }

    /** A trade at {@code last}: moves OHLC and counts one tick. */
    public void trade(BigDecimal last, long tsMs) {
        if (open == null) {
            open = high = low = close = last;
            openTsMs = closeTsMs = highTsMs = lowTsMs = tsMs;
        } else {
            if (tsMs < openTsMs) {
                open = last;
                openTsMs = tsMs;
            }
            if (tsMs >= closeTsMs) {
                close = last;
                closeTsMs = tsMs;
            }
            // The time of an extreme is when it was first reached (the earliest tick at that price).
            int h = last.compareTo(high);
            if (h > 0 || (h == 0 && tsMs < highTsMs)) {
                high = last;
                highTsMs = tsMs;
            }
            int l = last.compareTo(low);
            if (l < 0 || (l == 0 && tsMs < lowTsMs)) {
                low = last;
                lowTsMs = tsMs;
            }
        }
        ticks++;
    }

    /** A trade's size; {@code price} (its last) weighs it into the VWAP. */
    public void volume(long increase, BigDecimal price) {
        if (increase <= 0) {
            return;
        }
        volume += increase;
        if (price != null) {
            priceVolume = priceVolume.add(price.multiply(BigDecimal.valueOf(increase)));
            vwapVolume += increase;
        }
    }

    public void markRevised() {
        revision++;
    }

    public boolean hasTrades() {
        return ticks > 0;
    }

    public String market() { return market; }
    public String symbol() { return symbol; }
    public long bucketStartMs() { return bucketStartMs; }
    public long bucketEndMs() { return bucketStartMs + 60_000L; }
    public BigDecimal open() { return open; }
    public BigDecimal high() { return high; }
    public BigDecimal low() { return low; }
    public BigDecimal close() { return close; }
    public long volume() { return volume; }
    public int ticks() { return ticks; }
    public int revision() { return revision; }
    public long highTsMs() { return highTsMs; }
    public long lowTsMs() { return lowTsMs; }
    public long openTsMs() { return openTsMs; }
    public long closeTsMs() { return closeTsMs; }
    /** Σ(last × volume increase): with {@link #vwapVolume()} it sums exactly across bars (session VWAP). */
    public BigDecimal priceVolume() { return priceVolume; }
    public long vwapVolume() { return vwapVolume; }

    public BigDecimal vwap() {
        if (vwapVolume == 0) {
            return null;
        }
        return priceVolume.divide(BigDecimal.valueOf(vwapVolume), VWAP_PRECISION).stripTrailingZeros();
    }

    public String key() {
        return key(market, symbol, bucketStartMs);
    }

    public static String key(String market, String symbol, long bucketStartMs) {
        return market + SEP + symbol + SEP + bucketStartMs;
    }

    /** The hash {@code bar:1m:current:{market}:{symbol}} (CONTRACT §5). */
    public Map<String, String> currentHash() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("bucket", Instant.ofEpochMilli(bucketStartMs).toString());
        if (open != null) {
            h.put("open", open.toPlainString());
            h.put("high", high.toPlainString());
            h.put("low", low.toPlainString());
            h.put("close", close.toPlainString());
        }
        h.put("volume", Long.toString(volume));
        h.put("ticks", Integer.toString(ticks));
        BigDecimal v = vwap();
        if (v != null) {
            h.put("vwap", v.toPlainString());
        }
        return h;
    }

    /** The row of {@code intraday_bar_1m}, by column name ({@link BarQueue#columns} turns rows into the upsert's parameters). */
    public Map<String, Object> row() {
        Map<String, Object> r = new HashMap<>();
        r.put("market", market);
        r.put("symbol", symbol);
        r.put("bucket_start", OffsetDateTime.ofInstant(Instant.ofEpochMilli(bucketStartMs), ZoneOffset.UTC));
        r.put("open", open);
        r.put("high", high);
        r.put("low", low);
        r.put("close", close);
        r.put("volume", volume);
        r.put("tick_count", ticks);
        r.put("vwap", vwap());
        r.put("revision", revision);
        r.put("high_at", ts(highTsMs));
        r.put("low_at", ts(lowTsMs));
        r.put("price_volume", priceVolume);
        r.put("vwap_volume", vwapVolume);
        return r;
    }

    /** The whole state, so a checkpointed bar continues exactly where it stopped. */
    public String encode() {
        StringBuilder sb = new StringBuilder(128);
        sb.append(market).append(SEP).append(symbol).append(SEP).append(bucketStartMs).append(SEP)
                .append(str(open)).append(SEP).append(str(high)).append(SEP).append(str(low)).append(SEP)
                .append(str(close)).append(SEP).append(openTsMs).append(SEP).append(closeTsMs).append(SEP)
                .append(volume).append(SEP).append(priceVolume.toPlainString()).append(SEP).append(vwapVolume)
                .append(SEP).append(ticks).append(SEP).append(revision).append(SEP).append(highTsMs).append(SEP)
                .append(lowTsMs);
        return sb.toString();
    }

    public static Bar decode(String s) {
        String[] p = s.split(String.valueOf(SEP), -1);
        if (p.length != 16) {
            throw new IllegalArgumentException("bar checkpoint has " + p.length + " parts, expected 16");
        }
        Bar b = new Bar(p[0], p[1], Long.parseLong(p[2]));
        b.open = dec(p[3]);
        b.high = dec(p[4]);
        b.low = dec(p[5]);
        b.close = dec(p[6]);
        b.openTsMs = Long.parseLong(p[7]);
        b.closeTsMs = Long.parseLong(p[8]);
        b.volume = Long.parseLong(p[9]);
        b.priceVolume = new BigDecimal(p[10]);
        b.vwapVolume = Long.parseLong(p[11]);
        b.ticks = Integer.parseInt(p[12]);
        b.revision = Integer.parseInt(p[13]);
        b.highTsMs = Long.parseLong(p[14]);
        b.lowTsMs = Long.parseLong(p[15]);
        return b;
    }

    private static OffsetDateTime ts(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }

    private static String str(BigDecimal d) {
        return d == null ? "" : d.toPlainString();
    }

    private static BigDecimal dec(String s) {
        return s.isEmpty() ? null : new BigDecimal(s);
    }

    @Override
    public String toString() {
        return "Bar[" + market + " " + symbol + " " + Instant.ofEpochMilli(bucketStartMs) + " O=" + open + " H=" + high
                + " L=" + low + " C=" + close + " V=" + volume + " n=" + ticks + "]";
    }
}
