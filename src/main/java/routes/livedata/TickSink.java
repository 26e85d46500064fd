package routes.livedata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way ticks reach Redis, for every source (TOS, Schwab, demo): per tick, the merged quote
 * {@code tick:{symbol}}, an entry on the {@code ticks} stream and, if switched on, JSON on
 * {@code pubsub:tick} (CONTRACT §5). A whole batch goes in one pipelined round trip.
 *
 * <p>Trades and quotes are told apart here, per (source, symbol), by a {@link TradeClassifier}: a trade's
 * stream entry carries {@code last} and {@code size}, a quote's carries no {@code last}; the hash always holds
 * the whole quote.
 */
@Component("tickSink")
public class TickSink {

    public static final String STREAM = "ticks";
    public static final String CHANNEL = "pubsub:tick";
    private static final Logger log = LoggerFactory.getLogger(TickSink.class);

    /**
     * Per tick: HSET tick:{symbol}, XADD ticks MAXLEN ~ n, and PUBLISH pubsub:tick when switched on, run inside
     * Redis: 5,000 ticks cost a few script calls on the wire instead of 15,000 commands. The keys are built in
     * the script (a single Redis, not a cluster). ARGV: maxlen, pubsub flag, then per tick: field count,
     * symbol, skip, extra, the field/value pairs, the extra pairs, and the JSON when pubsub is on. The hash
     * takes the field pairs; the stream entry leaves out the first {@code skip} values (a quote's {@code last},
     * which comes first) and adds the {@code extra} values that follow them (a trade's {@code size}).
     */
    static final String PUBLISH_SCRIPT = """
            local maxlen = ARGV[1]
            local pub = ARGV[2] == '1'
            local i = 3
            local n = 0
            while i <= #ARGV do
              local count = tonumber(ARGV[i])
              local symbol = ARGV[i + 1]
              local skip = tonumber(ARGV[i + 2])
              local extra = tonumber(ARGV[i + 3])
              local first, last = i + 4, i + 3 + 2 * count
              redis.call('HSET', 'tick:' .. symbol, unpack(ARGV, first, last))
              redis.call('XADD', 'ticks', 'MAXLEN', '~', maxlen, '*', unpack(ARGV, first + skip, last + extra))
              i = last + extra + 1
              if pub then
                redis.call('PUBLISH', 'pubsub:tick', ARGV[i])
                i = i + 1
              end
              n = n + 1
            end
            return n
            """;
    static final String PUBLISH_SHA = sha1(PUBLISH_SCRIPT);

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
    private final routes.livedata.LiveDataProperties.Publish config;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> trades = new ConcurrentHashMap<>();
    private final Map<String, Counter> interrupted = new ConcurrentHashMap<>();
    /** Guarded by {@code this}: a batch is judged, written and committed as one step. */
    private final TradeClassifier classifier = new TradeClassifier();

    public TickSink(StringRedisTemplate redis, LiveDataProperties props, ObjectMapper json, MeterRegistry meters) {
        this.redis = redis;
        this.config = props.publish();
        this.json = json;
        this.meters = meters;
    }

    /**
     * The next update of each of these symbols from this source is a baseline, not a trade: the source
     * reconnected, resubscribed or read its file again after an outage, so it may resend what it sent before and
     * its cumulative volume may have grown while it was away (CONTRACT §5). That growth is counted in
     * {@code thor.ticks.interrupted.volume}, logged once, and kept out of the bars.
     */
    public synchronized void baseline(String source, Collection<String> symbols) {
        classifier.baseline(source, symbols);
    }

    /** Every symbol of this source starts again from a baseline (see {@link #baseline(String, Collection)}). */
    public synchronized void baseline(String source) {
        classifier.baseline(source);
    }

    /** Publishes ticks in order; returns how many were written. */
    public synchronized int publish(List<Tick> ticks) {
        if (ticks == null || ticks.isEmpty()) {
            return 0;
        }
        seedFromRedis(ticks);
        Map<String, TradeClassifier.Batch> batches = new HashMap<>(2);
        List<TradeClassifier.Verdict> verdicts = new ArrayList<>(ticks.size());
        for (Tick t : ticks) {
            verdicts.add(batches.computeIfAbsent(sourceOf(t), classifier::batch).classify(t));
        }
        try {
            write(ticks, verdicts);
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("NOSCRIPT") && !String.valueOf(rootMessage(e)).contains("NOSCRIPT")) {
                throw e; // nothing committed: the same ticks sent again are judged the same way
            }
            loadScript(); // Redis restarted without the script; the batch had written nothing
            write(ticks, verdicts);
        }
        batches.values().forEach(TradeClassifier.Batch::commit);
        for (int i = 0; i < ticks.size(); i++) {
            Tick t = ticks.get(i);
            TradeClassifier.Verdict v = verdicts.get(i);
            if (v.trade()) {
                counter(trades, "thor.ticks.trades", sourceOf(t), "Updates judged trades, by source").increment();
            } else if (v.interrupted() > 0) {
                counter(interrupted, "thor.ticks.interrupted.volume", sourceOf(t),
                        "Volume that built up while a feed was interrupted, kept out of the bars").increment(v.interrupted());
                log.warn("{} {}: the cumulative volume grew by {} while the feed was interrupted (or before this start); "
                        + "that volume is in no bar (counted in thor.ticks.interrupted.volume)", sourceOf(t), t.symbol(),
                        v.interrupted());
            }
        }
        return ticks.size();
    }

    private static String sourceOf(Tick t) {
        return t.source() == null ? "UNKNOWN" : t.source();
    }

    /**
     * A symbol first seen since this start: what a previous run published of it ({@code tick:{symbol}}, same
     * source) lets its baseline report the volume that traded while the app was down. One pipelined read, once
     * per symbol.
     */
    private void seedFromRedis(List<Tick> ticks) {
        List<Tick> unknown = new ArrayList<>();
        Set<String> asked = new HashSet<>();
        for (Tick t : ticks) {
            if (t.volume() != null && !classifier.knows(sourceOf(t), t.symbol()) && asked.add(sourceOf(t) + '|' + t.symbol())) {
                unknown.add(t);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        List<Object> before = redis.executePipelined((RedisCallback<Object>) c -> {
            for (Tick t : unknown) {
                c.hashCommands().hMGet(bytes("tick:" + t.symbol()), bytes("volume"), bytes("ts"), bytes("source"));
            }
            return null;
        });
        for (int i = 0; i < unknown.size(); i++) {
            Tick t = unknown.get(i);
            if (before.get(i) instanceof List<?> f && f.size() == 3 && f.get(0) != null && f.get(1) != null
                    && sourceOf(t).equals(String.valueOf(f.get(2)))) {
                try {
                    classifier.seed(sourceOf(t), t.symbol(), Long.parseLong(f.get(0).toString()),
                            Long.parseLong(f.get(1).toString()));
                } catch (NumberFormatException e) {
                    // a damaged previous quote: the baseline simply starts from nothing
                }
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static final byte[] LAST = bytes("last");
    private static final byte[] SIZE = bytes("size");
    private static final byte[] ZERO = bytes("0");
    private static final byte[] TWO = bytes("2");

    private void write(List<Tick> ticks, List<TradeClassifier.Verdict> verdicts) {
        byte[] maxLen = bytes(Long.toString(config.streamMaxLen()));
        boolean pubsub = config.pubsub();
        byte[] pub = bytes(pubsub ? "1" : "0");
        // One pipeline; each script call is sent as soon as its arguments are built, so Redis runs one
        // chunk while the next is being prepared here.
        redis.executePipelined((RedisCallback<Object>) connection -> {
            int perCall = config.scriptBatch();
            List<byte[]> args = new ArrayList<>(2 + perCall * 36);
            for (int from = 0; from < ticks.size(); from += perCall) {
                args.clear();
                args.add(maxLen);
                args.add(pub);
                int to = Math.min(ticks.size(), from + perCall);
                for (int i = from; i < to; i++) {
                    addTick(args, ticks.get(i), verdicts.get(i), pubsub);
                }
                connection.scriptingCommands().evalSha(PUBLISH_SHA, ReturnType.INTEGER, 0, args.toArray(new byte[0][]));
            }
            return null;
        });
        for (Tick t : ticks) {
            counter(published, "thor.ticks.published", sourceOf(t), "Ticks written to Redis, by source").increment();
        }
    }

    /**
     * One tick's script arguments. The hash gets the whole quote, {@code last} first; a trade's stream entry
     * carries {@code last} (its price) and {@code size} (its volume, when the instrument has volume); a quote's
     * stream entry leaves {@code last} out.
     */
    private void addTick(List<byte[]> args, Tick t, TradeClassifier.Verdict v, boolean pubsub) {
        Map<String, String> f = t.toFields();
        String last = v.trade() ? v.price().toPlainString() : f.get("last");
        f.remove("last");
        args.add(bytes(Integer.toString(f.size() + (last == null ? 0 : 1))));
        args.add(bytes(t.symbol()));
        boolean sized = v.trade() && v.size() != null;
        args.add(!v.trade() && last != null ? TWO : ZERO);
        args.add(sized ? TWO : ZERO);
        if (last != null) {
            args.add(LAST);
            args.add(bytes(last));
        }
        f.forEach((k, val) -> {
            args.add(bytes(k));
            args.add(bytes(val));
        });
        if (sized) {
            args.add(SIZE);
            args.add(bytes(Long.toString(v.size())));
        }
        if (pubsub) {
            // the stream entry as JSON: a trade with its last and size, a quote without last
            if (v.trade()) {
                f.put("last", last);
                if (sized) {
                    f.put("size", Long.toString(v.size()));
                }
            }
            args.add(bytes(toJson(f)));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Loads the publish script once (and again after a Redis restart dropped it: see {@link #publish}). */
    private void loadScript() {
        redis.execute((RedisCallback<Object>) c -> c.scriptingCommands().scriptLoad(bytes(PUBLISH_SCRIPT)));
    }

    private Counter counter(Map<String, Counter> counters, String name, String source, String description) {
        return counters.computeIfAbsent(source,
                s -> Counter.builder(name).tag("source", s).description(description).register(meters));
    }

    private String toJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tick cannot be written as JSON", e);
        }
    }
}
