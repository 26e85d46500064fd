package routes.engine.figures;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import routes.ThorApplication;
import routes.livedata.Tick;
import routes.livedata.TickSink;
import routes.support.RealServices;
import routes.support.Stores;
import routes.support.TestClock;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.engine.figures.SessionCloseTest.await;

/**
 * Rolling 24-hour and 52-week figures over generated history (session rows a year back, a day and a half of
 * bars): the 52-week extremes are seeded from Postgres at startup, move to the next best when the year-old
 * extreme ages out, rise with a live trade that beats them and are not rewritten by one that does not, and
 * are all written by the nightly checkpoint; the rolling 24 hours, live and as a snapshot, equal the bars'.
 */
class HistoryFiguresTest {

    static final Instant T0 = Instant.parse("2026-03-10T15:00:00Z");   // Tuesday, in session
    static final Instant T1 = Instant.parse("2026-03-12T15:00:00Z");   // Thursday, two days later
    static final TestClock CLOCK = new TestClock(T0);

    final StringRedisTemplate redis = Stores.redis();
    final JdbcTemplate jdbc = Stores.postgres();
    final List<Map<String, Object>> bars = new ArrayList<>();

    @Test
    void rollingAndFiftyTwoWeekFiguresFollowTheHistory() throws Exception {
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        session("2025-02-03", "9000.00", "1000.00");    // before the window at T0
        session("2025-03-12", "7000.00", "5000.00");    // in the window at T0, out of it at T1
        session("2025-09-10", "6800.00", "5200.00");
        session("2026-03-02", "6500.00", "5100.00");
        generateBars(Instant.parse("2026-03-09T14:30:00Z"), Instant.parse("2026-03-09T21:00:00Z"));
        generateBars(Instant.parse("2026-03-10T14:30:00Z"), T0);
        CLOCK.set(T0);

        try (ConfigurableApplicationContext app = SessionRestartTest.start(CLOCK,
                "--thor.markets.location=classpath:markets/history.yaml",
                "--thor.engine.rolling-24h.snapshot-interval=15m")) {
            // Seeded from history at startup.
            awaitWeek52High("7000.00");
            assertWeek52("7000.00", "2025-03-12T16:00:00Z", "5000.00", "2025-03-12T17:00:00Z");

            // The rolling 24 hours: live up to the minute the app started, and the first snapshot due.
            Map<String, Object> live = expectedRolling(T0);
            Map<Object, Object> hash = redis.opsForHash().entries(Rolling24hSupervisor.liveKey("HIST", "ES"));
            assertThat(hash).containsEntry("as_of", T0.toString()).containsEntry("from", T0.minus(Duration.ofDays(1)).toString());
            for (String f : List.of("open", "high", "low", "close")) {
                assertThat(new BigDecimal((String) hash.get(f))).as("live 24h " + f).isEqualByComparingTo((BigDecimal) live.get(f));
            }
            assertThat(Long.parseLong((String) hash.get("volume"))).isEqualTo(live.get("volume"));
            Instant slot = Instant.parse("2026-03-10T14:45:00Z"); // watermark 14:59 - revision window 5m, floored to 15m
            await("24h snapshot at " + slot, () -> jdbc.queryForObject("SELECT count(*) FROM rolling_24h WHERE as_of = ?",
                    Integer.class, Timestamp.from(slot)) == 1);
            Map<String, Object> row = jdbc.queryForMap("SELECT * FROM rolling_24h WHERE as_of = ?", Timestamp.from(slot));
            Map<String, Object> want = expectedRolling(slot);
            for (String f : List.of("open", "high", "low", "close")) {
                assertThat((BigDecimal) row.get(f)).as("24h snapshot " + f).isEqualByComparingTo((BigDecimal) want.get(f));
            }
            assertThat(((Number) row.get("volume")).longValue()).isEqualTo(want.get("volume"));
            assertThat((BigDecimal) row.get("change")).isEqualByComparingTo(
                    ((BigDecimal) want.get("close")).subtract((BigDecimal) want.get("open")));

            // Two days on, the year-old extremes have aged out: recomputed from the rest of the history.
            CLOCK.set(T1);
            awaitWeek52High("6800.00");
            assertWeek52("6800.00", "2025-09-10T16:00:00Z", "5100.00", "2026-03-02T17:00:00Z");

            // A live trade above the high raises it; one below it writes nothing.
            CLOCK.set(T1.plusSeconds(40));
            publish(app, Tick.builder("ES", T1.plusSeconds(20), Tick.SOURCE_DEMO).last(new BigDecimal("6950.00"))
                    .volume(90L).build(), 1);        // the feed's first update: a baseline, not a trade
            publish(app, Tick.builder("ES", T1.plusSeconds(30), Tick.SOURCE_DEMO).last(new BigDecimal("6900.00"))
                    .volume(100L).build(), 2);
            CLOCK.set(T1.plusSeconds(63));
            awaitWeek52High("6900.00");
            assertWeek52("6900.00", T1.plusSeconds(30).toString(), "5100.00", "2026-03-02T17:00:00Z");
            Timestamp updated = jdbc.queryForObject("SELECT updated_at FROM week52_extreme", Timestamp.class);
            assertThat(updated.toInstant()).isEqualTo(T1.plusSeconds(63));
            CLOCK.set(T1.plusSeconds(100));
            publish(app, Tick.builder("ES", T1.plusSeconds(90), Tick.SOURCE_DEMO).last(new BigDecimal("6850.00"))
                    .volume(110L).build(), 3);
            CLOCK.set(T1.plusSeconds(123));
            await("the 15:01 bar stored", () -> jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m WHERE "
                    + "bucket_start = ?", Integer.class, Timestamp.from(T1.plusSeconds(60))) == 1);
            Thread.sleep(500); // the figures of that flush have run by now (they follow it within milliseconds)
            assertThat(jdbc.queryForObject("SELECT updated_at FROM week52_extreme", Timestamp.class)).isEqualTo(updated);

            // The nightly checkpoint writes every row, changed or not.
            CLOCK.set(T1.plusSeconds(200));
            app.getBean(ProducerTemplate.class).sendBody("direct:week52-checkpoint", null);
            await("checkpoint written", () -> jdbc.queryForObject("SELECT updated_at FROM week52_extreme",
                    Timestamp.class).toInstant().equals(T1.plusSeconds(200)));
            assertWeek52("6900.00", T1.plusSeconds(30).toString(), "5100.00", "2026-03-02T17:00:00Z");
        }
    }

    /** A final session row (and its finalized mark) with its high at 16:00 and its low at 17:00. */
    private void session(String date, String high, String low) {
        LocalDate d = LocalDate.parse(date);
        jdbc.update("INSERT INTO market_session (market, symbol, session_date, opened_at, closed_at, open, high, low, close, "
                        + "volume, high_at, low_at) VALUES ('HIST', 'ES', ?, ?, ?, 6000, ?, ?, 6000, 1000, ?, ?)", d,
                at(date, "14:30"), at(date, "21:00"), new BigDecimal(high), new BigDecimal(low), at(date, "16:00"),
                at(date, "17:00"));
        jdbc.update("INSERT INTO session_finalized VALUES ('HIST', ?, ?, ?, 1, ?)", d, at(date, "14:30"), at(date, "21:00"),
                at(date, "21:30"));
    }

    /** A bar every five minutes of [from, to), prices wandering between 6000 and 6100. */
    private void generateBars(Instant from, Instant to) {
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(300)) {
            long i = t.getEpochSecond() / 300;
            BigDecimal open = new BigDecimal(6000 + (i * 37) % 100).setScale(2);
            BigDecimal close = new BigDecimal(6000 + (i * 53) % 100).setScale(2);
            BigDecimal high = open.max(close).add(new BigDecimal("0.75"));
            BigDecimal low = open.min(close).subtract(new BigDecimal("0.50"));
            long volume = 5 + i % 17;
            jdbc.update("INSERT INTO intraday_bar_1m (market, symbol, bucket_start, open, high, low, close, volume, "
                    + "tick_count, high_at, low_at, price_volume, vwap_volume) VALUES ('HIST', 'ES', ?, ?, ?, ?, ?, ?, 4, "
                    + "?, ?, ?, ?)", Timestamp.from(t), open, high, low, close, volume, Timestamp.from(t.plusSeconds(10)),
                    Timestamp.from(t.plusSeconds(20)), close.multiply(BigDecimal.valueOf(volume)), volume);
            bars.add(Map.of("t", t, "open", open, "high", high, "low", low, "close", close, "volume", volume));
        }
    }

    /** The generated bars' 24 hours ending at {@code asOf}. */
    private Map<String, Object> expectedRolling(Instant asOf) {
        Instant from = asOf.minus(Duration.ofDays(1));
        List<Map<String, Object>> in = bars.stream()
                .filter(b -> !((Instant) b.get("t")).isBefore(from) && ((Instant) b.get("t")).isBefore(asOf)).toList();
        return Map.of("open", in.get(0).get("open"), "close", in.get(in.size() - 1).get("close"),
                "high", in.stream().map(b -> (BigDecimal) b.get("high")).max(BigDecimal::compareTo).orElseThrow(),
                "low", in.stream().map(b -> (BigDecimal) b.get("low")).min(BigDecimal::compareTo).orElseThrow(),
                "volume", in.stream().mapToLong(b -> (Long) b.get("volume")).sum());
    }

    private void awaitWeek52High(String high) throws InterruptedException {
        await("52-week high " + high, () -> {
            Object h = redis.opsForHash().get(Week52Supervisor.key("HIST", "ES"), "high");
            return h != null && new BigDecimal((String) h).compareTo(new BigDecimal(high)) == 0;
        });
    }

    private void assertWeek52(String high, String highAt, String low, String lowAt) {
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM week52_extreme WHERE market = 'HIST' AND symbol = 'ES'");
        assertThat((BigDecimal) row.get("high")).isEqualByComparingTo(high);
        assertThat(((Timestamp) row.get("high_at")).toInstant()).isEqualTo(Instant.parse(highAt));
        assertThat((BigDecimal) row.get("low")).isEqualByComparingTo(low);
        assertThat(((Timestamp) row.get("low_at")).toInstant()).isEqualTo(Instant.parse(lowAt));
        Map<Object, Object> mirror = redis.opsForHash().entries(Week52Supervisor.key("HIST", "ES"));
        assertThat(mirror).containsEntry("high_at", highAt).containsEntry("low_at", lowAt);
        assertThat(new BigDecimal((String) mirror.get("low"))).isEqualByComparingTo(low);
    }

    private static Timestamp at(String date, String time) {
        return Timestamp.from(Instant.parse(date + "T" + time + ":00Z"));
    }

    private static void publish(ConfigurableApplicationContext app, Tick t, int read) throws InterruptedException {
        app.getBean(TickSink.class).publish(List.of(t));
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        await(read + " ticks read", () -> meters.counter("thor.engine.ticks.in").count() >= read);
    }
}
