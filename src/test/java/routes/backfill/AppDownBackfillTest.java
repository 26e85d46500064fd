package routes.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import routes.livedata.schwab.fake.FakeSchwab;
import routes.support.AppProcess;
import routes.support.RealServices;
import routes.support.Stores;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's end-to-end case, in real time with real processes: the fake Schwab streams trades of BFL to
 * the app; the app is killed (SIGKILL) for three minutes while the trades go on, then started again. After the
 * restart the minutes it missed come back from Schwab's history (which the fake builds from the same trades),
 * marked SCHWAB_HISTORY and equal to candles computed here from what was sent; the bars before the kill are
 * untouched; the bars after the restart are the trades' own; the interruption is listed by the API.
 * {@code -Dbackfill.down-seconds=N} shortens the three minutes when trying things out.
 */
class AppDownBackfillTest {

    static final String SYMBOL = "BFL";
    static final String SERVICE = "LEVELONE_EQUITIES";

    @TempDir
    Path dir;

    final List<Object[]> sent = new ArrayList<>();   // {Instant at, BigDecimal price, Long size}
    final ObjectMapper json = new ObjectMapper();

    @Test
    void theMinutesTheAppMissedComeBackFromHistory() throws Exception {
        Duration down = Duration.ofSeconds(Long.getLong("backfill.down-seconds", 180));
        JdbcTemplate jdbc = Stores.postgres();
        RealServices.wipeRedis(Stores.redis());
        RealServices.wipeTables(jdbc);
        jdbc.execute("TRUNCATE backfill_request, backfill_unsupported, feed_interruption");

        try (FakeSchwab fake = new FakeSchwab()) {
            // Schwab serves equity minutes 07:00-20:00 ET only (BackfillTest stays inside them); this test runs in
            // real time at whatever hour the build runs, so its fake serves the whole day
            fake.priceHistory.extendedHours(java.time.LocalTime.MIDNIGHT, null);
            Path tokens = dir.resolve("schwab-token.json");
            fake.writeLogin(tokens, Instant.now(), Duration.ofMinutes(30), Duration.ofMinutes(1));
            fake.quote(SERVICE, SYMBOL, Map.of("1", new BigDecimal("49.99"), "2", new BigDecimal("50.01"),
                    "3", new BigDecimal("50.00"), "4", 3, "5", 4, "8", 100_000L, "12", new BigDecimal("49.50"),
                    "34", Instant.now().toEpochMilli(), "35", Instant.now().toEpochMilli()));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String[] args = {"--thor.markets.location=classpath:markets/backfill-live.yaml", "--server.port=" + port,
                    "--thor.cluster.lease=3s",
                    "--thor.livedata.schwab.enabled=true", "--thor.livedata.schwab.equities=" + SYMBOL,
                    "--thor.livedata.schwab.api-base-url=" + fake.baseUrl(),
                    "--thor.livedata.schwab.token-url=" + fake.baseUrl() + "/v1/oauth/token",
                    "--thor.livedata.schwab.token-file=" + tokens,
                    "--thor.livedata.schwab.app-key=" + FakeSchwab.APP_KEY,
                    "--thor.livedata.schwab.app-secret=" + FakeSchwab.APP_SECRET,
                    "--thor.livedata.schwab.callback-url=" + FakeSchwab.CALLBACK,
                    "--thor.livedata.schwab.backoff-min=100ms",
                    "--thor.livedata.schwab.backoff-max=1s",
                    "--thor.engine.bar-grace=2s", "--thor.engine.revision-window=10s",
                    "--thor.coverage.heartbeat-interval=1s", "--thor.coverage.down-after=4s",
                    "--thor.livedata.schwab.backfill.enabled=true", "--thor.livedata.schwab.backfill.settle=15s",
                    "--thor.livedata.schwab.backfill.plan-interval=1s",
                    "--thor.livedata.schwab.backfill.work-interval=200ms",
                    // the fake serves the whole day (above): so may the app ask for it, at whatever hour this runs
                    "--thor.livedata.schwab.backfill.equity-history-hours="};

            AtomicBoolean trading = new AtomicBoolean(true);
            Thread feed = new Thread(() -> trade(fake, trading), "schwab-trades");
            feed.setDaemon(true);
            feed.start();
            try {
                Instant killedAt;
                List<Map<String, Object>> before;
                try (AppProcess first = new AppProcess(logs().resolve("first.log"), args).start()) {
                    Instant started = Instant.now();
                    // a whole minute of bars built from the stream, then a kill in the middle of a minute
                    await("a streamed minute", Duration.ofSeconds(150), () -> count(jdbc,
                            "origin = 'TRADES' AND bucket_start >= ?", minute(started).plusSeconds(60)) >= 1);
                    while (second(Instant.now()) < 20 || second(Instant.now()) > 40) {
                        Thread.sleep(200);
                    }
                    first.kill();
                    killedAt = Instant.now();
                    before = bars(jdbc, "bucket_start < ?", minute(killedAt));
                }
                Thread.sleep(down.toMillis());
                try (AppProcess second = new AppProcess(logs().resolve("second.log"), args).start()) {
                    Instant restarted = Instant.now();
                    await("the backfill done", Duration.ofSeconds(120), () -> jdbc.queryForObject(
                            "SELECT count(*) FROM backfill_request WHERE symbol = ? AND state = 'DONE'", Integer.class,
                            SYMBOL) == 1);
                    Instant afterRestart = minute(restarted).plusSeconds(120);
                    await("a streamed minute after the restart", Duration.ofSeconds(180), () -> count(jdbc,
                            "origin = 'TRADES' AND bucket_start >= ?", afterRestart) >= 1);
                    trading.set(false);
                    feed.join();

                    Map<Instant, BigDecimal[]> candles = candles();
                    // the interruption: from the last heartbeat before the kill to the restart
                    JsonNode listed = get(port, "/api/coverage/interruptions?from=" + minute(killedAt).minusSeconds(600)
                            + "&to=" + Instant.now());
                    assertThat(listed).hasSize(1);
                    Instant from = Instant.parse(listed.get(0).path("startedAt").asText());
                    Instant to = Instant.parse(listed.get(0).path("endedAt").asText());
                    assertThat(listed.get(0).path("source").asText()).isEqualTo("APP");
                    assertThat(from).isBetween(killedAt.minusSeconds(3), killedAt);
                    assertThat(to).isBetween(restarted, restarted.plusSeconds(60));

                    // filled: every minute wholly inside it, each equal to the trades' candle; none outside it
                    List<Map<String, Object>> filled = bars(jdbc, "origin = 'SCHWAB_HISTORY' AND bucket_start >= ?",
                            Instant.EPOCH);
                    for (Instant m = minute(from).plusSeconds(60); m.isBefore(minute(to)); m = m.plusSeconds(60)) {
                        Instant mm = m;
                        assertThat(filled).as("minute " + m + " filled").anyMatch(b -> bucket(b).equals(mm));
                    }
                    assertThat(filled.size()).isGreaterThanOrEqualTo((int) (down.toMinutes() - 1));
                    for (Map<String, Object> b : filled) {
                        assertThat(bucket(b)).isBetween(minute(from), minute(to));
                        assertBarIs(b, candles.get(bucket(b)));
                    }
                    // before the kill: not a byte changed; after the restart: the streamed trades' own bars
                    assertThat(bars(jdbc, "bucket_start < ?", minute(killedAt))).isEqualTo(before);
                    List<Map<String, Object>> after = bars(jdbc, "bucket_start >= ?", afterRestart);
                    assertThat(after).isNotEmpty();
                    for (Map<String, Object> b : after) {
                        assertThat(b.get("origin")).isEqualTo("TRADES");
                        assertBarIs(b, candles.get(bucket(b)));   // a stored bar is closed: all its trades are in
                    }

                    // the operator's view of the whole stretch
                    JsonNode cov = get(port, "/api/coverage/BFLIVE/" + SYMBOL + "?from=" + minute(killedAt).minusSeconds(120)
                            + "&to=" + afterRestart);
                    assertThat(cov.path("minutes").path("FILLED").asInt()).isEqualTo(filled.size());
                    assertThat(cov.path("minutes").path("MISSED").asInt()).isZero();
                    assertThat(cov.path("minutes").path("NOT_IN_HISTORY").asInt()).isZero();
                }
            } finally {
                trading.set(false);
            }
        }
    }

    /** The two app runs' logs, kept in target/ for a look after a failure. */
    private static Path logs() throws java.io.IOException {
        Path p = Path.of("target", "app-down-backfill");
        Files.createDirectories(p);
        return p;
    }

    /** A trade about every 700 ms, streamed by the fake and remembered by its price history, until told to stop. */
    private void trade(FakeSchwab fake, AtomicBoolean trading) {
        Random rnd = new Random(15);
        BigDecimal price = new BigDecimal("50.00");
        long cumulative = 100_000L;
        while (trading.get()) {
            price = price.add(BigDecimal.valueOf(rnd.nextInt(7) - 3).multiply(new BigDecimal("0.01")));
            long size = 1 + rnd.nextInt(300);
            cumulative += size;
            Instant at = Instant.now();
            synchronized (sent) {
                sent.add(new Object[]{at, price, size});
            }
            fake.priceHistory.trade(SYMBOL, at, price, size);
            fake.change(SERVICE, SYMBOL, Map.of("3", price, "8", cumulative, "35", at.toEpochMilli()));
            try {
                Thread.sleep(600 + rnd.nextInt(200));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The oracle: each minute's open, high, low, close and volume from the trades sent, in time order. */
    private Map<Instant, BigDecimal[]> candles() {
        Map<Instant, BigDecimal[]> out = new TreeMap<>();
        synchronized (sent) {
            for (Object[] t : sent) {
                BigDecimal p = (BigDecimal) t[1];
                BigDecimal[] c = out.computeIfAbsent(minute((Instant) t[0]), k -> new BigDecimal[]{p, p, p, p, BigDecimal.ZERO});
                c[1] = c[1].max(p);
                c[2] = c[2].min(p);
                c[3] = p;
                c[4] = c[4].add(BigDecimal.valueOf((Long) t[2]));
            }
        }
        return out;
    }

    private static void assertBarIs(Map<String, Object> bar, BigDecimal[] c) {
        assertThat(c).as("a candle for " + bucket(bar)).isNotNull();
        assertThat((BigDecimal) bar.get("open")).as("open " + bucket(bar)).isEqualByComparingTo(c[0]);
        assertThat((BigDecimal) bar.get("high")).as("high " + bucket(bar)).isEqualByComparingTo(c[1]);
        assertThat((BigDecimal) bar.get("low")).as("low " + bucket(bar)).isEqualByComparingTo(c[2]);
        assertThat((BigDecimal) bar.get("close")).as("close " + bucket(bar)).isEqualByComparingTo(c[3]);
        assertThat(((Number) bar.get("volume")).longValue()).as("volume " + bucket(bar)).isEqualTo(c[4].longValueExact());
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + path)).header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("operator:test-operator-secret".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static List<Map<String, Object>> bars(JdbcTemplate jdbc, String where, Instant t) {
        return jdbc.queryForList("SELECT bucket_start, open, high, low, close, volume, tick_count, vwap, revision, origin, "
                + "written_at FROM intraday_bar_1m WHERE market = 'BFLIVE' AND symbol = 'BFL' AND " + where
                + " ORDER BY bucket_start", Timestamp.from(t));
    }

    private static int count(JdbcTemplate jdbc, String where, Instant t) {
        return bars(jdbc, where, t).size();
    }

    private static Instant bucket(Map<String, Object> bar) {
        return ((Timestamp) bar.get("bucket_start")).toInstant();
    }

    private static Instant minute(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 60) * 60);
    }

    private static int second(Instant t) {
        return t.atZone(ZoneOffset.UTC).getSecond();
    }

    private static void await(String what, Duration max, BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(250);
        }
    }
}
