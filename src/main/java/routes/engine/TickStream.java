package routes.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import routes.livedata.TickSink;

import java.time.Duration;
import java.util.List;

/**
 * Reads the {@code ticks} stream in batches through the engine's consumer group. After a start it first
 * re-reads this consumer's pending entries (delivered before a crash, never acknowledged), then new ones.
 * Acknowledgement is not done here: the engine acknowledges in the same Redis transaction that makes the
 * ticks' effect durable.
 */
@Component("tickStream")
public class TickStream {

    private static final Logger log = LoggerFactory.getLogger(TickStream.class);

    private final StringRedisTemplate redis;
    private final EngineProperties config;
    private volatile boolean groupReady;
    private volatile boolean pendingDone;
    private volatile boolean lastBatchFull;
    private volatile boolean drainedNow;
    private volatile boolean caughtUp;
    /** thor.engine.backlog-age, trim-check-interval and stream-block (README "Properties"). */
    private final long backlogMs;
    private final long trimCheckMs;
    private final Duration block;
    private final java.time.Clock clock;
    private final io.micrometer.core.instrument.Counter trimmedUnread;
    /** Entries trimmed unread when this instance made the group (before it, nobody was reading): not a loss. */
    private long trimmedBaseline;
    private long trimmedReported;
    private long lastTrimCheckMs = Long.MIN_VALUE;

    public TickStream(StringRedisTemplate redis, EngineProperties props, io.micrometer.core.instrument.MeterRegistry meters,
                      java.time.Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.config = props;
        this.backlogMs = config.backlogAge().toMillis();
        this.trimCheckMs = config.trimCheckInterval().toMillis();
        this.block = config.streamBlock();
        io.micrometer.core.instrument.Gauge.builder("thor.engine.stream.lag", this, TickStream::lag)
                .description("Ticks on the stream the engine has not read yet (-1 when Redis does not say)")
                .register(meters);
        this.trimmedUnread = io.micrometer.core.instrument.Counter.builder("thor.engine.stream.trimmed.unread")
                .description("Ticks the stream's MAXLEN trimmed before the engine read them: they are in no bar")
                .register(meters);
    }

    /**
     * Ticks the {@code ticks} stream lost before this group read them: every entry ever added, less those still
     * on the stream, less those the group read (Redis 7: XINFO STREAM entries-added, length; XINFO GROUPS
     * entries-read). Trimming is the only way entries leave this stream; -1 when Redis does not say.
     */
    long trimmedUnreadNow() {
        var stream = redis.opsForStream().info(TickSink.STREAM);
        Object added = stream.getRaw().get("entries-added");
        Object read = groupField("entries-read");
        if (added == null || read == null) {
            return -1;
        }
        return Math.max(0, Long.parseLong(added.toString()) - stream.streamLength() - Long.parseLong(read.toString()));
    }

    /** A field of the engine's consumer group in XINFO GROUPS; null when the group or the field is missing. */
    private Object groupField(String field) {
        for (var g : redis.opsForStream().groups(TickSink.STREAM)) {
            if (config.consumerGroup().equals(g.groupName())) {
                return g.getRaw().get(field);
            }
        }
        return null;
    }

    /**
     * Every thor.engine.trim-check-interval: did the stream trim ticks the engine never read (it was down, or behind, longer than
     * {@code thor.livedata.publish.stream-max-len} entries)? Counted and logged: those minutes' bars miss them.
     */
    private void checkTrimmed() {
        long now = clock.millis();
        if (lastTrimCheckMs != Long.MIN_VALUE && now - lastTrimCheckMs < trimCheckMs) {
            return;
        }
        lastTrimCheckMs = now;
        long lost;
        try {
            lost = trimmedUnreadNow() - trimmedBaseline;
        } catch (RuntimeException e) {
            return; // the next read reports Redis being away
        }
        if (lost > trimmedReported) {
            trimmedUnread.increment(lost - trimmedReported);
            log.error("Tick stream: {} ticks were trimmed from '{}' before the engine read them ({} in all since this"
                    + " instance started); the bars of their minutes miss them. The backlog outgrew"
                    + " thor.livedata.publish.stream-max-len: raise it to cover tick rate x the longest engine outage"
                    + " (counted in thor.engine.stream.trimmed.unread)", lost - trimmedReported, TickSink.STREAM, lost);
            trimmedReported = lost;
        }
    }

    /** The consumer group's lag (Redis 7: XINFO GROUPS). */
    private double lag() {
        try {
            Object lag = groupField("lag");
            return lag == null ? -1 : Double.parseDouble(lag.toString());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** One batch: pending entries first, then new ones (waiting up to thor.engine.stream-block for them). */
    public List<MapRecord<String, Object, Object>> read() {
        ensureGroup();
        checkTrimmed();
        Consumer me = Consumer.from(config.consumerGroup(), config.consumerName());
        List<MapRecord<String, Object, Object>> batch;
        if (!pendingDone) {
            batch = redis.opsForStream().read(me, StreamReadOptions.empty().count(config.batchSize()),
                    StreamOffset.create(TickSink.STREAM, ReadOffset.from("0")));
            if (batch == null || batch.isEmpty()) {
                pendingDone = true;
                log.info("Tick stream: no pending entries left for consumer {}; reading new ticks", me.getName());
            } else {
                log.info("Tick stream: re-reading {} pending entries after a restart", batch.size());
                lastBatchFull = true;
                drainedNow = false;
                return batch;
            }
        }
        try {
            batch = redis.opsForStream().read(me,
                    StreamReadOptions.empty().count(config.batchSize()).block(block),
                    StreamOffset.create(TickSink.STREAM, ReadOffset.lastConsumed()));
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("NOGROUP")
                    || String.valueOf(rootMessage(e)).contains("NOGROUP")) {
                // Redis lost the stream or the group (a restart without persistence): make them again.
                log.warn("Tick stream: consumer group {} is gone from Redis; creating it again", config.consumerGroup());
                reset();
                return List.of();
            }
            throw e;
        }
        List<MapRecord<String, Object, Object>> out = batch == null ? List.of() : batch;
        // Behind = a full batch whose newest entry was added to the stream more than backlog-age ago (stream ids carry
        // Redis's time of the XADD): a real backlog, not just a busy stream.
        lastBatchFull = out.size() >= config.batchSize()
                && clock.millis() - out.get(out.size() - 1).getId().getTimestamp() > backlogMs;
        drainedNow = out.size() < config.batchSize();
        return out;
    }

    /**
     * True while the reader is working through a backlog: pending entries after a restart, everything up to the
     * first read that emptied the stream, or a full batch of old entries. Bars then close by the ticks' own times.
     */
    public boolean behind() {
        return lastBatchFull || !pendingDone || !caughtUp;
    }

    /** The engine is done with the last batch read: if that read emptied the stream, the backlog is behind us. */
    public void batchDone() {
        if (pendingDone && drainedNow) {
            caughtUp = true;
        }
    }

    private void ensureGroup() {
        if (groupReady) {
            return;
        }
        try {
            redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) c -> c.streamCommands()
                    .xGroupCreate(TickSink.STREAM.getBytes(), config.consumerGroup(), ReadOffset.from("0"), true));
            log.info("Tick stream: created consumer group {} on {}", config.consumerGroup(), TickSink.STREAM);
            try {
                trimmedBaseline = Math.max(0, trimmedUnreadNow());
                trimmedReported = 0;
            } catch (RuntimeException e) {
                trimmedBaseline = 0;
            }
        } catch (RedisSystemException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                String msg = String.valueOf(e.getMostSpecificCause().getMessage());
                if (!msg.contains("BUSYGROUP")) {
                    throw e;
                }
            }
        }
        groupReady = true;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * Start over: make sure the group exists and re-read this consumer's pending entries (after Redis lost its
     * data, or after the engine dropped its state).
     */
    public void reset() {
        groupReady = false;
        pendingDone = false;
        caughtUp = false;
    }
}
