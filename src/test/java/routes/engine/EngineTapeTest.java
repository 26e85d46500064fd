package routes.engine;

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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import routes.livedata.Tick;
import routes.livedata.TickSink;
import routes.support.RealServices;
import routes.support.ReferenceBars;
import routes.support.TcpProxy;
import routes.support.TestClock;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted tape through the real engine, Redis and Postgres (reached through a proxy the test unplugs):
 * several minutes, two markets and three symbols, a silent minute, a tick exactly on a boundary, out-of-order
 * ticks inside the grace, after the close (a revision) and beyond the revision window, a cumulative-volume
 * reset, bid/ask-only updates, a market that opens and closes mid-minute, and Postgres away while bars close.
 * The stored bars must equal bars computed here from the tape.
 */
@SpringBootTest(properties = {
        "thor.markets.location=classpath:markets/tape.yaml",
        "thor.engine.bar-grace=2s",
        "thor.engine.revision-window=5m",
        "spring.datasource.hikari.connection-timeout=1000",
        "spring.datasource.hikari.validation-timeout=500"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class EngineTapeTest {

    static final Instant T0 = Instant.parse("2026-03-09T14:30:00Z");
    static TcpProxy postgres;

    @DynamicPropertySource
    static void throughProxy(DynamicPropertyRegistry r) throws Exception {
        postgres = new TcpProxy(Integer.parseInt(System.getenv().getOrDefault("THOR_DB_PORT", "5432")));
        r.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/"
                + System.getenv().getOrDefault("THOR_DB_TEST_NAME", "thor_test"));
    }

    @AfterAll
    static void closeProxy() throws Exception {
        postgres.close();
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(T0.minusSeconds(30));
        }
    }

    @Autowired TickSink sink;
    @Autowired TestClock clock;
    @Autowired StringRedisTemplate redis;
    @Autowired CamelContext camel;
    @Autowired MeterRegistry meters;

    final List<Tick> tape = new ArrayList<>();
    int published;

    @Test
    void storedBarsEqualTheTapesBars() throws Exception {
        // The test's own view of Postgres goes around the proxy, so it can look while the app cannot.
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
                new org.springframework.jdbc.datasource.DriverManagerDataSource(
                        "jdbc:postgresql://127.0.0.1:" + System.getenv().getOrDefault("THOR_DB_PORT", "5432") + "/"
                                + System.getenv().getOrDefault("THOR_DB_TEST_NAME", "thor_test"),
                        System.getenv().getOrDefault("THOR_DB_USER", "thor"),
                        System.getenv().getOrDefault("THOR_DB_PASSWORD", "thor")));
        for (String id : List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush")) {
            camel.getRouteController().stopRoute(id);
        }
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        for (String id : List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush")) {
            camel.getRouteController().startRoute(id);
        }

        clock.set(T0.plusSeconds(55));
        trade("ES", 0.5, "6000.00", 100);          // each symbol's first update is a baseline: no trade
        trade("NQ", 1.0, "21000.00", 50);
        quote("CL", 2.0, "69.99", "70.01");          // bid/ask only: no bar (and CL's baseline)
        trade("CL", 3.0, "70.00", 1000);             // CL's first volume: its baseline, no trade
        trade("ES", 10.0, "6000.25", 110);
        trade("ES", 20.0, "5999.75", 125);
        trade("NQ", 30.0, "21001.00", 58);
        trade("CL", 40.0, "70.03", 1010);
        trade("ES", 50.0, "6001.00", 140);
        send();
        clock.set(T0.plusSeconds(61));               // 14:31:01, inside 14:30's grace
        trade("ES", 60.0, "6001.25", 150);           // exactly on the 14:31 boundary: belongs to 14:31
        trade("ES", 45.0, "6002.00", 155);           // out of order (volume still rose), inside the grace: in 14:30
        trade("ES", 44.0, "6009.00", 140);           // older and below the known volume: stale, not a trade
        quote("ES", 61.0, "6001.00", "6001.50");
        trade("ES", 61.5, "6001.50", 155);           // Last moved, Volume did not: a quote (CONTRACT §5)
        trade("CL", 62.0, "70.05", 1020);
        send();
        clock.set(T0.plusSeconds(63));               // 14:30 closes
        awaitRows(jdbc, 3);

        clock.set(T0.plusSeconds(90));               // NQ stays silent through 14:31
        trade("ES", 75.0, "6000.50", 170);
        trade("CL", 80.0, "70.02", 1030);
        send();
        clock.set(T0.plusSeconds(121));
        trade("ES", 130.0, "6000.75", 175);          // 14:32:10: MIDOPEN not open yet
        trade("CL", 135.0, "70.10", 20);             // cumulative volume reset (new counter)
        trade("CL", 140.0, "70.12", 35);
        send();
        clock.set(T0.plusSeconds(123));               // 14:31 closes
        awaitRows(jdbc, 5);

        postgres.unplug();                            // Postgres goes away
        clock.set(T0.plusSeconds(170));
        trade("ES", 150.0, "6001.50", 190);          // 14:32:30 exactly: MIDOPEN opens
        trade("ES", 165.0, "6002.25", 200);
        trade("NQ", 170.0, "21003.00", 70);
        send();
        clock.set(T0.plusSeconds(183));               // 14:32 closes with Postgres away
        awaitQueued(4);
        clock.set(T0.plusSeconds(200));
        trade("ES", 80.0, "6003.00", 203);           // 14:31:20 after its bar closed: a revision
        trade("ES", 190.0, "6002.50", 205);          // 14:33:10
        trade("ES", 220.0, "6001.75", 215);          // 14:33:40
        send();
        clock.set(T0.plusSeconds(243));               // 14:33 closes
        awaitQueued(7);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m", Integer.class)).isEqualTo(5);
        postgres.plug();                              // back: the waiting bars land
        awaitRows(jdbc, 11);

        clock.set(T0.plusSeconds(280));
        trade("ES", 275.0, "6000.00", 230);          // 14:34:35: MIDOPEN already closed (14:34:30)
        trade("ES", 265.0, "6000.25", 235);          // 14:34:25: still open for MIDOPEN, out of order
        send();
        clock.set(T0.plusSeconds(303));               // 14:34 closes
        awaitRows(jdbc, 13);
        awaitQueued(0);
        clock.set(T0.plusSeconds(700));               // 14:41:40
        awaitWatermark(T0.plusSeconds(660));          // the close pass has moved on to 14:41
        double tooLateBefore = meters.counter("thor.engine.ticks.rejected", "reason", "too_late").count();
        Tick tooLate = Tick.builder("ES", T0.plusSeconds(95), Tick.SOURCE_DEMO).last(new BigDecimal("5000.00"))
                .volume(300L).build();               // 14:31:35, 10 minutes after its bar: beyond the window
        sink.publish(List.of(tooLate));
        awaitRead(++published);
        assertThat(meters.counter("thor.engine.ticks.rejected", "reason", "too_late").count())
                .isEqualTo(tooLateBefore + 1);

        Map<String, Map<String, Object>> expected = ReferenceBars.of(tape, Map.of(
                "ALWAYS", new Instant[]{T0.minusSeconds(3600), T0.plusSeconds(3600)},
                "MIDOPEN", new Instant[]{T0.plusSeconds(150), T0.plusSeconds(270)}),
                Map.of("ES", List.of("ALWAYS", "MIDOPEN"), "NQ", List.of("ALWAYS"), "CL", List.of("ALWAYS")));
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT market, symbol, bucket_start, open, high, low, close, "
                + "volume, tick_count, vwap, revision FROM intraday_bar_1m");
        Map<String, Map<String, Object>> got = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            got.put(row.get("market") + " " + row.get("symbol") + " "
                    + ((java.sql.Timestamp) row.get("bucket_start")).toInstant(), row);
        }
        assertThat(got.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((key, want) -> {
            Map<String, Object> row = got.get(key);
            for (String f : List.of("open", "high", "low", "close", "vwap")) {
                BigDecimal w = (BigDecimal) want.get(f);
                BigDecimal g = (BigDecimal) row.get(f);
                if (w == null) {
                    assertThat(g).as(key + " " + f).isNull();
                } else {
                    assertThat(g).as(key + " " + f).isEqualByComparingTo(w);
                }
            }
            assertThat(((Number) row.get("volume")).longValue()).as(key + " volume").isEqualTo(want.get("volume"));
            assertThat(((Number) row.get("tick_count")).intValue()).as(key + " ticks").isEqualTo(want.get("ticks"));
        });
        assertThat(got.get("ALWAYS ES " + T0.plusSeconds(60)).get("revision")).isEqualTo(1);
        assertThat(redis.opsForList().size("q:bars:1m:ALWAYS")).isZero();
    }

    private void trade(String sym, double offsetS, String last, long cumulative) {
        tape.add(Tick.builder(sym, T0.plusMillis((long) (offsetS * 1000)), Tick.SOURCE_DEMO)
                .last(new BigDecimal(last)).volume(cumulative).build());
    }

    private void quote(String sym, double offsetS, String bid, String ask) {
        tape.add(Tick.builder(sym, T0.plusMillis((long) (offsetS * 1000)), Tick.SOURCE_DEMO)
                .bid(new BigDecimal(bid)).ask(new BigDecimal(ask)).build());
    }

    private void send() throws InterruptedException {
        sink.publish(tape.subList(published, tape.size()));
        published = tape.size();
        awaitRead(published);
    }

    private void awaitRead(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (meters.counter("thor.engine.ticks.in").count() < n) {
            assertThat(System.nanoTime()).as("engine read %s ticks in time", n).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private void awaitRows(org.springframework.jdbc.core.JdbcTemplate jdbc, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m", Integer.class) >= n) {
                    return;
                }
            } catch (RuntimeException e) {
                // the pool is still reconnecting through the proxy
            }
            assertThat(System.nanoTime()).as("%s bars in Postgres in time", n).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void awaitWatermark(Instant through) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            String w = redis.opsForValue().get(BarEngine.WATERMARK);
            if (w != null && Long.parseLong(w) >= through.toEpochMilli()) {
                return;
            }
            assertThat(System.nanoTime()).as("bars closed through %s in time", through).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private long queued() {
        return redis.opsForList().size("q:bars:1m:ALWAYS") + redis.opsForList().size("q:bars:1m:MIDOPEN");
    }

    private void awaitQueued(long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (n == 0 ? queued() > 0 : queued() < n) {
            assertThat(System.nanoTime()).as("%s bars queued in time", n).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
