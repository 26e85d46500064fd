package routes.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import routes.coverage.Interruptions;
import routes.livedata.schwab.fake.FakeSchwab;
import routes.support.TestClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schwab's 1-minute history holds an equity's minutes 07:00-20:00 New York time only (reference §1.3); for a
 * future the reference knows nothing. Market BFNIGHT is open 23:30-01:00 UTC (19:30-21:00 ET on 2026-03-10, EDT).
 * An interruption 23:50-00:10 UTC of the equity BFN and the future BFX: at once, before any backfill, BFN's minutes
 * from 00:00 UTC (20:00 ET) are NOT_IN_HISTORY while its earlier ones are MISSED, and BFX's are all MISSED; the
 * backfill then asks Schwab (the fake, which like Schwab serves 07:00-20:00 ET) for BFN's 23:50-00:00 only and for
 * all of BFX's, fills what the answers hold, and BFX's minutes after 20:00 ET become NOT_IN_HISTORY by the answer.
 * An interruption of BFN wholly after 20:00 ET is never asked for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "thor.markets.location=classpath:markets/backfill-night.yaml",
        "thor.engine.enabled=false",
        "thor.livedata.schwab.app-key=" + FakeSchwab.APP_KEY,
        "thor.livedata.schwab.app-secret=" + FakeSchwab.APP_SECRET,
        "thor.livedata.schwab.callback-url=" + FakeSchwab.CALLBACK,
        "thor.livedata.schwab.futures=BFX",
        "thor.livedata.schwab.http-timeout=3s",
        "thor.livedata.schwab.backfill.enabled=true",
        "thor.livedata.schwab.backfill.plan-interval=100ms",
        "thor.livedata.schwab.backfill.work-interval=50ms",
        "thor.livedata.schwab.backfill.settle=1m"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class BackfillHistoryHoursTest {

    static final FakeSchwab FAKE;
    static final Path DIR;

    static {
        try {
            FAKE = new FakeSchwab();
            DIR = Files.createTempDirectory("backfill-hours-test");
            FAKE.writeLogin(DIR.resolve("schwab-token.json"), at("00:10:30"), Duration.ofDays(30), Duration.ofHours(1));
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
            return new TestClock(at("00:10:30"));
        }
    }

    @Autowired TestClock clock;
    @Autowired JdbcTemplate jdbc;
    @Autowired Interruptions interruptions;
    @Autowired TestRestTemplate http;
    @Autowired MeterRegistry meters;

    final ObjectMapper json = new ObjectMapper();

    /** 23:xx is on 2026-03-10, 00:xx on 2026-03-11 (UTC); New York is 4 hours behind (EDT). */
    static Instant at(String hhmmss) {
        return Instant.parse((hhmmss.startsWith("23") ? "2026-03-10T" : "2026-03-11T") + hhmmss + "Z");
    }

    @BeforeEach
    void empty() {
        clock.set(at("00:10:30"));
        FAKE.priceHistory.reset();
        // the heartbeat's "app down" from an earlier test's clock would touch every symbol: not this test's subject
        jdbc.update("DELETE FROM feed_interruption WHERE source = 'APP' OR symbol IN ('BFN', 'BFX')");
        jdbc.update("DELETE FROM backfill_request WHERE symbol IN ('BFN', 'BFX')");
        jdbc.update("DELETE FROM backfill_unsupported WHERE symbol IN ('BFN', 'BFX')");
        jdbc.update("DELETE FROM intraday_bar_1m WHERE market = 'BFNIGHT'");
    }

    @Test
    void anEquitysMinutesAfter20EtAreNotInHistoryAtOnceAndNeverAskedAFuturesAreAsked() throws Exception {
        for (Instant m = at("23:40:00"); m.isBefore(at("00:30:00")); m = m.plusSeconds(60)) {
            FAKE.priceHistory.candle("BFN", m, "50.00", "50.10", "49.90", "50.05", 100);
            FAKE.priceHistory.candle("/BFX", m, "5000.00", "5001.00", "4999.00", "5000.50", 10);
        }
        interruptions.begin(Interruptions.SCHWAB, List.of("BFN", "BFX"), at("23:50:00"), "stream disconnected");
        interruptions.end(Interruptions.SCHWAB, List.of("BFN", "BFX"), at("00:10:00"));

        // at once: nothing asked yet (the minutes have not settled), the equity's minutes after 20:00 ET already known
        TestRestTemplate op = http.withBasicAuth("operator", "test-operator-secret");
        assertThat(runs(op, "BFN", "23:45:00", "00:15:00")).containsExactly("23:45 NO_TRADES 5", "23:50 MISSED 10",
                "00:00 NOT_IN_HISTORY 10", "00:10 NO_TRADES 5");
        assertThat(runs(op, "BFX", "23:45:00", "00:15:00")).containsExactly("23:45 NO_TRADES 5", "23:50 MISSED 20",
                "00:10 NO_TRADES 5");
        assertThat(FAKE.priceHistory.requests()).isEmpty();

        clock.set(at("00:20:00"));
        await("both backfilled", () -> jdbc.queryForObject("SELECT count(*) FROM backfill_request WHERE symbol IN "
                + "('BFN', 'BFX') AND state = 'DONE'", Integer.class) == 2);
        // the equity asked up to 20:00 ET only; the future over the whole interruption
        List<Map<String, String>> asked = FAKE.priceHistory.requests();
        List<Map<String, String>> equity = asked.stream().filter(q -> "BFN".equals(q.get("symbol"))).toList();
        assertThat(equity).isNotEmpty().allSatisfy(q -> assertThat(Long.parseLong(q.get("endDate")))
                .isLessThanOrEqualTo(at("00:00:00").toEpochMilli()));
        assertThat(asked.stream().filter(q -> "/BFX".equals(q.get("symbol"))).map(q -> Long.parseLong(q.get("endDate"))))
                .isNotEmpty().contains(at("00:10:00").toEpochMilli());
        assertThat(jdbc.queryForList("SELECT symbol || ' ' || count(*) FROM intraday_bar_1m WHERE market = 'BFNIGHT' "
                + "AND origin = 'SCHWAB_HISTORY' AND bucket_start >= ? AND bucket_start < ? GROUP BY symbol ORDER BY symbol",
                String.class, Timestamp.from(at("23:50:00")), Timestamp.from(at("00:00:00"))))
                .containsExactly("BFN 10", "BFX 10");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m WHERE market = 'BFNIGHT' AND bucket_start >= ?",
                Integer.class, Timestamp.from(at("00:00:00")))).isZero();   // Schwab has none after 20:00 ET
        assertThat(runs(op, "BFN", "23:45:00", "00:15:00")).containsExactly("23:45 NO_TRADES 5", "23:50 FILLED 10",
                "00:00 NOT_IN_HISTORY 10", "00:10 NO_TRADES 5");
        // the future's later minutes: asked, and the answer had no candle for them
        assertThat(runs(op, "BFX", "23:45:00", "00:15:00")).containsExactly("23:45 NO_TRADES 5", "23:50 FILLED 10",
                "00:00 NOT_IN_HISTORY 10", "00:10 NO_TRADES 5");

        // an interruption of the equity wholly after 20:00 ET: planned, done, never asked
        double outside = meters.get("thor.backfill.minutes.outside.history").counter().count();
        long equityCalls = FAKE.priceHistory.requestsFor("BFN");
        interruptions.begin(Interruptions.SCHWAB, List.of("BFN"), at("00:20:00"), "stream disconnected");
        interruptions.end(Interruptions.SCHWAB, List.of("BFN"), at("00:25:00"));
        assertThat(runs(op, "BFN", "00:20:00", "00:25:00")).containsExactly("00:20 NOT_IN_HISTORY 5");
        clock.set(at("00:27:00"));
        await("the later one done", () -> jdbc.queryForObject("SELECT count(*) FROM backfill_request WHERE symbol = 'BFN' "
                + "AND state = 'DONE'", Integer.class) == 2);
        assertThat(FAKE.priceHistory.requestsFor("BFN")).isEqualTo(equityCalls);
        assertThat(meters.get("thor.backfill.minutes.outside.history").counter().count()).isEqualTo(outside + 5);
        assertThat(runs(op, "BFN", "00:20:00", "00:25:00")).containsExactly("00:20 NOT_IN_HISTORY 5");
    }

    /** The coverage API's runs: "HH:mm STATE minutes". */
    List<String> runs(TestRestTemplate op, String symbol, String from, String to) throws IOException {
        JsonNode cov = json.readTree(op.getForObject("/api/coverage/BFNIGHT/" + symbol + "?from=" + at(from) + "&to="
                + at(to), String.class));
        List<String> out = new ArrayList<>();
        cov.path("runs").forEach(r -> out.add(r.path("from").asText().substring(11, 16) + " " + r.path("state").asText()
                + " " + r.path("minutes").asLong()));
        return out;
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
