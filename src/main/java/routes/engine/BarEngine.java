package routes.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketState;
import routes.livedata.TickSink;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ThorTrading's intraday supervisor: turns trades into 1-minute bars for markets that are open and enabled
 * at the trade's own time, and closes each bar {@code thor.engine.bar-grace} after its minute ends. A stream
 * entry with {@code last} is exactly one trade of {@code size} (the sink decided it, CONTRACT §5); an entry
 * without {@code last} is a quote and moves no bar.
 *
 * <p>Exactly once in effect: the changed bars, the closed bars pushed to
 * {@code q:bars:1m:{market}} and the XACK of every stream entry they cover go to Redis in one MULTI/EXEC
 * (a checkpoint, at most every {@code thor.engine.checkpoint-interval}). A crash before EXEC leaves the
 * entries pending: they are read again after the restart, on top of the previous checkpoint, and the bars
 * come out the same.
 *
 * <p>Time: bars close when the clock passes minute end + grace while the reader keeps up; while it works
 * through a backlog (after a restart) the ticks' own times drive the close, so a replay gives the same bars.
 *
 * <p>Speed: one hash lookup per tick (its symbol's book); everything else is fields and short arrays.
 */
@Component("barEngine")
public class BarEngine {

    private static final Logger log = LoggerFactory.getLogger(BarEngine.class);

    static final String OPEN_BARS = "engine:bars:open";
    static final String CLOSED_BARS = "engine:bars:closed";
    static final String LEGACY_VOLUMES = "engine:volume";
    public static final String WATERMARK = "engine:watermark";
    /** Fencing token: each engine that restores takes the next epoch; a checkpoint commits only under its own. */
    static final String EPOCH = "engine:epoch";
    /** thor.engine.checkpoint-max-entries: a checkpoint is forced once this many entries wait for their XACK. */
    private final int maxUnacked;

    private final StringRedisTemplate redis;
    private final CheckpointConnection checkpoints;
    private final BarQueue barQueue;
    private final GlobalMarkets markets;
    private final TickStream stream;
    private final Clock clock;
    private final long graceMs;
    private final long revisionMs;
    private final long checkpointNanos;
    private final String group;

    /** Per symbol: its (market, bars) slots. */
    private final Map<String, SymbolBook> books = new HashMap<>();
    /** Per market: the cached state that answers "open at t?" in two compares. */
    private final Map<String, Gate> gates = new HashMap<>();
    /** Open bars by key, touched only when a bar opens or closes. */
    private final Map<String, Bar> open = new HashMap<>();
    /** Closed bars kept for late-tick revisions, by key. */
    private final Map<String, Bar> closed = new HashMap<>();

    /** Every bucket that ends at or before this instant has been closed. */
    private long closedThroughMs = Long.MIN_VALUE;
    private long maxEventMs = Long.MIN_VALUE;
    private boolean restored;
    private long epoch;
    private final Counter takeovers;

    // What changed since the last checkpoint, and the stream entries it covers.
    private final List<Bar> dirtyOpen = new ArrayList<>();
    private final List<Bar> dirtyRevised = new ArrayList<>();
    private final List<Bar> pendingClose = new ArrayList<>();
    private final List<String> pendingExpire = new ArrayList<>();
    private final List<String> unacked = new ArrayList<>();
    private long lastCheckpointNanos = System.nanoTime();
    /** How long the last checkpoint's MULTI/EXEC took in Redis (DEBUG log of a close). */
    private long lastCheckpointRedisNanos;

    private final Counter ticksIn;
    private final Counter ticksApplied;
    private final Counter barsClosed;
    private final Counter barsRevised;
    private final MeterRegistry meters;
    private final Map<String, Counter> rejects = new ConcurrentHashMap<>();
    private final Set<String> loggedOnce = ConcurrentHashMap.newKeySet();

    public BarEngine(StringRedisTemplate redis, CheckpointConnection checkpoints, BarQueue barQueue, GlobalMarkets markets,
                     TickStream stream, Clock clock, EngineProperties props, MeterRegistry meters) {
        this.redis = redis;
        this.checkpoints = checkpoints;
        this.barQueue = barQueue;
        this.markets = markets;
        this.stream = stream;
        this.clock = clock;
        this.graceMs = props.barGrace().toMillis();
        this.revisionMs = props.revisionWindow().toMillis();
        this.group = props.consumerGroup();
        this.checkpointNanos = props.checkpointInterval().toNanos();
        this.maxUnacked = props.checkpointMaxEntries();
        this.meters = meters;
        this.ticksIn = Counter.builder("thor.engine.ticks.in").description("Stream entries read").register(meters);
        this.ticksApplied = Counter.builder("thor.engine.ticks.applied")
                .description("Tick applications to a (market, symbol) bar").register(meters);
        this.barsClosed = Counter.builder("thor.engine.bars.closed").description("Bars closed and queued")
                .register(meters);
        this.barsRevised = Counter.builder("thor.engine.bars.revised")
                .description("Closed bars recomputed by a late tick").register(meters);
        this.takeovers = Counter.builder("thor.engine.takeovers")
                .description("Checkpoints refused because another engine instance restored after this one").register(meters);
        Gauge.builder("thor.engine.bar.close.lag.seconds", this, BarEngine::closeLagSeconds)
                .description("How far bar closing is behind the clock: 0 while every minute ended grace ago is closed")
                .register(meters);
        Gauge.builder("thor.engine.bars.open", this, BarEngine::openCount).description("Bars being built")
                .register(meters);
    }

    /** Applies one batch of stream entries; returns how many entries it took. */
    public synchronized int process(List<MapRecord<String, Object, Object>> records) {
        ensureRestored();
        if (records == null || records.isEmpty()) {
            checkpointIfDue();
            stream.batchDone();
            return 0;
        }
        long applied = 0;
        for (MapRecord<String, Object, Object> r : records) {
            unacked.add(r.getId().getValue());
            applied += apply(r.getValue());
        }
        ticksIn.increment(records.size());
        ticksApplied.increment(applied);
        if (stream.behind() && closeThrough(maxEventMs - graceMs) > 0) {
            // Replaying a backlog: the ticks' own times say which minutes are over; closed bars go out at once.
            checkpointAll();
        } else if (!stream.behind() && Bar.bucketOf(clock.millis() - graceMs) > closedThroughMs) {
            // A minute's grace ran out while this batch was read: close now rather than at the next close timer
            // tick, which would first wait for this lock (the timer still closes when no ticks come at all).
            closeDueLocked(System.nanoTime());
        } else {
            checkpointIfDue();
        }
        stream.batchDone();
        return records.size();
    }

    /** One stream entry: returns how many (market, symbol) bars it moved. */
    private int apply(Map<Object, Object> f) {
        Object symbolField = f.get("symbol");
        String symbol = symbolField == null ? null : symbolField.toString();
        long ts;
        BigDecimal last;
        long size = 0;
        try {
            if (symbol == null || symbol.isEmpty()) {
                throw new IllegalArgumentException("field 'symbol' is missing");
            }
            ts = parseLong(f.get("ts"), "ts");
            Object l = f.get("last");
            last = l == null || l.toString().isEmpty() ? null : new BigDecimal(l.toString());
            Object v = f.get("size");
            if (last != null && v != null && !v.toString().isEmpty()) {
                size = parseLong(v, "size");
                if (size < 0) {
                    throw new IllegalArgumentException("field 'size' is negative: " + size);
                }
            }
        } catch (NumberFormatException e) {
            reject("malformed", String.valueOf(symbol), "a number cannot be read: " + e.getMessage());
            return 0;
        } catch (IllegalArgumentException e) {
            reject("malformed", String.valueOf(symbol), e.getMessage());
            return 0;
        }
        maxEventMs = Math.max(maxEventMs, ts);
        if (last == null) {
            return 0; // a quote (CONTRACT §5): it moves no bar
        }
        SymbolBook book = books.get(symbol);
        if (book == null) {
            book = newBook(symbol);
        }
        long bucket = Bar.bucketOf(ts);
        boolean late = bucket + 60_000L <= closedThroughMs;
        int moved = 0;
        for (Slot slot : book.slots) {
            if (!slot.gate.isOpen(ts)) {
                continue;
            }
            Bar bar;
            if (!late) {
                bar = slot.openBar(bucket);
                if (bar == null) {
                    bar = new Bar(slot.market, symbol, bucket);
                    slot.add(bar);
                    open.put(bar.key(), bar);
                }
                if (!bar.dirty) {
                    bar.dirty = true;
                    dirtyOpen.add(bar);
                }
            } else if (closedThroughMs - (bucket + 60_000L) < revisionMs) {
                String key = Bar.key(slot.market, symbol, bucket);
                bar = closed.get(key);
                if (bar == null) {
                    bar = new Bar(slot.market, symbol, bucket);
                    bar.closed = true;
                    closed.put(key, bar);
                }
                if (!bar.dirty) {
                    bar.dirty = true;
                    bar.markRevised();
                    dirtyRevised.add(bar);
                }
            } else {
                reject("too_late", symbol, "tick at " + Instant.ofEpochMilli(ts) + " is older than the revision window");
                continue;
            }
            bar.trade(last, ts); // an entry with last is exactly one trade: the sink decided it
            bar.volume(size, last);
            moved++;
        }
        return moved;
    }

    private SymbolBook newBook(String symbol) {
        List<Slot> slots = new ArrayList<>();
        for (Market m : markets.catalog().listing(symbol)) {
            if (m.enabled()) {
                slots.add(new Slot(m.id(), gates.computeIfAbsent(m.id(), id -> new Gate(m)), symbol));
            }
        }
        SymbolBook b = new SymbolBook(symbol, slots.toArray(new Slot[0]));
        books.put(symbol, b);
        return b;
    }

    /** Closes every bar whose minute ended at least the grace ago (the timer route calls this). */
    public int closeDue() {
        long asked = System.nanoTime();
        synchronized (this) {
            ensureRestored();
            if (stream.behind()) {
                return 0; // the backlog's own times drive closing until the reader catches up
            }
            return closeDueLocked(asked);
        }
    }

    private int closeDueLocked(long asked) {
        long locked = System.nanoTime(); // from the timer, a tick batch in progress finished first
        long before = closedThroughMs;
        int n = closeThrough(clock.millis() - graceMs);
        if (n > 0 || closedThroughMs != before) {
            checkpointAll();
            if (n > 0 && log.isDebugEnabled()) {
                log.debug("Engine: closed {} bars through {} at {} ms past the minute's end (waited {} ms for the lock,"
                                + " closing and checkpoint {} ms, of which the Redis transaction {} ms)", n,
                        Instant.ofEpochMilli(closedThroughMs), clock.millis() - closedThroughMs, (locked - asked) / 1_000_000,
                        (System.nanoTime() - locked) / 1_000_000, lastCheckpointRedisNanos / 1_000_000);
            }
        } else {
            checkpointIfDue();
        }
        return n;
    }

    /** Moves bars that ended at or before {@code throughMs} (floored to a minute) to the close list. */
    private int closeThrough(long throughMs) {
        long through = Bar.bucketOf(throughMs);
        if (through <= closedThroughMs) {
            return 0;
        }
        int n = 0;
        for (Iterator<Bar> it = open.values().iterator(); it.hasNext(); ) {
            Bar b = it.next();
            if (b.bucketEndMs() <= through) {
                it.remove();
                books.get(b.symbol()).slot(b.market()).remove(b);
                b.closed = true;
                closed.put(b.key(), b);
                pendingClose.add(b);
                n++;
            }
        }
        closedThroughMs = through;
        for (Iterator<Bar> it = closed.values().iterator(); it.hasNext(); ) {
            Bar b = it.next();
            if (through - b.bucketEndMs() >= revisionMs) {
                it.remove();
                pendingExpire.add(b.key());
            }
        }
        return n;
    }

    /**
     * Batches are made durable together at most every {@code checkpoint-interval}: fewer, larger Redis
     * transactions. Until then their entries stay unacknowledged, so a crash re-reads exactly them.
     */
    private void checkpointIfDue() {
        boolean dirty = !unacked.isEmpty() || !dirtyOpen.isEmpty() || !dirtyRevised.isEmpty() || !pendingClose.isEmpty();
        if (dirty && (System.nanoTime() - lastCheckpointNanos >= checkpointNanos || unacked.size() >= maxUnacked)) {
            checkpointAll();
        }
    }

    /** One MULTI/EXEC: the new state, the queue pushes and the acknowledgements, all or nothing. */
    private void checkpointAll() {
        Map<String, String> openState = new HashMap<>();
        List<Bar> showCurrent = new ArrayList<>();
        for (Bar b : dirtyOpen) {
            if (!b.closed) {
                openState.put(b.key(), b.encode());
                SymbolBook book = books.get(b.symbol());
                if (book.slot(b.market()).newest() == b) {
                    showCurrent.add(b);
                }
            }
        }
        Map<String, String> closedState = new HashMap<>();
        Map<String, List<String>> queue = new LinkedHashMap<>();
        List<String> closedKeys = new ArrayList<>();
        List<String> currentDeletes = new ArrayList<>();
        for (Bar b : pendingClose) {
            closedKeys.add(b.key());
            String encoded = b.encode(); // the checkpoint and the queue item are the same text: made once
            closedState.put(b.key(), encoded);
            if (b.hasTrades()) {
                queue.computeIfAbsent(b.market(), k -> new ArrayList<>()).add(encoded);
            }
            if (books.get(b.symbol()).slot(b.market()).newest() == null) {
                currentDeletes.add(currentKey(b.market(), b.symbol()));
            }
        }
        for (Bar b : dirtyRevised) {
            String encoded = b.encode();
            closedState.put(b.key(), encoded);
            if (b.hasTrades()) {
                queue.computeIfAbsent(b.market(), k -> new ArrayList<>()).add(encoded);
            }
        }
        Map<String, Map<String, String>> current = new LinkedHashMap<>();
        List<String> currentResets = new ArrayList<>();
        for (Bar b : showCurrent) {
            String key = currentKey(b.market(), b.symbol());
            current.put(key, b.currentHash());
            if (!b.currentShown) {
                currentResets.add(key); // a new minute: drop the previous bar's fields first
            }
        }
        List<String> expired = new ArrayList<>(pendingExpire);
        String[] ids = unacked.toArray(new String[0]);
        long watermark = closedThroughMs;
        long built = System.nanoTime();
        boolean committed = checkpoints.commitIf(EPOCH, Long.toString(epoch), tx -> {
            if (!openState.isEmpty()) {
                tx.hset(OPEN_BARS, openState);
            }
            if (!currentResets.isEmpty()) {
                tx.del(currentResets.toArray(new String[0]));
            }
            current.forEach(tx::hset);
            if (!closedKeys.isEmpty()) {
                tx.hdel(OPEN_BARS, closedKeys.toArray(new String[0]));
            }
            if (!currentDeletes.isEmpty()) {
                tx.del(currentDeletes.toArray(new String[0]));
            }
            if (!closedState.isEmpty()) {
                tx.hset(CLOSED_BARS, closedState);
            }
            if (!expired.isEmpty()) {
                tx.hdel(CLOSED_BARS, expired.toArray(new String[0]));
            }
            queue.forEach((market, items) -> tx.rpush(BarQueue.key(market), items.toArray(new String[0])));
            tx.set(WATERMARK, Long.toString(watermark));
            if (ids.length > 0) {
                tx.xack(TickSink.STREAM, group, ids);
            }
        });
        if (!committed) {
            fenced();
            return;
        }
        for (Bar b : showCurrent) {
            b.currentShown = true;
        }
        for (Bar b : dirtyOpen) {
            b.dirty = false;
        }
        for (Bar b : dirtyRevised) {
            b.dirty = false;
        }
        lastCheckpointRedisNanos = System.nanoTime() - built;
        if (!queue.isEmpty()) {
            barQueue.signalQueued(); // the flusher's next tick takes them, without waiting for its next look
        }
        barsClosed.increment(pendingClose.stream().filter(Bar::hasTrades).count());
        barsRevised.increment(dirtyRevised.size());
        forgetPending();
        lastCheckpointNanos = System.nanoTime();
    }

    /** What waited for the next checkpoint: committed now, or dropped with a stale state. */
    private void forgetPending() {
        dirtyOpen.clear();
        dirtyRevised.clear();
        pendingClose.clear();
        pendingExpire.clear();
        unacked.clear();
    }

    /**
     * Another engine instance restored after this one (a failover, or two leaders for a moment): this
     * instance's state is stale. Drop it, and let the next batch restore from the checkpoint and re-read the
     * unacknowledged entries; nothing it did since its last checkpoint was committed.
     */
    private void fenced() {
        takeovers.increment();
        log.warn("Engine: another instance has taken over the bars (engine:epoch moved past {}); dropping this "
                + "instance's in-memory state and restoring from the checkpoint", epoch);
        books.clear();
        gates.clear();
        open.clear();
        closed.clear();
        forgetPending();
        closedThroughMs = Long.MIN_VALUE;
        maxEventMs = Long.MIN_VALUE;
        restored = false;
        stream.reset();
    }

    static String currentKey(String market, String symbol) {
        return "bar:1m:current:" + market + ":" + symbol;
    }

    /** Loads the checkpoint once: open bars, recent closed bars and the watermark. */
    private void ensureRestored() {
        if (restored) {
            return;
        }
        Long e = redis.opsForValue().increment(EPOCH);
        epoch = e == null ? 0 : e;
        Map<Object, Object> o = redis.opsForHash().entries(OPEN_BARS);
        Map<Object, Object> c = redis.opsForHash().entries(CLOSED_BARS);
        String w = redis.opsForValue().get(WATERMARK);
        // Versions before trades were told apart in the sink kept cumulative volumes here; the sink sizes
        // trades now, so a restart needs no volume state.
        redis.delete(LEGACY_VOLUMES);
        List<Object> unreadable = new ArrayList<>();
        o.forEach((k, v) -> {
            Bar b = decodeOrNull(k, v, unreadable);
            if (b == null) {
                return;
            }
            SymbolBook book = books.get(b.symbol());
            if (book == null) {
                book = newBook(b.symbol());
            }
            Slot slot = book.slot(b.market());
            if (slot != null) {
                slot.add(b);
                open.put(b.key(), b);
                maxEventMs = Math.max(maxEventMs, b.bucketStartMs());
            }
        });
        if (!unreadable.isEmpty()) {
            redis.opsForHash().delete(OPEN_BARS, unreadable.toArray());
            unreadable.clear();
        }
        c.forEach((k, v) -> {
            Bar b = decodeOrNull(k, v, unreadable);
            if (b != null) {
                b.closed = true;
                closed.put((String) k, b);
            }
        });
        if (!unreadable.isEmpty()) {
            redis.opsForHash().delete(CLOSED_BARS, unreadable.toArray());
        }
        if (w != null) {
            closedThroughMs = Long.parseLong(w);
        }
        restored = true;
        if (!open.isEmpty()) {
            log.info("Engine (epoch {}) restored from its Redis checkpoint: {} open bars, {} recent closed bars, "
                    + "closed through {}", epoch, open.size(), closed.size(),
                    closedThroughMs == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(closedThroughMs));
        }
    }

    /** A checkpointed bar this version cannot read (an older format, a damaged value) is dropped, not fatal. */
    private Bar decodeOrNull(Object key, Object value, List<Object> unreadable) {
        try {
            return Bar.decode((String) value);
        } catch (RuntimeException e) {
            if (unreadable.isEmpty()) {
                log.warn("Engine: dropping checkpointed bars this version cannot read (first: {}: {}); the bars of "
                        + "those minutes keep what Postgres has", String.valueOf(key).replace(Bar.SEP, ' '), e.getMessage());
            }
            unreadable.add(key);
            return null;
        }
    }

    private void reject(String reason, String symbol, String detail) {
        rejects.computeIfAbsent(reason, r -> Counter.builder("thor.engine.ticks.rejected").tag("reason", r)
                .description("Ticks the engine could not use, by reason").register(meters)).increment();
        if (loggedOnce.add(reason + '|' + symbol)) {
            log.warn("Engine: tick for {} not used ({}): {}; further ones for this symbol and reason are only "
                    + "counted (thor.engine.ticks.rejected)", symbol, reason, detail);
        }
    }

    private static long parseLong(Object v, String field) {
        if (v == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        try {
            return Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an integer: " + v);
        }
    }

    private int openCount() {
        return open.size();
    }

    private double closeLagSeconds() {
        if (!restored || closedThroughMs == Long.MIN_VALUE) {
            return 0;
        }
        long due = Bar.bucketOf(clock.millis() - graceMs);
        return Math.max(0, due - closedThroughMs) / 1000.0;
    }

    /** A symbol's slots, one per enabled market that lists it. */
    private static final class SymbolBook {
        final String symbol;
        final Slot[] slots;

        SymbolBook(String symbol, Slot[] slots) {
            this.symbol = symbol;
            this.slots = slots;
        }

        Slot slot(String market) {
            for (Slot s : slots) {
                if (s.market.equals(market)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** The open bars of one (market, symbol): usually one, two while the previous minute is in its grace. */
    private static final class Slot {
        final String market;
        final Gate gate;
        private final List<Bar> bars = new ArrayList<>(2);

        Slot(String market, Gate gate, String symbol) {
            this.market = market;
            this.gate = gate;
        }

        Bar openBar(long bucket) {
            for (int i = bars.size() - 1; i >= 0; i--) {
                Bar b = bars.get(i);
                if (b.bucketStartMs() == bucket) {
                    return b;
                }
            }
            return null;
        }

        void add(Bar b) {
            bars.add(b);
            bars.sort((x, y) -> Long.compare(x.bucketStartMs(), y.bucketStartMs()));
        }

        void remove(Bar b) {
            bars.remove(b);
        }

        Bar newest() {
            return bars.isEmpty() ? null : bars.get(bars.size() - 1);
        }
    }

    /** A market's status over an interval in which it does not change, refreshed only when a tick leaves it. */
    private final class Gate {
        final Market market;
        long from = Long.MAX_VALUE;
        long until = Long.MIN_VALUE;
        boolean open;

        Gate(Market market) {
            this.market = market;
        }

        boolean isOpen(long ts) {
            if (ts < from || ts >= until) {
                MarketState s = markets.stateAt(market, Instant.ofEpochMilli(ts));
                from = s.since() == null ? Long.MIN_VALUE : s.since().toEpochMilli();
                until = s.until() == null ? Long.MAX_VALUE : s.until().toEpochMilli();
                open = s.isOpen();
            }
            return open;
        }
    }
}
