package routes.crosscheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
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
import routes.livedata.schwab.fake.FakeChartFrames;
import routes.support.TestClock;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-check fed as the streamer will feed it (CHART data items on {@code direct:chart-bars}), with frames
 * the fake writes from the reference's corrected field tables, on the real Postgres: of eleven minutes whose
 * Schwab bars match ours within tolerance but one, exactly that minute and the minute we have no bar for are
 * reported; differences inside the tolerance are not; a resent minute is counted once; bars filled from
 * Schwab's history, closed minutes and unreadable items are not compared; our bars are never changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "thor.markets.location=classpath:markets/backfill.yaml",
        "thor.engine.enabled=false",
        "thor.crosscheck.check-interval=50ms",
        "thor.crosscheck.settle=1m"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class CrossCheckTest {

    static final Instant T = Instant.parse("2026-03-10T14:00:00Z");   // the BFILL session is 13:00-15:00 UTC

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(T);
        }
    }

    @Autowired TestClock clock;
    @Autowired JdbcTemplate jdbc;
    @Autowired ProducerTemplate producer;
    @Autowired MeterRegistry meters;
    @Autowired TestRestTemplate http;

    final FakeChartFrames frames = new FakeChartFrames();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void empty() {
        clock.set(T);
        jdbc.execute("TRUNCATE intraday_bar_1m, bar_check, bar_mismatch");
    }

    @Test
    void exactlyTheMinuteThatDiffersIsReported() throws Exception {
        // ours: 14:00-14:09 built from trades; 14:11 filled from history; nothing at 14:10
        for (int i = 0; i < 10; i++) {
            bar(T.plusSeconds(60L * i), "TRADES", "90.00", "90.40", "89.80", "90.20", 1_000 + i);
        }
        bar(T.plusSeconds(660), "SCHWAB_HISTORY", "91.00", "91.00", "91.00", "91.00", 5);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant m = T.plusSeconds(60L * i);
            String high = i == 4 ? "90.60" : i == 7 ? "90.41" : "90.40";   // 14:04 off by 0.2 %; 14:07 by 0.011 %
            double volume = i == 6 ? 1_000 + i + 60 : 1_000 + i;          // 14:06 off by 60 units: inside
            items.add(frames.equity("BFA", m, "90.00", high, "89.80", "90.20", volume));
        }
        items.add(frames.equity("BFA", T.plusSeconds(600), "90.10", "90.10", "90.10", "90.10", 300));  // we have none
        items.add(frames.equity("BFA", T.plusSeconds(660), "91.00", "91.50", "91.00", "91.00", 5));    // history: skipped
        items.add(frames.equity("BFA", Instant.parse("2026-03-10T15:30:00Z"), "1", "1", "1", "1", 9)); // closed: skipped
        JsonNode broken = frames.equity("BFA", T.plusSeconds(720), "1", "1", "1", "1", 1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("content").get(0)).remove("7");
        items.add(broken.toString());                                                              // no chart time
        double counted = meters.counter("thor.bar.mismatch", "symbol", "BFA").count();   // other tests' minutes
        double bad = meters.counter("thor.crosscheck.bad").count();
        for (Object item : items) {
            producer.sendBody("direct:chart-bars", item instanceof JsonNode n ? n.toString() : item);
        }
        List<Timestamp> before = jdbc.queryForList("SELECT written_at FROM intraday_bar_1m ORDER BY bucket_start", Timestamp.class);

        Thread.sleep(300);
        assertThat(count("bar_check")).as("nothing compared before our bars are final").isZero();
        clock.set(Instant.parse("2026-03-10T15:40:00Z"));
        await("eleven minutes compared", () -> count("bar_check") == 11);
        assertThat(jdbc.queryForList("SELECT to_char(bucket_start AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || fields "
                + "FROM bar_mismatch ORDER BY bucket_start", String.class)).containsExactly("14:04 high", "14:10 bar");
        assertThat(meters.counter("thor.bar.mismatch", "symbol", "BFA").count() - counted).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT written_at FROM intraday_bar_1m ORDER BY bucket_start", Timestamp.class))
                .isEqualTo(before);

        // Schwab sends 14:04 again: still one disagreement, counted once
        clock.advance(Duration.ofSeconds(1));
        producer.sendBody("direct:chart-bars", frames.equity("BFA", T.plusSeconds(240), "90.00", "90.60", "89.80",
                "90.20", 1_004).toString());
        await("14:04 checked again", () -> jdbc.queryForObject("SELECT count(*) FROM bar_mismatch WHERE found_at = ?",
                Integer.class, Timestamp.from(clock.instant())) == 1);
        assertThat(meters.counter("thor.bar.mismatch", "symbol", "BFA").count() - counted).isEqualTo(2);
        assertThat(meters.counter("thor.crosscheck.bad").count() - bad).isEqualTo(1);

        JsonNode answer = json.readTree(http.withBasicAuth("operator", "test-operator-secret").getForObject(
                "/api/crosscheck/BFILL/BFA?from=2026-03-10&to=2026-03-10", String.class));
        JsonNode day = answer.path("days").get(0);
        assertThat(day.path("day").asText()).isEqualTo("2026-03-10");
        assertThat(day.path("checked").asInt()).isEqualTo(11);
        assertThat(day.path("agreed").asInt()).isEqualTo(9);
        assertThat(new BigDecimal(day.path("agreementRate").asText())).isEqualByComparingTo("0.8182");
        assertThat(answer.path("mismatches")).hasSize(2);
        assertThat(answer.path("mismatches").get(0).path("theirs").path("high").decimalValue()).isEqualByComparingTo("90.60");
        assertThat(answer.path("mismatches").get(1).path("ours").isNull()).isTrue();
    }

    @Test
    void whilePostgresFailsTheDueBarsWaitForTheNextRun() throws Exception {
        for (int i = 0; i < 3; i++) {
            bar(T.plusSeconds(60L * i), "TRADES", "90.00", "90.40", "89.80", "90.20", 1_000);
            producer.sendBody("direct:chart-bars", frames.equity("BFA", T.plusSeconds(60L * i), "90.00",
                    i == 1 ? "95.00" : "90.40", "89.80", "90.20", 1_000).toString());
        }
        jdbc.execute("ALTER TABLE bar_check RENAME TO bar_check_away");   // every write of a verdict fails
        try {
            clock.set(Instant.parse("2026-03-10T15:40:00Z"));
            Thread.sleep(500);   // ten runs of the check, each failing on the first bar
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bar_check_away", Integer.class)).isZero();
        } finally {
            jdbc.execute("ALTER TABLE bar_check_away RENAME TO bar_check");
        }
        await("the three minutes compared once Postgres is back", () -> count("bar_check") == 3);
        assertThat(jdbc.queryForList("SELECT to_char(bucket_start AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || fields "
                + "FROM bar_mismatch ORDER BY bucket_start", String.class)).containsExactly("14:01 high");
    }

    @Test
    void futuresBarsAreReadWithTheirOwnLayout() {
        List<routes.crosscheck.ChartBar> bars = ChartBars.read("CHART_FUTURES",
                frames.futures("/BFA", T, "6000.25", "6001.00", "5999.75", "6000.50", 897).path("content"),
                (reason, item) -> { throw new AssertionError(reason); });
        assertThat(bars).hasSize(1);
        assertThat(bars.get(0).symbol()).isEqualTo("BFA");
        assertThat(bars.get(0).minute()).isEqualTo(T);
        assertThat(bars.get(0).high()).isEqualByComparingTo("6001.00");
        assertThat(bars.get(0).volume()).isEqualByComparingTo("897");
        // the official (wrong) CHART_EQUITY layout would read the sequence as the open: the real one does not
        List<routes.crosscheck.ChartBar> eq = ChartBars.read("CHART_EQUITY",
                frames.equity("AMD", Instant.parse("2025-12-09T19:05:00Z"), "221.133", "221.18", "221.02", "221.02", 11730)
                        .path("content"), (reason, item) -> { throw new AssertionError(reason); });
        assertThat(eq.get(0).open()).isEqualByComparingTo("221.133");
        assertThat(eq.get(0).volume()).isEqualByComparingTo("11730");
    }

    void bar(Instant m, String origin, String open, String high, String low, String close, long volume) {
        jdbc.update("INSERT INTO intraday_bar_1m (market, symbol, bucket_start, open, high, low, close, volume, tick_count, "
                + "origin) VALUES ('BFILL', 'BFA', ?, ?, ?, ?, ?, ?, 3, ?)", Timestamp.from(m), new BigDecimal(open),
                new BigDecimal(high), new BigDecimal(low), new BigDecimal(close), volume, origin);
    }

    int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
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
