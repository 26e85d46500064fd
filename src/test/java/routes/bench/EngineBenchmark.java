package routes.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import routes.support.AppProcess;
import routes.support.Stores;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's throughput benchmark (issue 5): a load generator writes ticks for N symbols into the `ticks`
 * stream for D seconds, as fast as it can or at an offered rate, with the engine (a separate JVM, -Xmx512m),
 * Redis and Postgres on this machine. Flat out, the generator (raw RESP over one socket) can flood the two
 * cores; an offered rate measures what the engine sustains, and raising it finds the engine's ceiling. Reports the engine's sustained rate, the same Redis's pipelined XADD ceiling
 * (redis-benchmark), bar lateness in Postgres (p50/p99 of written_at − minute end) and the engine's peak heap.
 * Run with {@code bash ops/bench-engine.sh [symbols] [seconds] [ticks per second, 0 = flat out] [quotes per trade, 5]};
 * it uses Redis database 14 and the thor_bench database. The entries are what the sink writes (CONTRACT §5): a
 * trade carries {@code last} and {@code size}, a quote (bid/ask moved) no {@code last}; by default 5 quotes per
 * trade, as a real feed sends.
 */
public final class EngineBenchmark {

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        // optional: a fixed offered load (ticks/s) to measure lateness at a rate the machine sustains; 0 = flat out
        int offered = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        // the mix: quote entries per trade entry (0: every entry a trade, as the benchmarks before #12 ran)
        int quotesPerTrade = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        String redisHost = System.getenv().getOrDefault("THOR_REDIS_HOST", "127.0.0.1");
        int redisPort = Integer.parseInt(System.getenv().getOrDefault("THOR_REDIS_PORT", "6379"));

        double ceiling = xaddCeiling(redisHost, redisPort);
        System.out.printf("redis-benchmark pipelined XADD ceiling: %.0f entries/s%n", ceiling);

        Path dir = Files.createTempDirectory("thor-bench");
        Path catalog = dir.resolve("bench-markets.yaml");
        StringBuilder yaml = new StringBuilder("markets:\n  - id: BENCH\n    name: Benchmark\n    mic: XBEN\n"
                + "    timezone: UTC\n    weekdays: [MON, TUE, WED, THU, FRI, SAT, SUN]\n"
                + "    sessions:\n      - { open: \"00:00\", close: \"24:00\" }\n"
                + "    valid-from: 2025-01-01\n    valid-to: 2030-12-31\n    symbols: [");
        for (int i = 0; i < symbols; i++) {
            yaml.append(i == 0 ? "" : ", ").append(sym(i));
        }
        yaml.append("]\n");
        Files.writeString(catalog, yaml);

        RedisClient client = RedisClient.create("redis://" + redisHost + ":" + redisPort + "/14");
        StatefulRedisConnection<String, String> conn = client.connect();
        conn.sync().flushdb();
        JdbcTemplate jdbc = Stores.postgres();
        // the database is made fresh by ops/bench-engine.sh; the app migrates it at start

        Path log = dir.resolve("engine.log");
        try (AppProcess app = new AppProcess(log, "--thor.markets.location=file:" + catalog,
                "--spring.data.redis.database=14", "--server.port=18089", "--thor.engine.consumer-name=bench",
                "--logging.level.routes=INFO", "--logging.level.routes.engine=DEBUG").start()) {
            waitForGroup(conn, app);
            System.out.printf("engine up; generating ticks for %d symbols for %d s, %s, %d quotes per trade%n", symbols,
                    seconds, offered > 0 ? "offered at " + offered + " ticks/s" : "as fast as the generator can", quotesPerTrade);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong produced = new AtomicLong();
            Thread generator = new Thread(() -> generate(redisHost, redisPort, symbols, offered, quotesPerTrade, running, produced), "generator");
            Instant start = Instant.now();
            generator.start();
            long peakHeap = 0;
            List<long[]> samples = new ArrayList<>(); // {elapsed ms, produced, consumed}
            while (Duration.between(start, Instant.now()).getSeconds() < seconds) {
                Thread.sleep(5000);
                long consumed = entriesRead(conn);
                long heap = heapUsed(app);
                peakHeap = Math.max(peakHeap, heap);
                long ms = Duration.between(start, Instant.now()).toMillis();
                samples.add(new long[]{ms, produced.get(), consumed});
                System.out.printf("t=%3ds produced=%,d consumed=%,d (%.0f/s) lag=%,d heap=%dMB%n", ms / 1000,
                        produced.get(), consumed, consumed * 1000.0 / ms, produced.get() - consumed, heap >> 20);
            }
            running.set(false);
            generator.join();
            Instant genEnd = Instant.now();
            long total = produced.get();
            while (entriesRead(conn) < total && Duration.between(genEnd, Instant.now()).getSeconds() < 120) {
                Thread.sleep(200);
            }
            Instant drained = Instant.now();
            double rate = total * 1000.0 / Duration.between(start, drained).toMillis();
            // Sustained rate: over the middle of the run, excluding warm-up.
            long[] a = samples.get(Math.min(2, samples.size() - 1));
            long[] b = samples.get(samples.size() - 1);
            double sustained = (b[2] - a[2]) * 1000.0 / Math.max(1, b[0] - a[0]);
            Thread.sleep(5000); // the last minute's bars close and flush
            List<Double> lateness = jdbc.queryForList("SELECT EXTRACT(EPOCH FROM (written_at - (bucket_start + interval '1 minute'))) "
                    + "FROM intraday_bar_1m WHERE bucket_start + interval '1 minute' <= ? ORDER BY 1", Double.class,
                    java.sql.Timestamp.from(genEnd.minusSeconds(60)));
            long bars = jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m", Long.class);
            // per minute: when its first and its last bar landed (the gap between them is the flush's own time)
            System.out.println();
            jdbc.query("SELECT bucket_start, count(*) AS n, "
                    + "EXTRACT(EPOCH FROM min(written_at) - (bucket_start + interval '1 minute')) AS first, "
                    + "EXTRACT(EPOCH FROM max(written_at) - (bucket_start + interval '1 minute')) AS last "
                    + "FROM intraday_bar_1m GROUP BY bucket_start ORDER BY bucket_start", rs -> {
                System.out.printf(Locale.ROOT, "minute %s: %,6d bars, first written %.2f s after its end, last %.2f s%n",
                        rs.getTimestamp("bucket_start").toInstant(), rs.getLong("n"), rs.getDouble("first"),
                        rs.getDouble("last"));
            });
            System.out.println();
            System.out.printf("machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"), System.getProperty("java.version"));
            System.out.printf("ticks produced: %,d in %d s (%d symbols; %d quotes per trade: %,d trades)%n", total, seconds,
                    symbols, quotesPerTrade, total / (quotesPerTrade + 1));
            System.out.printf("engine rate, whole run incl. drain: %,.0f ticks/s%n", rate);
            System.out.printf("engine rate, sustained (after warm-up): %,.0f ticks/s = %.2f of the XADD ceiling%n",
                    sustained, sustained / ceiling);
            System.out.printf("drain after the generator stopped: %d ms%n", Duration.between(genEnd, drained).toMillis());
            System.out.printf("bars in Postgres: %,d; lateness after minute end: p50 %.2f s, p99 %.2f s, max %.2f s (n=%d)%n",
                    bars, pct(lateness, 0.50), pct(lateness, 0.99), pct(lateness, 1.0), lateness.size());
            System.out.printf("engine heap used, peak of 5 s samples: %d MB (-Xmx512m)%n", peakHeap >> 20);
            System.out.printf("engine log (closing and flushing times at DEBUG): %s%n", log);
        } finally {
            conn.close();
            client.shutdown();
        }
    }

    static String sym(int i) {
        return String.format("S%05d", i);
    }

    /**
     * Pipelined XADDs of realistic ticks, 2,000 per write, for as long as {@code running}, paced to {@code rate}
     * if set. The generator shares the two cores with the engine, Redis and Postgres, so it writes the Redis
     * protocol itself over one socket (a reader thread counts the replies): a client library's per-command
     * objects would cost the engine more CPU than the ticks do.
     */
    static void generate(String host, int port, int symbols, int rate, int quotesPerTrade, AtomicBoolean running,
                         AtomicLong produced) {
        SplittableRandom r = new SplittableRandom(1);
        long[] price = new long[symbols];
        long[] volume = new long[symbols];
        for (int i = 0; i < symbols; i++) {
            price[i] = 10_000 + r.nextInt(500_000);
            volume[i] = r.nextInt(100_000);
        }
        byte[][] names = new byte[symbols][];
        for (int i = 0; i < symbols; i++) {
            names[i] = sym(i).getBytes(StandardCharsets.US_ASCII);
        }
        try (java.net.Socket socket = new java.net.Socket(host, port)) {
            socket.setTcpNoDelay(true);
            java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 20);
            RespReplies replies = new RespReplies(socket.getInputStream());
            Thread reader = new Thread(replies, "generator-replies");
            reader.setDaemon(true);
            reader.start();
            Resp cmd = new Resp();
            cmd.command("SELECT", "14");
            out.write(cmd.buf, 0, cmd.len);
            long started = System.nanoTime();
            long sent = 1; // the SELECT
            while (running.get()) {
                if (rate > 0) {
                    long due = started + (sent - 1) * 1_000_000_000L / rate; // when this batch is due at the offered rate
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
                byte[] now = Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII);
                cmd.len = 0;
                for (int k = 0; k < 2000; k++) {
                    int i = r.nextInt(symbols);
                    if (r.nextInt(quotesPerTrade + 1) == 0) {
                        price[i] += r.nextInt(5) - 2;
                        int size = 1 + r.nextInt(20);
                        volume[i] += size;
                        cmd.xaddTrade(names[i], price[i], volume[i], size, now);
                    } else {
                        cmd.xaddQuote(names[i], price[i] - r.nextInt(2), price[i] + r.nextInt(2), volume[i], now);
                    }
                }
                out.write(cmd.buf, 0, cmd.len);
                out.flush();
                sent += 2000;
                // at most three batches in flight: one being answered while the next ones are written
                while (sent - replies.count.get() > 6000) {
                    replies.check();
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
                produced.set(replies.count.get() - 1);
            }
            while (replies.count.get() < sent) {
                replies.check();
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
            produced.set(sent - 1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A reusable buffer of Redis protocol (RESP2) commands. */
    static final class Resp {
        private static final String XADD = "$4\r\nXADD\r\n$5\r\nticks\r\n$6\r\nMAXLEN\r\n$1\r\n~\r\n"
                + "$7\r\n3000000\r\n$1\r\n*\r\n$6\r\nsymbol\r\n";
        // XADD's 6 words and 8 field/value pairs (a trade) or 6 (a quote)
        private static final byte[] TRADE_HEAD = ascii("*22\r\n" + XADD), QUOTE_HEAD = ascii("*18\r\n" + XADD);
        byte[] buf = new byte[1 << 20];
        int len;

        void command(String... args) {
            put('*');
            number(args.length);
            for (String a : args) {
                bulk(ascii(a));
            }
        }

        /** A trade entry as the sink writes it: its price ({@code last}) and {@code size}, with the quote. */
        void xaddTrade(byte[] symbol, long priceCents, long volume, int size, byte[] now) {
            put(TRADE_HEAD);
            bulk(symbol);
            bulk(LAST);
            cents(priceCents);
            bulk(BID);
            cents(priceCents - 1);
            bulk(ASK);
            cents(priceCents + 1);
            bulk(VOLUME);
            bulk(ascii(Long.toString(volume)));
            bulk(SIZE);
            bulk(ascii(Integer.toString(size)));
            bulk(TS);
            bulk(now);
            bulk(SOURCE);
            bulk(DEMO);
        }

        /** A quote entry as the sink writes it: no {@code last}. */
        void xaddQuote(byte[] symbol, long bidCents, long askCents, long volume, byte[] now) {
            put(QUOTE_HEAD);
            bulk(symbol);
            bulk(BID);
            cents(bidCents - 1);
            bulk(ASK);
            cents(askCents + 1);
            bulk(VOLUME);
            bulk(ascii(Long.toString(volume)));
            bulk(TS);
            bulk(now);
            bulk(SOURCE);
            bulk(DEMO);
        }

        private static final byte[] LAST = ascii("last"), BID = ascii("bid"), ASK = ascii("ask"), SIZE = ascii("size"),
                VOLUME = ascii("volume"), TS = ascii("ts"), SOURCE = ascii("source"), DEMO = ascii("DEMO");

        private void cents(long c) {
            bulk(ascii(EngineBenchmark.cents(c)));
        }

        private void bulk(byte[] b) {
            put('$');
            number(b.length);
            put(b);
            put('\r');
            put('\n');
        }

        private void number(int n) {
            put(ascii(Integer.toString(n)));
            put('\r');
            put('\n');
        }

        private void put(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        private void put(char c) {
            ensure(1);
            buf[len++] = (byte) c;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Counts replies on the generator's socket; an error reply stops the benchmark with Redis's message. */
    static final class RespReplies implements Runnable {
        final AtomicLong count = new AtomicLong();
        private final java.io.InputStream in;
        private volatile String error;

        RespReplies(java.io.InputStream in) {
            this.in = new java.io.BufferedInputStream(in, 1 << 16);
        }

        @Override
        public void run() {
            try {
                int type;
                while ((type = in.read()) >= 0) {
                    String line = line();
                    if (type == '-') {
                        error = line;
                        return;
                    }
                    if (type == '$' && Integer.parseInt(line) >= 0) {
                        in.skipNBytes(Integer.parseInt(line) + 2L);
                    }
                    count.incrementAndGet();
                }
                error = "Redis closed the connection";
            } catch (java.io.IOException | RuntimeException e) {
                error = e.toString();
            }
        }

        private String line() throws java.io.IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                sb.append((char) c);
            }
            in.read(); // '\n'
            return sb.toString();
        }

        void check() {
            if (error != null) {
                throw new IllegalStateException("the generator's Redis connection failed: " + error);
            }
        }
    }

    static String cents(long c) {
        long cents = c % 100;
        return (c / 100) + (cents < 10 ? ".0" : ".") + cents;
    }

    static long entriesRead(StatefulRedisConnection<String, String> conn) {
        List<Object> groups = conn.sync().xinfoGroups("ticks");
        for (Object g : groups) {
            List<?> kv = (List<?>) g;
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                if ("entries-read".equals(String.valueOf(kv.get(i))) && kv.get(i + 1) != null) {
                    return Long.parseLong(String.valueOf(kv.get(i + 1)));
                }
            }
        }
        return 0;
    }

    static void waitForGroup(StatefulRedisConnection<String, String> conn, AppProcess app) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try {
                if (!conn.sync().xinfoGroups("ticks").isEmpty()) {
                    return;
                }
            } catch (RuntimeException e) {
                // no stream yet
            }
            if (!app.isAlive()) {
                throw new IllegalStateException("engine died, see " + app.logFile());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("engine did not start, see " + app.logFile());
    }

    /** The engine JVM's used heap, from jcmd GC.heap_info (no HTTP login needed). */
    static long heapUsed(AppProcess app) {
        try {
            long pid = app.pid();
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            long used = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                String line;
                while ((line = in.readLine()) != null) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(line);
                    if (line.contains("garbage-first heap") && m.find()) {
                        used = Long.parseLong(m.group(1)) * 1024;
                    }
                }
            }
            p.waitFor();
            return used;
        } catch (Exception e) {
            return -1;
        }
    }

    static double xaddCeiling(String host, int port) throws Exception {
        Process p = new ProcessBuilder("redis-benchmark", "-h", host, "-p", Integer.toString(port), "--dbnum", "14",
                "-P", "64", "-n", "1000000", "-q", "XADD", "bench:ceiling", "MAXLEN", "~", "100000", "*",
                "symbol", "S00001", "last", "1234.56", "bid", "1234.55", "ask", "1234.57", "volume", "123456",
                "ts", "1795480000000", "source", "DEMO").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+) requests per second").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("redis-benchmark said: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    static double pct(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private EngineBenchmark() {
    }
}
