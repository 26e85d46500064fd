package routes.livedata;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells a trade from a quote, per (source, symbol), where updates enter (CONTRACT §5): sources send the whole
 * latest quote, and only the cumulative day volume (or, for an instrument without volume, the last price or
 * trade time) says that something traded since the previous update.
 *
 * <ul>
 *   <li>The volume rose: a trade of that size at the last price.</li>
 *   <li>The volume fell in an update not older than the previous one: the counter was reset (a new day); the new
 *       value is the trade's size. From an older update it is stale news: no trade, nothing remembered.</li>
 *   <li>No volume ever seen (an index): a trade when the last price or the trade time moved; it has no size.</li>
 *   <li>The first update of a symbol, and the first after {@link #baseline} (a reconnect, a resubscribe, a file
 *       read again after an outage), is a baseline: no trade. What the volume grew by while the feed was away is
 *       reported as interrupted volume, never as a trade of the first minute after it.</li>
 * </ul>
 *
 * Not thread-safe: the sink runs one source's batch at a time ({@link Batch}), and commits it only once Redis
 * took it, so a batch that failed to write can be sent again and is judged the same way.
 */
public final class TradeClassifier {

    /**
     * What an update is. {@code price} is the trade's price (the update's last, or the last known one);
     * {@code size} the trade's volume, null for an instrument without volume; {@code interrupted} the volume
     * that built up unseen before a baseline.
     */
    public record Verdict(boolean trade, BigDecimal price, Long size, long interrupted, boolean baseline) {
        static final Verdict QUOTE = new Verdict(false, null, null, 0, false);

        static Verdict baseline(long interrupted) {
            return new Verdict(false, null, null, interrupted, true);
        }
    }

    /** What is known of one (source, symbol). */
    static final class State {
        long volume = -1;
        long volumeTs = Long.MIN_VALUE;
        long ts = Long.MIN_VALUE;
        BigDecimal last;
        Instant tradeTime;
        boolean baseline = true;

        State copy() {
            State s = new State();
            s.volume = volume;
            s.volumeTs = volumeTs;
            s.ts = ts;
            s.last = last;
            s.tradeTime = tradeTime;
            s.baseline = baseline;
            return s;
        }
    }

    private final Map<String, Map<String, State>> bySource = new HashMap<>();

    /** The next update of these symbols from this source is a baseline. */
    public void baseline(String source, Collection<String> symbols) {
        Map<String, State> states = bySource.get(source);
        if (states == null) {
            return; // nothing seen yet: the first update is a baseline anyway
        }
        for (String symbol : symbols) {
            State s = states.get(symbol);
            if (s != null) {
                s.baseline = true;
            }
        }
    }

    /** The next update of every symbol of this source is a baseline. */
    public void baseline(String source) {
        Map<String, State> states = bySource.get(source);
        if (states != null) {
            states.values().forEach(s -> s.baseline = true);
        }
    }

    /** Whether anything is known of this (source, symbol) since the start. */
    public boolean knows(String source, String symbol) {
        Map<String, State> states = bySource.get(source);
        return states != null && states.containsKey(symbol);
    }

    /**
     * Seeds what a previous run knew (the merged quote in Redis) for a symbol seen for the first time: its
     * first update stays a baseline, but the volume it grew by meanwhile is reported as interrupted.
     */
    public void seed(String source, String symbol, long volume, long tsMs) {
        State s = new State();
        s.volume = volume;
        s.volumeTs = tsMs;
        s.ts = tsMs;
        bySource.computeIfAbsent(source, k -> new HashMap<>()).putIfAbsent(symbol, s);
    }

    /** Judges updates of one source on copies of their states; {@link Batch#commit} keeps the outcome. */
    public Batch batch(String source) {
        return new Batch(source);
    }

    public final class Batch {
        private final String source;
        private final Map<String, State> changed = new HashMap<>();

        private Batch(String source) {
            this.source = source;
        }

        public Verdict classify(Tick t) {
            State s = changed.get(t.symbol());
            if (s == null) {
                Map<String, State> states = bySource.get(source);
                State known = states == null ? null : states.get(t.symbol());
                s = known == null ? new State() : known.copy();
                changed.put(t.symbol(), s);
            }
            return judge(s, t);
        }

        /** The batch reached Redis: its states are now what is known. */
        public void commit() {
            bySource.computeIfAbsent(source, k -> new HashMap<>()).putAll(changed);
            changed.clear();
        }
    }

    static Verdict judge(State s, Tick t) {
        long ts = t.ts().toEpochMilli();
        Long v = t.volume();
        if (s.baseline) {
            long interrupted = 0;
            if (v != null && s.volume >= 0) {
                interrupted = increase(s, v, ts);
            } else if (v != null) {
                s.volume = v;
                s.volumeTs = ts;
            }
            s.baseline = false;
            remember(s, t, ts);
            return Verdict.baseline(interrupted);
        }
        if (v != null) {
            if (s.volume < 0) {
                s.volume = v; // volume seen for the first time: its baseline
                s.volumeTs = ts;
                remember(s, t, ts);
                return Verdict.QUOTE;
            }
            if (v < s.volume && ts < s.volumeTs) {
                return Verdict.QUOTE; // an older update arriving late: stale, already counted
            }
            long size = increase(s, v, ts);
            remember(s, t, ts);
            return size > 0 && s.last != null ? new Verdict(true, s.last, size, 0, false) : Verdict.QUOTE;
        }
        if (s.volume >= 0) {
            // a volume instrument's update without its volume (a cell N/A, a quote resent without it): no trade,
            // but its last price is the latest known one, the price of the next trade its volume shows
            if (ts >= s.ts) {
                remember(s, t, ts);
            }
            return Verdict.QUOTE;
        }
        if (ts < s.ts) {
            return Verdict.QUOTE; // a stale index update
        }
        boolean moved = (t.last() != null && (s.last == null || t.last().compareTo(s.last) != 0))
                || (t.tradeTime() != null && !t.tradeTime().equals(s.tradeTime));
        remember(s, t, ts);
        return moved && s.last != null ? new Verdict(true, s.last, null, 0, false) : Verdict.QUOTE;
    }

    /** The rise of the cumulative volume (a reset counts the new value); the caller has ruled out stale drops. */
    private static long increase(State s, long v, long ts) {
        long rise = v >= s.volume ? v - s.volume : v;
        s.volume = v;
        s.volumeTs = Math.max(s.volumeTs, ts);
        return rise;
    }

    private static void remember(State s, Tick t, long ts) {
        if (t.last() != null) {
            s.last = t.last();
        }
        if (t.tradeTime() != null) {
            s.tradeTime = t.tradeTime();
        }
        s.ts = Math.max(s.ts, ts);
    }
}
