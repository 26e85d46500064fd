package routes.bench;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import routes.config.ThorProperties;
import routes.support.TestProperties;
import routes.livedata.Tick;
import routes.livedata.TickSink;
import routes.livedata.tos.ExcelLikeFiles;
import routes.livedata.tos.TosExportFile;
import routes.livedata.tos.TosExportPoller;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The TOS export poller's work per poll on a 5,000-row export: read the file's bytes (what the route's
 * convertBodyTo does), parse, diff, publish through the real {@link TickSink} into the real Redis, commit.
 * Not a test (surefire never runs it); BENCHMARKS.md gives the command. Uses Redis database 14, which it
 * empties, so the test suites on database 15 are never disturbed.
 *
 * <p>Args: [polls per case, default 200] [redis host, default 127.0.0.1] [redis port, default 6379].
 */
public final class TosExportBenchmark {

    static final int ROWS = 5_000;
    static final String[] HEADER = {"Symbol", "Close", "Open", "NetChange", "24High", "24Low", "52WkHigh", "52WkLow",
            "Volume", "Bid", "Last", "Ask", "BidSize", "AskSize"};

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        int polls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        RedisStandaloneConfiguration rc = new RedisStandaloneConfiguration(args.length > 1 ? args[1] : "127.0.0.1",
                args.length > 2 ? Integer.parseInt(args[2]) : 6379);
        rc.setDatabase(14);
        LettuceConnectionFactory factory = new LettuceConnectionFactory(rc);
        factory.afterPropertiesSet();
        StringRedisTemplate redis = new StringRedisTemplate(factory);
        Path dir = Files.createTempDirectory("tos-bench");
        try {
            System.out.printf("TOS export poller, %d rows x %d columns, %d polls per case, Redis db 14%n", ROWS,
                    HEADER.length, polls);
            for (String file : List.of("export.csv", "export.xlsx")) {
                for (int changedPercent : new int[]{100, 10, 0}) {
                    flush(redis);
                    run(redis, dir.resolve(file), polls, changedPercent);
                }
            }
        } finally {
            flush(redis);
            factory.destroy();
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        }
    }

    /** Polls where {@code changedPercent} of the rows changed since the previous version. */
    private static void run(StringRedisTemplate redis, Path file, int polls, int changedPercent) throws Exception {
        ThorProperties props = TestProperties.thor("thor.livedata.tos.file=" + file,
                "thor.livedata.publish.stream-max-len=100000");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TickSink sink = new TickSink(redis, props.livedata(), new ObjectMapper(), meters);
        TosExportPoller poller = new TosExportPoller(new TosExportFile(props.livedata()), props.livedata(), Clock.systemUTC(), meters);
        Random random = new Random(1);
        double[] prices = new double[ROWS];
        Arrays.setAll(prices, i -> 100 + random.nextInt(10_000) / 4.0);
        long[] volumes = new long[ROWS];
        int warmup = 30;
        // Every version of the export is made before the clock starts: the generator's garbage is TOS's, in
        // another process, and must not be collected on the poller's time.
        byte[][] versions = new byte[warmup + polls][];
        for (int p = 0; p < versions.length; p++) {
            for (int i = 0; i < ROWS; i++) {
                if (p == 0 || random.nextInt(100) < changedPercent) {
                    prices[i] += 0.25;
                    volumes[i] += 1 + random.nextInt(20);
                }
            }
            versions[p] = export(file, prices, volumes);
        }
        long[] nanos = new long[polls];
        long[] parseNanos = new long[polls];
        int ticks = 0;
        for (int p = -warmup; p < polls; p++) {
            Files.write(file, versions[p + warmup]);
            if (p == 0) {
                redis.execute((RedisCallback<Object>) c -> {
                    c.serverCommands().resetConfigStats(); // from here, count Redis's own time per poll
                    return null;
                });
            }
            long modified = Files.getLastModifiedTime(file).toMillis();
            long t0 = System.nanoTime();
            byte[] bytes = Files.readAllBytes(file);
            List<Tick> due = poller.poll(bytes, modified);
            long parsed = System.nanoTime() - t0;
            if (!due.isEmpty()) {
                sink.publish(due);
                poller.published();
            }
            long t = System.nanoTime() - t0;
            if (p >= 0) {
                nanos[p] = t;
                parseNanos[p] = parsed;
                ticks += due.size();
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(parseNanos);
        double redisMs = scriptMicros(redis) / 1000.0 / polls;
        System.out.printf(Locale.ROOT, "%-12s %3d%% of rows changed  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d ticks/poll, %d bytes)"
                        + "  read+parse+diff p50 %5.1f ms  Redis running the publish script: %5.1f ms/poll = %.2f of p50%n",
                file.getFileName(), changedPercent, ms(nanos[polls / 2]),
                ms(nanos[(int) Math.ceil(polls * 0.99) - 1]), ms(nanos[polls - 1]), ticks / polls, Files.size(file),
                ms(parseNanos[polls / 2]),
                redisMs, redisMs / ms(nanos[polls / 2]));
    }

    private static byte[] export(Path file, double[] prices, long[] volumes) {
        List<String[]> rows = new ArrayList<>(ROWS + 1);
        rows.add(HEADER);
        for (int i = 0; i < ROWS; i++) {
            double p = prices[i];
            rows.add(new String[]{String.format(Locale.ROOT, "/S%04d:XCME", i), d(p - 1), d(p - 0.5), d(1 + 0.0000000000001),
                    d(p + 2), d(p - 2), d(p + 50), d(p - 50), Long.toString(volumes[i]), d(p - 0.25), d(p), d(p + 0.25),
                    "12", "15"});
        }
        if (file.toString().endsWith(".xlsx")) {
            return ExcelLikeFiles.workbook("LiveData", rows);
        }
        return ExcelLikeFiles.csv(rows.stream().map(r -> String.join(",", r)).toArray(String[]::new));
    }

    /** A double as Excel writes it into the file: with its binary noise (17 significant digits). */
    private static String d(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(17)).toString();
    }

    /** Microseconds Redis spent in EVALSHA since the last CONFIG RESETSTAT (INFO commandstats). */
    private static long scriptMicros(StringRedisTemplate redis) {
        java.util.Properties stats = redis.execute((RedisCallback<java.util.Properties>) c -> c.serverCommands().info("commandstats"));
        String line = stats == null ? null : stats.getProperty("cmdstat_evalsha");
        if (line == null) {
            return 0;
        }
        for (String part : line.split(",")) {
            if (part.startsWith("usec=")) {
                return Long.parseLong(part.substring(5));
            }
        }
        return 0;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void flush(StringRedisTemplate redis) {
        redis.execute((RedisCallback<Object>) c -> {
            c.serverCommands().flushDb();
            return null;
        });
    }
}
