package routes.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import routes.coverage.CoverageProperties;
import routes.coverage.Heartbeat;
import routes.coverage.Interruption;
import routes.coverage.Interruptions;
import routes.livedata.schwab.fake.FakeSchwab;
import routes.support.TestClock;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interruptions, coverage and the backfill from Schwab's 1-minute history, on the real Postgres and Redis,
 * against the fake Schwab over real HTTP: the filled minutes are exactly the interrupted, open, bar-less ones
 * Schwab has a candle for, marked SCHWAB_HISTORY, equal to candles computed here from the fake's trades;
 * bars built from trades and the minutes around are untouched; a minute without trades stays empty and is no
 * interruption; a 429 and a 5xx are retried with doubling backoff; a symbol Schwab does not serve is reported
 * once and not asked again; the finalized session row is written again with a revision.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "thor.markets.location=classpath:markets/backfill.yaml",
        "thor.engine.enabled=false",
        "thor.livedata.schwab.app-key=" + FakeSchwab.APP_KEY,
        "thor.livedata.schwab.app-secret=" + FakeSchwab.APP_SECRET,
        "thor.livedata.schwab.callback-url=" + FakeSchwab.CALLBACK,
        "thor.livedata.schwab.futures=BFF",
        "thor.livedata.schwab.http-timeout=3s",
        "thor.livedata.schwab.backfill.enabled=true",
        "thor.livedata.schwab.backfill.plan-interval=100ms",
        "thor.livedata.schwab.backfill.work-interval=50ms",
        "thor.livedata.schwab.backfill.backoff-min=200ms",
        "thor.livedata.schwab.backfill.backoff-max=2s",
        "thor.livedata.schwab.backfill.settle=1m"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class BackfillTest {

    static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");   // a Tuesday; the session is 13:00-15:00 UTC
    static final FakeSchwab FAKE;
    static final Path DIR;
    static final String[] LOGIN;

    static {
        try {
            FAKE = new FakeSchwab();
            DIR = Files.createTempDirectory("backfill-test");
            LOGIN = FAKE.writeLogin(DIR.resolve("schwab-token.json"), DAY.plusSeconds(15 * 3600), Duration.ofDays(30),
                    Duration.ofHours(1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void fakeSchwab(DynamicPropertyRegistry r) {
        r.add("thor.livedata.schwab.api-base-url", FAKE::baseUrl);
        r.add("thor.livedata.schwab.token-url", () -> FAKE.baseUrl() + "/v1/oauth/token");
        r.add("thor.livedata.schwab.token-file", () -> DIR.resolve("schwab-token.json").toString());
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(DAY.plusSeconds(12 * 3600));
        }
    }

    @Autowired TestClock clock;
    @Autowired JdbcTemplate jdbc;
    @Autowired StringRedisTemplate redis;
    @Autowired Interruptions interruptions;
    @Autowired CoverageProperties coverageProps;
    @Autowired TestRestTemplate http;
    @Autowired CamelContext camel;

    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void empty() {
        clock.set(DAY.plusSeconds(12 * 3600));
        FAKE.priceHistory.reset();
        jdbc.execute("TRUNCATE intraday_bar_1m, market_session, session_finalized, backfill_request, backfill_unsupported, "
                + "feed_interruption, rolling_24h");
    }

    static Instant at(String hhmmss) {
        return Instant.parse("2026-03-10T" + hhmmss + "Z");
    }

    @Test
    void theInterruptedMinutesComeBackFromHistoryAndNothingElseMoves(CapturedOutput output) throws Exception {
        // Schwab's side: BFA trades every minute 14:25-15:05 except 14:57; BFB has no history; BFC is unknown (404).
        Map<Instant, BigDecimal[]> candles = schwabTrades("BFA", at("14:25:00"), at("15:06:00"), List.of(at("14:57:00")));
        FAKE.priceHistory.notFound("BFC");

        // Ours: bars built from trades, one minute without trades (14:53), a session already finalized.
        Map<Instant, BigDecimal[]> ours = new TreeMap<>();
        for (String m : List.of("14:50", "14:51", "14:52", "14:54", "14:55", "14:58")) {
            ours.put(at(m + ":00"), tradesBar("BFA", at(m + ":00")));
        }
        jdbc.update("INSERT INTO session_finalized VALUES ('BFILL', '2026-03-10', ?, ?, 1, ?)",
                ts(at("13:00:00")), ts(at("15:00:00")), ts(at("15:06:00")));
        jdbc.update("INSERT INTO market_session (market, symbol, session_date, opened_at, closed_at, open, high, low, close, "
                + "volume, tick_count) VALUES ('BFILL', 'BFA', '2026-03-10', ?, ?, 1, 1, 1, 1, 1, 1)",
                ts(at("13:00:00")), ts(at("15:00:00")));
        recomputeSessionRow(ours);   // as the finalizer wrote it: figures of the bars built from trades
        // Two rolling_24h snapshots already written from those bars: one in session, one at the close.
        for (Instant asOf : List.of(at("14:55:00"), at("15:00:00"))) {
            BigDecimal[] f = fold(window(ours, asOf));
            jdbc.update("INSERT INTO rolling_24h (market, symbol, as_of, open, high, low, close, volume) "
                    + "VALUES ('BFILL', 'BFA', ?, ?, ?, ?, ?, ?)", ts(asOf), f[0], f[1], f[2], f[3], f[4].longValueExact());
        }
        List<Map<String, Object>> tradesBefore = bars("origin = 'TRADES'");

        clock.set(at("15:10:00"));
        // The stream dropped 14:55:30-15:02:10 (every symbol); the export lost BFA 14:41:10-14:42:05. Said twice.
        for (int i = 0; i < 2; i++) {
            interruptions.begin(Interruptions.SCHWAB, null, at("14:55:30"), "stream disconnected");
            interruptions.begin(Interruptions.TOS, List.of("BFA"), at("14:41:10"), "export unreadable");
        }
        for (int i = 0; i < 2; i++) {
            interruptions.end(Interruptions.SCHWAB, null, at("15:02:10"));
            interruptions.end(Interruptions.TOS, List.of("BFA"), at("14:42:05"));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM feed_interruption", Integer.class)).isEqualTo(2);

        await("every request worked", () -> jdbc.queryForObject(
                "SELECT count(*) FROM backfill_request WHERE state <> 'PENDING'", Integer.class) == 4);
        assertThat(jdbc.queryForList("SELECT symbol || ' ' || state FROM backfill_request ORDER BY symbol, range_from",
                String.class)).containsExactly("BFA DONE", "BFA DONE", "BFB UNSUPPORTED", "BFC UNSUPPORTED");

        // Filled: exactly the open, interrupted minutes without a bar that Schwab has a candle for.
        List<Instant> filled = List.of(at("14:41:00"), at("14:42:00"), at("14:56:00"), at("14:59:00"));
        List<Map<String, Object>> history = bars("origin = 'SCHWAB_HISTORY'");
        assertThat(history).extracting(r -> ((Timestamp) r.get("bucket_start")).toInstant()).containsExactlyElementsOf(filled);
        for (Map<String, Object> r : history) {
            BigDecimal[] c = candles.get(((Timestamp) r.get("bucket_start")).toInstant());
            assertThat(r.get("market")).isEqualTo("BFILL");
            assertThat((BigDecimal) r.get("open")).isEqualByComparingTo(c[0]);
            assertThat((BigDecimal) r.get("high")).isEqualByComparingTo(c[1]);
            assertThat((BigDecimal) r.get("low")).isEqualByComparingTo(c[2]);
            assertThat((BigDecimal) r.get("close")).isEqualByComparingTo(c[3]);
            assertThat(((Number) r.get("volume")).longValue()).isEqualTo(c[4].longValueExact());
            assertThat(((Number) r.get("tick_count")).intValue()).isZero();
        }
        assertThat(bars("origin = 'TRADES'")).isEqualTo(tradesBefore);   // untouched, though Schwab's differ
        assertThat(jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m WHERE market <> 'BFILL' OR symbol <> 'BFA'",
                Integer.class)).isZero();

        // The finalized session row is written again from all its bars, with a revision per backfill that changed it.
        Map<Instant, BigDecimal[]> all = new TreeMap<>(ours);
        filled.forEach(m -> all.put(m, candles.get(m)));
        await("the session row revised twice", () -> jdbc.queryForObject(
                "SELECT revision FROM market_session WHERE symbol = 'BFA'", Integer.class) == 2);
        assertSessionRow(all);
        // The snapshots whose window holds a filled minute are written again from all its bars (14:55 gets
        // 14:41-14:42 but not 14:56 and 14:59, which are after it).
        awaitRollingRows(all);

        // The operator's question, over HTTP with the operator login.
        TestRestTemplate op = http.withBasicAuth("operator", "test-operator-secret");
        assertThat(http.getForEntity("/api/coverage/BFILL/BFA?from=2026-03-10T14:40:00Z&to=2026-03-10T15:05:00Z",
                String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        JsonNode cov = json.readTree(op.getForObject(
                "/api/coverage/BFILL/BFA?from=2026-03-10T14:40:00Z&to=2026-03-10T15:05:00Z", String.class));
        List<String> runs = new ArrayList<>();
        cov.path("runs").forEach(r -> runs.add(r.path("from").asText().substring(11, 16) + " " + r.path("state").asText()
                + " " + r.path("minutes").asInt()));
        assertThat(runs).containsExactly("14:40 NO_TRADES 1", "14:41 FILLED 2", "14:43 NO_TRADES 7", "14:50 TRADES 3",
                "14:53 NO_TRADES 1", "14:54 TRADES 1", "14:55 PARTIAL 1", "14:56 FILLED 1", "14:57 NOT_IN_HISTORY 1",
                "14:58 PARTIAL 1", "14:59 FILLED 1", "15:00 CLOSED 5");
        assertThat(cov.path("interruptions")).hasSize(2);
        // "yesterday" as the operator says it: the market's local day; the same missed and filled minutes
        JsonNode day = json.readTree(op.getForObject("/api/coverage/BFILL/BFA?date=2026-03-10", String.class));
        assertThat(day.path("minutes").path("FILLED").asLong()).isEqualTo(4);
        assertThat(day.path("minutes").path("NOT_IN_HISTORY").asLong()).isEqualTo(1);
        assertThat(day.path("minutes").path("MISSED").asLong()).isZero();
        assertThat(day.path("minutes").path("TRADES").asLong() + day.path("minutes").path("PARTIAL").asLong()).isEqualTo(6);
        assertThat(op.getForEntity("/api/coverage/BFILL/BFA?date=yesterday", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode forB = json.readTree(op.getForObject("/api/coverage/interruptions?from=2026-03-10T14:00:00Z"
                + "&to=2026-03-10T16:00:00Z&symbol=BFB", String.class));
        assertThat(forB).hasSize(1);
        assertThat(forB.get(0).path("source").asText()).isEqualTo("SCHWAB");
        assertThat(forB.get(0).path("symbol").isNull()).isTrue();
        JsonNode unsupported = json.readTree(op.getForObject("/api/backfill/unsupported", String.class));
        assertThat(unsupported).extracting(n -> n.path("symbol").asText()).containsExactly("BFB", "BFC");

        // Another interruption of every symbol: BFA is filled, BFB and BFC are not asked again.
        long askedB = FAKE.priceHistory.requestsFor("BFB");
        long askedC = FAKE.priceHistory.requestsFor("BFC");
        assertThat(askedB).isEqualTo(2);   // the window, then the ten-day probe that found nothing
        assertThat(askedC).isEqualTo(1);   // 404
        interruptions.record(Interruptions.APP, null, at("14:30:10"), at("14:31:10"), "the app was down");
        await("the third interruption planned", () -> jdbc.queryForObject(
                "SELECT count(*) FROM feed_interruption WHERE backfill_planned_at IS NOT NULL", Integer.class) == 3);
        await("BFA's third request done", () -> jdbc.queryForObject(
                "SELECT count(*) FROM backfill_request WHERE symbol = 'BFA' AND state = 'DONE'", Integer.class) == 3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM backfill_request", Integer.class)).isEqualTo(5);
        assertThat(FAKE.priceHistory.requestsFor("BFB")).isEqualTo(askedB);
        assertThat(FAKE.priceHistory.requestsFor("BFC")).isEqualTo(askedC);
        assertThat(output.getAll().split("does not serve the history of BFB", -1)).hasSize(2);   // reported once
        all.put(at("14:30:00"), candles.get(at("14:30:00")));
        all.put(at("14:31:00"), candles.get(at("14:31:00")));
        await("the session row revised again", () -> jdbc.queryForObject(
                "SELECT revision FROM market_session WHERE symbol = 'BFA'", Integer.class) == 3);
        assertSessionRow(all);
        awaitRollingRows(all);

        // Every request asked for 1-minute candles with explicit epoch-ms bounds and extended hours, as documented.
        for (Map<String, String> q : FAKE.priceHistory.requests()) {
            assertThat(q).containsEntry("frequencyType", "minute").containsEntry("frequency", "1")
                    .containsEntry("needExtendedHoursData", "true");
            if (!q.containsKey("period")) {
                assertThat(q.get("startDate")).matches("\\d{13}");
                assertThat(q.get("endDate")).matches("\\d{13}");
            }
        }
    }

    @Test
    void aMinuteWithoutTradesIsNoInterruptionAndIsNotFilled() throws Exception {
        schwabTrades("BFA", at("13:00:00"), at("13:10:00"), List.of());
        tradesBar("BFA", at("13:02:00"));
        tradesBar("BFA", at("13:05:00"));
        clock.set(at("13:30:00"));
        TestRestTemplate op = http.withBasicAuth("operator", "test-operator-secret");
        // an operator asks for the interrupted minutes (the default scope): there are none, Schwab is not asked
        ResponseEntity<String> posted = op.postForEntity("/api/backfill", Map.of("symbol", "BFA",
                "from", "2026-03-10T13:00:00Z", "to", "2026-03-10T13:10:00Z"), String.class);
        assertThat(posted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        long id = json.readTree(posted.getBody()).path("id").asLong();
        await("request done", () -> "DONE".equals(jdbc.queryForObject(
                "SELECT state FROM backfill_request WHERE id = ?", String.class, id)));
        assertThat(FAKE.priceHistory.requests()).isEmpty();
        assertThat(bars("true")).hasSize(2);
        JsonNode cov = json.readTree(op.getForObject(
                "/api/coverage/BFILL/BFA?from=2026-03-10T13:00:00Z&to=2026-03-10T13:10:00Z", String.class));
        assertThat(cov.path("minutes").path("NO_TRADES").asInt()).isEqualTo(8);
        assertThat(cov.path("minutes").path("TRADES").asInt()).isEqualTo(2);
        assertThat(cov.path("minutes").path("MISSED").asInt()).isZero();
        assertThat(cov.path("interruptions")).isEmpty();
        assertThat(op.postForEntity("/api/backfill", Map.of("symbol", "NOPE", "from", "2026-03-10T13:00:00Z",
                "to", "2026-03-10T13:10:00Z"), String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(op.postForEntity("/api/backfill", Map.of("symbol", "BFA", "from", "yesterday",
                "to", "2026-03-10T13:10:00Z"), String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.postForEntity("/api/backfill", Map.of("symbol", "BFA", "from", "2026-03-10T13:00:00Z",
                "to", "2026-03-10T13:10:00Z"), String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void a429AndA5xxAreRetriedWithDoublingBackoffThenServed() throws Exception {
        Map<Instant, BigDecimal[]> candles = schwabTrades("BFA", at("13:01:00"), at("13:02:00"), List.of());
        candles.putAll(schwabTrades("BFA", at("13:03:00"), at("13:04:00"), List.of()));
        clock.set(at("14:00:00"));
        // someone else spent the fake's whole minute budget: the app's first call gets the 429
        FAKE.priceHistory.limitPerMinute(1);
        HttpResponse<String> spent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(FAKE.baseUrl()
                + "/marketdata/v1/pricehistory?symbol=OTHER&periodType=day&frequencyType=minute&frequency=1"))
                .header("Authorization", "Bearer " + LOGIN[0]).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(spent.statusCode()).isEqualTo(200);

        TestRestTemplate op = http.withBasicAuth("operator", "test-operator-secret");
        long id = json.readTree(op.postForEntity("/api/backfill", Map.of("symbol", "BFA", "scope", "all",
                "from", "2026-03-10T13:00:00Z", "to", "2026-03-10T13:05:00Z"), String.class).getBody()).path("id").asLong();
        await("the 429 seen", () -> attempts(id) == 1);
        Map<String, Object> r = jdbc.queryForMap("SELECT * FROM backfill_request WHERE id = ?", id);
        assertThat(r.get("state")).isEqualTo("PENDING");
        assertThat((String) r.get("last_error")).contains("429");
        assertThat(wait(r)).isEqualTo(Duration.ofMillis(200));
        assertThat(FAKE.priceHistory.throttled.get()).isEqualTo(1);

        FAKE.priceHistory.limitPerMinute(120);
        FAKE.priceHistory.failNext(503);
        clock.advance(Duration.ofMillis(150));
        Thread.sleep(300);
        assertThat(attempts(id)).as("not before its backoff").isEqualTo(1);
        clock.advance(Duration.ofMillis(60));
        await("the 503 seen", () -> attempts(id) == 2);
        r = jdbc.queryForMap("SELECT * FROM backfill_request WHERE id = ?", id);
        assertThat((String) r.get("last_error")).contains("503");
        assertThat(wait(r)).isEqualTo(Duration.ofMillis(400));

        clock.advance(Duration.ofMillis(400));
        await("served", () -> "DONE".equals(jdbc.queryForObject("SELECT state FROM backfill_request WHERE id = ?",
                String.class, id)));
        assertThat(FAKE.priceHistory.requestsFor("BFA")).isEqualTo(3);
        assertThat(bars("origin = 'SCHWAB_HISTORY'")).extracting(b -> ((Timestamp) b.get("bucket_start")).toInstant())
                .containsExactly(at("13:01:00"), at("13:03:00"));
        JsonNode done = json.readTree(op.getForObject("/api/backfill/" + id, String.class));
        assertThat(done.path("barsFilled").asInt()).isEqualTo(2);
        assertThat(done.path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void theAppDownFromItsLastHeartbeatToTheRestartIsAnInterruption() throws Exception {
        camel.getRouteController().stopRoute("coverage-heartbeat");   // this test plays the restart itself
        Instant restart = at("14:20:00");
        clock.set(restart);
        redis.opsForHash().put(Heartbeat.KEY, Interruptions.APP, Long.toString(restart.minusSeconds(180).toEpochMilli()));
        Heartbeat afterCrash = new Heartbeat(redis, interruptions, clock, coverageProps);
        afterCrash.beat();
        afterCrash.beat();
        List<Interruption> found = interruptions.between("BFA", at("14:00:00"), at("15:00:00"));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).source()).isEqualTo("APP");
        assertThat(found.get(0).symbol()).isNull();
        assertThat(found.get(0).startedAt()).isEqualTo(restart.minusSeconds(180));
        assertThat(found.get(0).endedAt()).isEqualTo(restart);
        assertThat(redis.opsForHash().get(Heartbeat.KEY, Interruptions.APP)).isEqualTo(Long.toString(restart.toEpochMilli()));

        // a beat only a little late (a pause) is no outage
        clock.advance(Duration.ofSeconds(8));
        new Heartbeat(redis, interruptions, clock, coverageProps).beat();
        assertThat(interruptions.between(null, at("14:00:00"), at("15:00:00"))).hasSize(1);
        camel.getRouteController().startRoute("coverage-heartbeat");
    }

    // --- the fake's trades, the oracle's candles, our bars ---

    /**
     * Random trades at Schwab for every minute of {@code [from, to)} but the skipped ones, reported to the fake out
     * of time order; returns the candles computed here from the same trades (the oracle).
     */
    Map<Instant, BigDecimal[]> schwabTrades(String symbol, Instant from, Instant to, List<Instant> skip) {
        Random rnd = new Random(from.getEpochSecond());
        Map<Instant, BigDecimal[]> out = new TreeMap<>();
        BigDecimal price = new BigDecimal("100.00");
        for (Instant m = from; m.isBefore(to); m = m.plusSeconds(60)) {
            if (skip.contains(m)) {
                continue;
            }
            List<Object[]> trades = new ArrayList<>();
            for (int k = 0; k < 3 + rnd.nextInt(4); k++) {
                price = price.add(BigDecimal.valueOf(rnd.nextInt(9) - 4).multiply(new BigDecimal("0.01")));
                trades.add(new Object[]{m.plusMillis(k * 9_000L + rnd.nextInt(8_000)), price, 1L + rnd.nextInt(500)});
            }
            BigDecimal open = (BigDecimal) trades.get(0)[1];
            BigDecimal close = (BigDecimal) trades.get(trades.size() - 1)[1];
            BigDecimal high = open;
            BigDecimal low = open;
            long volume = 0;
            for (Object[] t : trades) {
                high = high.max((BigDecimal) t[1]);
                low = low.min((BigDecimal) t[1]);
                volume += (Long) t[2];
            }
            out.put(m, new BigDecimal[]{open, high, low, close, BigDecimal.valueOf(volume)});
            for (int k = trades.size() - 1; k >= 0; k--) {
                Object[] t = trades.get((k + 1) % trades.size());
                FAKE.priceHistory.trade(symbol, (Instant) t[0], (BigDecimal) t[1], (Long) t[2]);
            }
        }
        return out;
    }

    /** A bar built from trades, stored as the engine stores it (values unlike Schwab's on purpose). */
    BigDecimal[] tradesBar(String symbol, Instant minute) {
        long n = minute.getEpochSecond() / 60 % 100;
        BigDecimal open = new BigDecimal("90.00").add(BigDecimal.valueOf(n, 2));
        BigDecimal high = open.add(new BigDecimal("0.30"));
        BigDecimal low = open.subtract(new BigDecimal("0.20"));
        BigDecimal close = open.add(new BigDecimal("0.10"));
        long volume = 40 + n;
        jdbc.update("INSERT INTO intraday_bar_1m (market, symbol, bucket_start, open, high, low, close, volume, tick_count, "
                + "vwap, high_at, low_at, price_volume, vwap_volume) VALUES ('BFILL', ?, ?, ?, ?, ?, ?, ?, 4, ?, ?, ?, ?, ?)",
                symbol, ts(minute), open, high, low, close, volume, close, ts(minute.plusSeconds(20)),
                ts(minute.plusSeconds(40)), close.multiply(BigDecimal.valueOf(volume)), volume);
        return new BigDecimal[]{open, high, low, close, BigDecimal.valueOf(volume)};
    }

    List<Map<String, Object>> bars(String where) {
        return jdbc.queryForList("SELECT market, symbol, bucket_start, open, high, low, close, volume, tick_count, vwap, "
                + "revision, origin, written_at FROM intraday_bar_1m WHERE " + where + " ORDER BY market, symbol, bucket_start");
    }

    void recomputeSessionRow(Map<Instant, BigDecimal[]> bars) {
        BigDecimal[] f = fold(bars);
        jdbc.update("UPDATE market_session SET open = ?, high = ?, low = ?, close = ?, volume = ? WHERE symbol = 'BFA'",
                f[0], f[1], f[2], f[3], f[4].longValueExact());
    }

    void assertSessionRow(Map<Instant, BigDecimal[]> bars) {
        BigDecimal[] f = fold(bars);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM market_session WHERE market = 'BFILL' AND symbol = 'BFA'");
        assertThat((BigDecimal) row.get("open")).isEqualByComparingTo(f[0]);
        assertThat((BigDecimal) row.get("high")).isEqualByComparingTo(f[1]);
        assertThat((BigDecimal) row.get("low")).isEqualByComparingTo(f[2]);
        assertThat((BigDecimal) row.get("close")).isEqualByComparingTo(f[3]);
        assertThat(((Number) row.get("volume")).longValue()).isEqualTo(f[4].longValueExact());
        assertThat(((Number) row.get("tick_count")).intValue()).isEqualTo(4 * 6);   // only the traded bars have ticks
    }

    /** The bars of a rolling 24-hour window ending at {@code asOf}: bucket in [asOf - 24 h, asOf). */
    static Map<Instant, BigDecimal[]> window(Map<Instant, BigDecimal[]> bars, Instant asOf) {
        return new TreeMap<>(new TreeMap<>(bars).subMap(asOf.minus(Duration.ofDays(1)), asOf));
    }

    /** Each rolling_24h row of BFA equals its window's fold of these bars (waiting for the revision to land). */
    void awaitRollingRows(Map<Instant, BigDecimal[]> bars) throws InterruptedException {
        for (Instant asOf : List.of(at("14:55:00"), at("15:00:00"))) {
            BigDecimal[] f = fold(window(bars, asOf));
            await("the rolling_24h row at " + asOf + " folded from its window", () -> {
                Map<String, Object> row = jdbc.queryForMap(
                        "SELECT * FROM rolling_24h WHERE market = 'BFILL' AND symbol = 'BFA' AND as_of = ?", ts(asOf));
                return ((BigDecimal) row.get("open")).compareTo(f[0]) == 0 && ((BigDecimal) row.get("high")).compareTo(f[1]) == 0
                        && ((BigDecimal) row.get("low")).compareTo(f[2]) == 0 && ((BigDecimal) row.get("close")).compareTo(f[3]) == 0
                        && ((Number) row.get("volume")).longValue() == f[4].longValueExact()
                        && ((BigDecimal) row.get("change")).compareTo(f[3].subtract(f[0])) == 0;
            });
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rolling_24h", Integer.class)).isEqualTo(2);
    }

    /** A session's open, high, low, close and volume from its bars in time order. */
    static BigDecimal[] fold(Map<Instant, BigDecimal[]> bars) {
        BigDecimal[] f = null;
        for (BigDecimal[] b : bars.values()) {
            if (f == null) {
                f = b.clone();
            } else {
                f[1] = f[1].max(b[1]);
                f[2] = f[2].min(b[2]);
                f[3] = b[3];
                f[4] = f[4].add(b[4]);
            }
        }
        return f;
    }

    int attempts(long id) {
        return jdbc.queryForObject("SELECT attempts FROM backfill_request WHERE id = ?", Integer.class, id);
    }

    static Duration wait(Map<String, Object> r) {
        return Duration.between(((Timestamp) r.get("updated_at")).toInstant(), ((Timestamp) r.get("next_attempt_at")).toInstant());
    }

    static Timestamp ts(Instant t) {
        return Timestamp.from(t);
    }

    static void await(String what, BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
