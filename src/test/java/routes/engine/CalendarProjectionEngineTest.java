package routes.engine;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
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
import routes.livedata.Tick;
import routes.livedata.TickSink;
import routes.support.RealServices;
import routes.support.ReferenceBars;
import routes.support.TestClock;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 end to end on the built-in catalog, real Redis and Postgres: on 2027-01-04, the first trading day
 * after the old CME calendar ended, ES trades become CME_GLOBEX bars; a year later, on a day the CME calendar
 * only projects (its published lists end with 2027), they still do. Trades go straight onto the {@code ticks}
 * stream as CONTRACT §5 entries (an entry with {@code last} is a trade); the expected bars come from
 * {@link ReferenceBars}, computed here from the same tape.
 */
@SpringBootTest(properties = {"thor.engine.bar-grace=2s"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class CalendarProjectionEngineTest {

    /** Monday 2027-01-04 09:00 Chicago: the trade date's session opened Sunday 17:00. */
    static final Instant JAN_4_2027 = Instant.parse("2027-01-04T15:00:00Z");
    /** Tuesday 2028-03-07 09:00 Chicago: projected (CME's published lists end 2027-12-31). */
    static final Instant PROJECTED_2028 = Instant.parse("2028-03-07T15:00:00Z");

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(JAN_4_2027.minusSeconds(30));
        }
    }

    @Autowired TestClock clock;
    @Autowired StringRedisTemplate redis;
    @Autowired JdbcTemplate jdbc;
    @Autowired CamelContext camel;
    @Autowired MeterRegistry meters;
    @Autowired TickSink sink;

    final List<Tick> tape = new ArrayList<>();
    int sent;

    @Test
    void esBarsAreBuiltOnCmeGlobexInJanuary2027AndOnAProjectedDayOf2028() throws Exception {
        // the market clock would publish a year of open/close events when the test clock jumps: not wanted here
        camel.getRouteController().stopRoute("globalmarkets-clock");
        for (String id : List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush")) {
            camel.getRouteController().stopRoute(id);
        }
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        for (String id : List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush")) {
            camel.getRouteController().startRoute(id);
        }

        clock.set(JAN_4_2027.plusSeconds(50));
        trade(JAN_4_2027, 5, "5900.00", 1000);   // the first value of the day's cumulative volume
        trade(JAN_4_2027, 20, "5901.25", 1012);
        trade(JAN_4_2027, 40, "5899.50", 1030);
        send();
        clock.set(JAN_4_2027.plusSeconds(70));
        trade(JAN_4_2027, 65, "5902.00", 1041);
        send();
        clock.set(JAN_4_2027.plusSeconds(123));   // 15:00 and 15:01 close
        awaitCmeRows(2);
        // the status board says OPEN and names the first projected day
        awaitBoard("OPEN");
        assertThat(redis.opsForHash().get("market:CME_GLOBEX", "projected_from")).isEqualTo("2028-01-01");

        clock.set(PROJECTED_2028.plusSeconds(50));
        trade(PROJECTED_2028, 10, "6100.00", 2000);
        trade(PROJECTED_2028, 30, "6101.50", 2025);
        send();
        clock.set(PROJECTED_2028.plusSeconds(63));
        awaitCmeRows(3);

        Map<String, Map<String, Object>> expected = ReferenceBars.of(tape, Map.of("CME_GLOBEX", new Instant[]{
                Instant.parse("2027-01-03T23:00:00Z"), Instant.parse("2028-03-07T22:00:00Z")}),
                Map.of("ES", List.of("CME_GLOBEX")));
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT symbol, bucket_start, open, high, low, close, volume, "
                + "tick_count FROM intraday_bar_1m WHERE market = 'CME_GLOBEX' ORDER BY bucket_start");
        assertThat(rows).hasSize(expected.size());
        for (Map<String, Object> row : rows) {
            String key = "CME_GLOBEX ES " + ((java.sql.Timestamp) row.get("bucket_start")).toInstant();
            Map<String, Object> want = expected.get(key);
            assertThat(want).as("a bar the tape did not produce: %s", key).isNotNull();
            for (String f : List.of("open", "high", "low", "close")) {
                assertThat((BigDecimal) row.get(f)).as(key + " " + f).isEqualByComparingTo((BigDecimal) want.get(f));
            }
            assertThat(((Number) row.get("volume")).longValue()).as(key + " volume").isEqualTo(want.get("volume"));
            assertThat(((Number) row.get("tick_count")).intValue()).as(key + " ticks").isEqualTo(want.get("ticks"));
        }
        assertThat(rows.get(2).get("bucket_start")).isEqualTo(java.sql.Timestamp.from(PROJECTED_2028));
        // Tokyo lists ES too but is closed at 00:00 Tokyo time: no bar there
        assertThat(jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m WHERE market = 'JAPAN'", Integer.class)).isZero();
    }

    private void trade(Instant minute, int second, String last, long cumulative) {
        tape.add(Tick.builder("ES", minute.plusSeconds(second), Tick.SOURCE_DEMO).last(new BigDecimal(last))
                .volume(cumulative).build());
    }

    /**
     * Publishes the unsent updates through the one sink, which writes them to the {@code ticks} stream as CONTRACT §5
     * entries (the day's first value a baseline, then trades sized by the volume's rise), then waits for the engine.
     */
    private void send() throws InterruptedException {
        sink.publish(new ArrayList<>(tape.subList(sent, tape.size())));
        sent = tape.size();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (meters.counter("thor.engine.ticks.in").count() < sent) {
            assertThat(System.nanoTime()).as("engine read %s ticks in time", sent).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private void awaitCmeRows(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m WHERE market = 'CME_GLOBEX'", Integer.class) < n) {
            assertThat(System.nanoTime()).as("%s CME_GLOBEX bars in Postgres in time", n).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void awaitBoard(String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!status.equals(redis.opsForHash().get("market:CME_GLOBEX", "status"))) {
            assertThat(System.nanoTime()).as("market:CME_GLOBEX %s in time", status).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
