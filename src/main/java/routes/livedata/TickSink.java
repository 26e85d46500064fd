package routes.livedata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import routes.config.ThorProperties;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way ticks reach Redis, for every source (TOS, Schwab, demo): per tick, the merged quote
 * {@code tick:{symbol}}, an entry on the {@code ticks} stream and, if switched on, JSON on
 * {@code pubsub:tick} (CONTRACT §5). A whole batch goes in one pipelined round trip.
 */
@Component("tickSink")
public class TickSink {

    public static final String STREAM = "ticks";
    public static final String CHANNEL = "pubsub:tick";

    /**
     * Per tick: HSET tick:{symbol}, XADD ticks MAXLEN ~ n, and PUBLISH pubsub:tick when switched on, run inside
     * Redis: 5,000 ticks cost a few script calls on the wire instead of 15,000 commands. The keys are built in
     * the script (a single Redis, not a cluster). ARGV: maxlen, pubsub flag, then per tick: field count,
     * symbol, field/value pairs, and the JSON when pubsub is on.
     */
    static final String PUBLISH_SCRIPT = """
            local maxlen = ARGV[1]
            local pub = ARGV[2] == '1'
            local i = 3
            local n = 0
            while i <= #ARGV do
              local count = tonumber(ARGV[i])
              local symbol = ARGV[i + 1]
              local first, last = i + 2, i + 1 + 2 * count
              redis.call('HSET', 'tick:' .. symbol, unpack(ARGV, first, last))
              redis.call('XADD', 'ticks', 'MAXLEN', '~', maxlen, '*', unpack(ARGV, first, last))
              i = i + 2 + 2 * count
              if pub then
                redis.call('PUBLISH', 'pubsub:tick', ARGV[i])
                i = i + 1
              end
              n = n + 1
            end
            return n
            """;
    static final String PUBLISH_SHA = sha1(PUBLISH_SCRIPT);
    private static final int PER_CALL = 250;

    private static String sha1(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final StringRedisTemplate redis;
    private final ThorProperties.Publish config;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();

    public TickSink(StringRedisTemplate redis, ThorProperties props, ObjectMapper json, MeterRegistry meters) {
        this.redis = redis;
        this.config = props.getLivedata().getPublish();
        this.json = json;
        this.meters = meters;
    }

    /**
     * The next update of each of these symbols from this source is a baseline, not a trade: the source
     * reconnected, resubscribed or read its file for the first time, so it may resend what it sent before and
     * its cumulative volume may have grown while it was away (CONTRACT §5).
     * TODO(#12): the trade classifier behind this is being built; until then this records nothing.
     */
    public void baseline(String source, java.util.Collection<String> symbols) {
    }

    /** Every symbol of this source starts again from a baseline (see {@link #baseline(String, java.util.Collection)}). */
    public void baseline(String source) {
    }

    /** Publishes ticks in order; returns how many were written. */
    public int publish(List<Tick> ticks) {
        try {
            return write(ticks);
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("NOSCRIPT") && !String.valueOf(rootMessage(e)).contains("NOSCRIPT")) {
                throw e;
            }
            loadScript(); // Redis restarted without the script; the batch had written nothing
            return write(ticks);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private int write(List<Tick> ticks) {
        if (ticks == null || ticks.isEmpty()) {
            return 0;
        }
        byte[] maxLen = bytes(Long.toString(config.getStreamMaxLen()));
        boolean pubsub = config.isPubsub();
        byte[] pub = bytes(pubsub ? "1" : "0");
        // One pipeline; each script call is sent as soon as its arguments are built, so Redis runs one
        // chunk while the next is being prepared here.
        redis.executePipelined((RedisCallback<Object>) connection -> {
            List<byte[]> args = new ArrayList<>(2 + PER_CALL * 32);
            for (int from = 0; from < ticks.size(); from += PER_CALL) {
                args.clear();
                args.add(maxLen);
                args.add(pub);
                for (Tick t : ticks.subList(from, Math.min(ticks.size(), from + PER_CALL))) {
                    Map<String, String> f = t.toFields();
                    args.add(bytes(Integer.toString(f.size())));
                    args.add(bytes(t.symbol()));
                    f.forEach((k, v) -> {
                        args.add(bytes(k));
                        args.add(bytes(v));
                    });
                    if (pubsub) {
                        args.add(bytes(toJson(f)));
                    }
                }
                connection.scriptingCommands().evalSha(PUBLISH_SHA, ReturnType.INTEGER, 0, args.toArray(new byte[0][]));
            }
            return null;
        });
        for (Tick t : ticks) {
            counter(t.source()).increment();
        }
        return ticks.size();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Loads the publish script once (and again after a Redis restart dropped it: see {@link #publish}). */
    private void loadScript() {
        redis.execute((RedisCallback<Object>) c -> c.scriptingCommands().scriptLoad(bytes(PUBLISH_SCRIPT)));
    }

    private Counter counter(String source) {
        return published.computeIfAbsent(source == null ? "UNKNOWN" : source,
                s -> Counter.builder("thor.ticks.published").tag("source", s)
                        .description("Ticks written to Redis, by source").register(meters));
    }

    private String toJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tick cannot be written as JSON", e);
        }
    }
}
