package routes.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import routes.support.RealServices;
import routes.support.TestClock;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recipes of examples/routes, loaded as a user would (thor.routes.directory), against the running pipeline
 * on the real Redis and Postgres: a broker's CSV files feed ES through direct:ticks, its bars land in
 * intraday_bar_1m equal to bars computed here from the rows written, every stored bar reaches the JSON-lines
 * file tap and the bar webhook, a rejected row loses nothing else, and a market's open reaches the event
 * webhook (a real local HTTP server).
 */
@SpringBootTest(properties = {
        "thor.markets.location=classpath:markets/clock-day.yaml",
        "thor.engine.enabled=false",
        "thor.engine.bar-grace=2s",
        "thor.routes.directory=examples/routes"})
@ActiveProfiles("test")
@DirtiesContext
class ExamplesTest {

    static final Instant T0 = Instant.parse("2026-03-09T23:00:00Z"); // 08:00 Tokyo: LUNCH opens at 00:00Z

    static final Path DIR = tempDir();
    static final Path INBOX = DIR.resolve("inbox");
    static final Path BARS = DIR.resolve("bars");
    static final List<String> BAR_POSTS = new CopyOnWriteArrayList<>();
    static final List<String> EVENT_POSTS = new CopyOnWriteArrayList<>();
    static final HttpServer WEBHOOKS = webhooks();

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(T0);
        }
    }

    @DynamicPropertySource
    static void recipePlaceholders(DynamicPropertyRegistry r) {
        String base = "http://127.0.0.1:" + WEBHOOKS.getAddress().getPort();
        r.add("broker.csv.inbox", INBOX::toString);
        r.add("bars.files.directory", BARS::toString);
        r.add("bars.webhook.url", () -> base + "/bars");
        r.add("market-events.webhook.url", () -> base + "/events");
    }

    @Autowired TestClock clock;
    @Autowired StringRedisTemplate redis;
    @Autowired JdbcTemplate jdbc;
    @Autowired CamelContext camel;
    @Autowired MeterRegistry meters;
    final ObjectMapper json = new ObjectMapper();

    @AfterAll
    static void stopWebhooks() {
        WEBHOOKS.stop(0);
    }

    @Test
    void aBrokersCsvBecomesBarsInPostgresAndEveryStoredBarReachesTheTaps() throws Exception {
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        for (String id : List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush")) {
            camel.getRouteController().startRoute(id);
        }
        assertThat(camel.getRoute("broker-csv-ticks")).as("the recipe was loaded from the folder").isNotNull();
        await("the market clock's first fire", () -> redis.opsForValue().get("globalmarkets:clock:checked-through") != null);

        // The broker's rows, in its own column names and order. The first is a quote (a baseline: no trade);
        // every later row trades, with a rising cumulative volume. Rows in 23:00 and in 23:01.
        List<String[]> trades = new ArrayList<>(); // {tsMs, last, cumulative}
        StringBuilder csv1 = new StringBuilder("Ticker,Trade Price,Bid,Ask,Cumulative Volume,Epoch Millis\n");
        csv1.append("ES,,6000.00,6000.25,1000,").append(T0.plusMillis(500).toEpochMilli()).append('\n');
        long volume = 1000;
        BigDecimal price = new BigDecimal("6000.25");
        for (int i = 0; i < 40; i++) {
            long ts = T0.plusSeconds(1 + i * 2L).toEpochMilli(); // 23:00:01 .. 23:01:19
            price = price.add(new BigDecimal("0.25").multiply(BigDecimal.valueOf((i * 7 % 5) - 2)));
            volume += 1 + i % 4;
            csv1.append("ES,").append(price.toPlainString()).append(",,,").append(volume).append(',').append(ts).append('\n');
            trades.add(new String[]{Long.toString(ts), price.toPlainString(), Long.toString(volume)});
        }
        clock.set(T0.plusSeconds(30));
        drop("broker-1.csv", csv1.toString());
        await("broker-1.csv read and moved to .done", () -> Files.exists(INBOX.resolve(".done/broker-1.csv")));

        // A second file with a row that cannot be read: the others still go through, the file goes to .failed.
        double rejectedBefore = rejected();
        StringBuilder csv2 = new StringBuilder("Ticker,Trade Price,Bid,Ask,Cumulative Volume,Epoch Millis\n");
        long ts2 = T0.plusSeconds(100).toEpochMilli();
        csv2.append("ES,6001.50,,,").append(volume + 5).append(',').append(ts2).append('\n');
        csv2.append("ES,abc,,,").append(volume + 6).append(',').append(ts2 + 1000).append('\n');
        csv2.append("ES,6002.00,,,").append(volume + 9).append(',').append(ts2 + 2000).append('\n');
        trades.add(new String[]{Long.toString(ts2), "6001.50", Long.toString(volume + 5)});
        trades.add(new String[]{Long.toString(ts2 + 2000), "6002.00", Long.toString(volume + 9)});
        drop("broker-2.csv", csv2.toString());
        await("broker-2.csv moved to .failed", () -> Files.exists(INBOX.resolve(".failed/broker-2.csv")));
        assertThat(rejected() - rejectedBefore).isEqualTo(1.0);
        // the shared error handling saw it on the recipe's own route (thor-errors applies to user routes too)
        await("the rejection counted on the recipe's route", () -> meters.find("thor.route.errors")
                .tag("route", "broker-csv-ticks").tag("exception", "RejectedTicksException").counter() != null);

        int published = 1 + 40 + 2;
        await("the engine read every published tick", () -> meters.counter("thor.engine.ticks.in").count() >= published);
        clock.set(T0.plusSeconds(62).plusMillis(500));
        await("23:00 stored", () -> rows() >= 1);
        clock.set(T0.plusSeconds(122).plusMillis(500));
        await("23:01 stored", () -> rows() >= 2);

        // Postgres holds exactly the bars computed here from the rows written.
        Map<String, Map<String, Object>> expected = bars(trades);
        List<Map<String, Object>> stored = jdbc.queryForList("SELECT market, symbol, bucket_start, open, high, low, close, "
                + "volume, tick_count, revision FROM intraday_bar_1m ORDER BY bucket_start");
        assertThat(stored).hasSize(expected.size());
        for (Map<String, Object> row : stored) {
            String minute = ((java.sql.Timestamp) row.get("bucket_start")).toInstant().toString();
            Map<String, Object> want = expected.get(minute);
            assertThat(want).as("a bar no row made: %s", minute).isNotNull();
            assertThat(row.get("market")).isEqualTo("ALWAYS");
            for (String f : List.of("open", "high", "low", "close")) {
                assertThat((BigDecimal) row.get(f)).as("%s %s", minute, f).isEqualByComparingTo((BigDecimal) want.get(f));
            }
            assertThat(((Number) row.get("volume")).longValue()).as(minute + " volume").isEqualTo(want.get("volume"));
            assertThat(((Number) row.get("tick_count")).intValue()).as(minute + " ticks").isEqualTo(want.get("ticks"));
        }

        // Every stored bar reached the file tap and the bar webhook, with the same figures.
        await("every stored bar in the file tap", () -> tapLines().size() >= stored.size());
        await("every stored bar at the webhook", () -> BAR_POSTS.size() >= stored.size());
        assertThat(tapLines()).hasSize(stored.size());
        List<Map<String, Object>> tapped = new ArrayList<>();
        for (String line : tapLines()) {
            tapped.add(json.readValue(line, Map.class));
        }
        List<Map<String, Object>> posted = new ArrayList<>();
        for (String body : BAR_POSTS) {
            posted.add(json.readValue(body, Map.class));
        }
        for (List<Map<String, Object>> out : List.of(tapped, posted)) {
            assertThat(out).hasSize(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                Map<String, Object> row = stored.get(i);
                Map<String, Object> bar = out.get(i);
                assertThat(bar.get("market")).isEqualTo("ALWAYS");
                assertThat(bar.get("symbol")).isEqualTo("ES");
                assertThat(bar.get("bucket_start")).isEqualTo(((java.sql.Timestamp) row.get("bucket_start")).toInstant().toString());
                assertThat(new BigDecimal(bar.get("close").toString())).isEqualByComparingTo((BigDecimal) row.get("close"));
                assertThat(new BigDecimal(bar.get("high").toString())).isEqualByComparingTo((BigDecimal) row.get("high"));
                assertThat(((Number) bar.get("volume")).longValue()).isEqualTo(((Number) row.get("volume")).longValue());
                assertThat(((Number) bar.get("tick_count")).intValue()).isEqualTo(((Number) row.get("tick_count")).intValue());
                assertThat(bar.get("origin")).isEqualTo("TRADES");
            }
        }

        // The market clock passes LUNCH's open (00:00Z, 09:00 Tokyo): the event webhook gets it, once.
        clock.set(Instant.parse("2026-03-10T00:00:30Z"));
        await("the open reached the event webhook", () -> !EVENT_POSTS.isEmpty());
        Thread.sleep(1500); // a second clock fire must not send it again
        assertThat(EVENT_POSTS).hasSize(1);
        assertThat(json.readValue(EVENT_POSTS.get(0), Map.class)).isEqualTo(Map.of("market", "LUNCH",
                "type", "MARKET_OPENED", "at", "2026-03-10T00:00:00Z", "session_date", "2026-03-10"));
        assertThat(meters.counter("thor.exits.dropped", "exit", "bars").count()).isZero();
    }

    /** The oracle: per UTC minute, OHLC in time order, volume as the sum of the rises, one count per trade. */
    private static Map<String, Map<String, Object>> bars(List<String[]> trades) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        long previous = 1000; // the baseline quote's cumulative volume
        for (String[] t : trades) {
            long ts = Long.parseLong(t[0]);
            BigDecimal last = new BigDecimal(t[1]);
            long cumulative = Long.parseLong(t[2]);
            String minute = Instant.ofEpochMilli(ts - Math.floorMod(ts, 60_000L)).toString();
            Map<String, Object> b = out.computeIfAbsent(minute, k -> new java.util.HashMap<>(Map.of(
                    "open", last, "high", last, "low", last, "volume", 0L, "ticks", 0)));
            b.put("close", last);
            if (last.compareTo((BigDecimal) b.get("high")) > 0) {
                b.put("high", last);
            }
            if (last.compareTo((BigDecimal) b.get("low")) < 0) {
                b.put("low", last);
            }
            b.put("volume", (Long) b.get("volume") + (cumulative - previous));
            b.put("ticks", (Integer) b.get("ticks") + 1);
            previous = cumulative;
        }
        return out;
    }

    private double rejected() {
        var c = meters.find("thor.ticks.rejected").tag("source", "ROUTE").counters();
        return c.stream().mapToDouble(x -> x.count()).sum();
    }

    private int rows() {
        return jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m", Integer.class);
    }

    private List<String> tapLines() {
        try {
            return readTap();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> readTap() throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(BARS)) {
            return lines;
        }
        try (var files = Files.list(BARS)) {
            for (Path f : files.sorted().toList()) {
                for (String l : Files.readAllLines(f)) {
                    if (!l.isBlank()) {
                        lines.add(l);
                    }
                }
            }
        }
        return lines;
    }

    /** Written beside, then renamed in: the recipe never sees half a file. */
    private static void drop(String name, String text) throws IOException {
        Files.createDirectories(INBOX);
        Path tmp = DIR.resolve(name + ".part");
        Files.writeString(tmp, text);
        Files.move(tmp, INBOX.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("thor-examples");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer webhooks() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/bars", x -> take(x, BAR_POSTS));
            s.createContext("/events", x -> take(x, EVENT_POSTS));
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void take(com.sun.net.httpserver.HttpExchange x, List<String> into) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if ("POST".equals(x.getRequestMethod())
                && String.valueOf(x.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json")) {
            into.add(body);
            x.sendResponseHeaders(204, -1);
        } else {
            x.sendResponseHeaders(400, -1);
        }
        x.close();
    }
}
