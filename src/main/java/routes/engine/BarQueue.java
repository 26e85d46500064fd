package routes.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The closed-bar queues {@code q:bars:1m:{market}} and the flusher's side of them. A flush takes the head
 * of a queue without removing it, the SQL route upserts it, and only then is the head trimmed (and only if
 * it is still the same head), so Postgres being away means bars wait in Redis, never that they are lost.
 */
@Component("barQueue")
public class BarQueue {

    private static final Logger log = LoggerFactory.getLogger(BarQueue.class);
    static final String PREFIX = "q:bars:1m:";
    static final String TAKEN = "thor.bars.taken";

    /** Trims the first n items only if the head and the n-th item are still the ones that were written. */
    private static final DefaultRedisScript<Long> TRIM_IF_SAME = new DefaultRedisScript<>("""
            local n = tonumber(ARGV[1])
            if redis.call('LINDEX', KEYS[1], 0) == ARGV[2] and redis.call('LINDEX', KEYS[1], n - 1) == ARGV[3] then
              redis.call('LTRIM', KEYS[1], n, -1)
              return n
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final GlobalMarkets markets;
    private final ObjectMapper json;
    private final int batchSize;
    /**
     * Set when this instance's engine has just queued bars: the flusher's next tick looks into Redis at once.
     * Without it, the flusher looks every thor.engine.flush-idle-check (bars queued before a restart, or by a previous leader).
     */
    private final AtomicBoolean queued = new AtomicBoolean(true);
    private long lastLookNanos;
    /** thor.engine.flush-idle-check: how often the flusher looks without a signal. */
    private final long lookAnywayNanos;

    public BarQueue(StringRedisTemplate redis, GlobalMarkets markets, ObjectMapper json, EngineProperties props,
                    MeterRegistry meters) {
        this.redis = redis;
        this.markets = markets;
        this.json = json;
        this.batchSize = props.flushBatchSize();
        this.lookAnywayNanos = props.flushIdleCheck().toNanos();
        Gauge.builder("thor.engine.bar.queue.depth", this, BarQueue::depth)
                .description("Closed bars waiting for Postgres, all markets").register(meters);
    }

    /** The engine calls this after a checkpoint that queued closed bars. */
    public void signalQueued() {
        queued.set(true);
    }

    public static String key(String market) {
        return PREFIX + market;
    }

    /**
     * The next batch of closed bars as SQL parameter rows, at most one row per key (the newest revision
     * wins), from the first market whose queue holds any. Empty when every queue is empty.
     */
    public List<Map<String, Object>> take(Exchange exchange) {
        long now = System.nanoTime();
        if (!queued.getAndSet(false) && now - lastLookNanos < lookAnywayNanos) {
            exchange.setProperty(TAKEN, null);
            return List.of();
        }
        lastLookNanos = now;
        for (Market m : markets.markets()) {
            long start = System.nanoTime();
            String key = key(m.id());
            List<String> items = redis.opsForList().range(key, 0, batchSize - 1);
            if (items == null || items.isEmpty()) {
                continue;
            }
            long read = System.nanoTime();
            Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
            for (String item : items) {
                Map<String, Object> row = parse(item);
                if (row != null) {
                    rows.put(row.get("symbol") + "|" + row.get("bucket_start"), row);
                }
            }
            queued.set(true); // there may be more behind this batch: look again at the next tick
            exchange.setProperty(TAKEN, new Taken(key, items.size(), items.get(0), items.get(items.size() - 1), start,
                    read, System.nanoTime()));
            return new ArrayList<>(rows.values());
        }
        exchange.setProperty(TAKEN, null);
        return List.of();
    }

    /** The columns of {@code sql/upsert-bars-1m.sql}, in its parameter names. */
    static final List<String> COLUMNS = List.of("market", "symbol", "bucket_start", "open", "high", "low", "close",
            "volume", "tick_count", "vwap", "revision", "high_at", "low_at", "price_volume", "vwap_volume");

    /**
     * The taken rows as the upsert's parameters: per column, one text array holding that column of every row
     * (null stays null). Postgres casts each array to its column type and unnests the batch back into rows.
     */
    public Map<String, Object> columns(@Body List<Map<String, Object>> rows) {
        Map<String, Object> params = new HashMap<>();
        for (String column : COLUMNS) {
            String[] values = new String[rows.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = text(rows.get(i).get(column));
            }
            params.put(column, values);
        }
        return params;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString(); // text, whole numbers, OffsetDateTime in ISO-8601 with its offset
    }

    /** Called after the SQL batch committed: drops what was written from the queue. */
    public int commit(Exchange exchange) {
        Taken t = exchange.getProperty(TAKEN, Taken.class);
        if (t == null) {
            return 0;
        }
        Long n = redis.execute(TRIM_IF_SAME, List.of(t.key), Integer.toString(t.count), t.first, t.last);
        if (n == null || n == 0) {
            log.warn("Bar queue {} changed under the flusher; the batch stays and is upserted again", t.key);
            return 0;
        }
        if (log.isDebugEnabled()) {
            long now = System.nanoTime();
            log.debug("Bar queue {}: {} bars flushed in {} ms (read {} ms, parse {} ms, upsert and trim {} ms)", t.key, n,
                    (now - t.startNanos) / 1_000_000, (t.readNanos - t.startNanos) / 1_000_000,
                    (t.parsedNanos - t.readNanos) / 1_000_000, (now - t.parsedNanos) / 1_000_000);
        }
        return n.intValue();
    }

    /**
     * An item is a closed bar in {@link Bar#encode()}'s form (the engine's checkpoint text). An item in JSON,
     * as versions before it queued them, is still read, so an upgrade never strands queued bars.
     */
    private Map<String, Object> parse(String item) {
        if (!item.startsWith("{")) {
            try {
                return Bar.decode(item).row();
            } catch (RuntimeException e) {
                log.error("Bar queue: an item cannot be read and is skipped: {} ({})", item, e.getMessage());
                return null;
            }
        }
        try {
            Map<String, Object> j = json.readValue(item, new TypeReference<Map<String, Object>>() { });
            Map<String, Object> r = new HashMap<>();
            r.put("market", j.get("market"));
            r.put("symbol", j.get("symbol"));
            r.put("bucket_start", OffsetDateTime.ofInstant(Instant.parse((String) j.get("bucket_start")), ZoneOffset.UTC));
            r.put("open", new BigDecimal((String) j.get("open")));
            r.put("high", new BigDecimal((String) j.get("high")));
            r.put("low", new BigDecimal((String) j.get("low")));
            r.put("close", new BigDecimal((String) j.get("close")));
            r.put("volume", ((Number) j.get("volume")).longValue());
            r.put("tick_count", ((Number) j.get("tick_count")).intValue());
            Object v = j.get("vwap");
            r.put("vwap", v == null ? null : new BigDecimal((String) v));
            r.put("revision", ((Number) j.getOrDefault("revision", 0)).intValue());
            // a bar queued by an older version lacks these: stored without them rather than lost
            r.put("high_at", j.get("high_at") == null ? null
                    : OffsetDateTime.ofInstant(Instant.parse((String) j.get("high_at")), ZoneOffset.UTC));
            r.put("low_at", j.get("low_at") == null ? null
                    : OffsetDateTime.ofInstant(Instant.parse((String) j.get("low_at")), ZoneOffset.UTC));
            r.put("price_volume", j.get("price_volume") == null ? BigDecimal.ZERO : new BigDecimal((String) j.get("price_volume")));
            r.put("vwap_volume", j.get("vwap_volume") == null ? 0L : ((Number) j.get("vwap_volume")).longValue());
            return r;
        } catch (IOException | RuntimeException e) {
            log.error("Bar queue: an item cannot be read and is skipped: {} ({})", item, e.getMessage());
            return null;
        }
    }

    public long depth() {
        long n = 0;
        try {
            for (Market m : markets.markets()) {
                Long s = redis.opsForList().size(key(m.id()));
                n += s == null ? 0 : s;
            }
        } catch (RuntimeException e) {
            return -1;
        }
        return n;
    }

    record Taken(String key, int count, String first, String last, long startNanos, long readNanos, long parsedNanos) {
    }
}
