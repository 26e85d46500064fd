package routes.engine.figures;

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
import routes.support.TestClock;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A market that opens, trades for ten minutes and closes, through the real engine, Redis and Postgres: the
 * live session state mid-session, the final market_session rows (including a late tick that revised the last
 * minute after the close), the rolling_24h rows in session and at the close, and the 52-week extremes all
 * equal figures computed here from the tape and the seeded history; the rows are written once; a market with
 * session-capture off gets bars and nothing else.
 */
@SpringBootTest(properties = {
        "thor.markets.location=classpath:markets/sessions.yaml",
        "thor.engine.figures.check-interval=200ms",
        "thor.engine.rolling-24h.snapshot-interval=5m"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class SessionCloseTest {

    static final Instant OPEN = Instant.parse("2026-03-09T14:30:00Z");
    static final Instant CLOSE = OPEN.plusSeconds(600);
    static final List<String> ENGINE = List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush");

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(OPEN.minusSeconds(20));
        }
    }

    @Autowired TickSink sink;
    @Autowired TestClock clock;
    @Autowired StringRedisTemplate redis;
    @Autowired JdbcTemplate jdbc;
    @Autowired CamelContext camel;
    @Autowired MeterRegistry meters;

    final Tape tape = new Tape();
    int published;

    @Test
    void theSessionsRowsEqualTheTapesFigures() throws Exception {
        for (String id : ENGINE) {
            camel.getRouteController().stopRoute(id);
        }
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        seedHistory();
        for (String id : ENGINE) {
            camel.getRouteController().startRoute(id);
        }

        Random r = new Random(7);
        BigDecimal es = new BigDecimal("6000.00");
        BigDecimal nq = new BigDecimal("21000.00");
        long esVol = 1000;
        long nqVol = 500;
        clock.set(OPEN.minusSeconds(10));
        tape.trade("ES", OPEN.minusSeconds(5), "5999.50", esVol);   // before the open: only the volume baseline
        send();
        for (int m = 0; m < 10; m++) {
            clock.set(OPEN.plusSeconds(m * 60L + 58));
            for (int k = 0; k < 4; k++) {
                Instant ts = OPEN.plusSeconds(m * 60L + k * 14L + r.nextInt(10));
                es = es.add(BigDecimal.valueOf(r.nextInt(9) - 4).multiply(new BigDecimal("0.25")));
                nq = nq.add(BigDecimal.valueOf(r.nextInt(9) - 3).multiply(new BigDecimal("0.50")));
                esVol += 1 + r.nextInt(20);
                nqVol += 1 + r.nextInt(10);
                tape.trade("ES", ts, es.toPlainString(), esVol);
                tape.trade("NQ", ts.plusMillis(300), nq.toPlainString(), nqVol);
            }
            send();
            clock.set(OPEN.plusSeconds(m * 60L + 63));  // the minute closes and is flushed
            if (m == 4) {
                // the open's snapshot is due now (its bars are final: watermark - revision window >= the open). The
                // snapshot timer's first pass starts at the newest due multiple, so let it see this one before the
                // clock moves on (on a loaded machine the engine's leadership, and so its timer, can start late)
                await("the rolling_24h snapshot at the open", () -> jdbc.queryForObject(
                        "SELECT count(*) FROM rolling_24h WHERE market = 'SESS' AND as_of = ?", Integer.class,
                        Timestamp.from(OPEN)) > 0);
            }
            if (m == 4) {
                // mid-session: the state holds the figures of the first five minutes
                Instant through = OPEN.plusSeconds(300);
                await("ES state through " + through, () -> through.toString()
                        .equals(redis.opsForHash().get(SessionSupervisor.stateKey("SESS", "ES"), "through")));
                assertState("ES", tape.window("ES", OPEN, through), new BigDecimal("5990.00"));
            }
        }
        // After the close a late trade revises the last minute (inside the revision window): it counts.
        clock.set(CLOSE.plusSeconds(30));
        tape.trade("ES", CLOSE.minusSeconds(10), es.add(new BigDecimal("20.00")).toPlainString(), esVol + 7);
        tape.trade("ES", CLOSE.plusSeconds(20), "1.00", esVol + 9);   // after the close: no bar, no figure
        send();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM market_session WHERE session_date = '2026-03-09'", Integer.class)).isZero();

        clock.set(CLOSE.plusSeconds(360));   // the bars through the close are final: the finalizer writes
        await("SESS finalized", () -> jdbc.queryForObject(
                "SELECT count(*) FROM session_finalized WHERE market = 'SESS' AND session_date = '2026-03-09'", Integer.class) == 1);

        Tape.Fig esFig = tape.window("ES", OPEN, CLOSE);
        Tape.Fig nqFig = tape.window("NQ", OPEN, CLOSE);
        assertRow("ES", esFig, new BigDecimal("5990.00"));            // previous close from the previous row
        assertRow("NQ", nqFig, new BigDecimal("21000.50"));           // no previous row: the last bar before the open
        assertThat(esFig.high).isEqualByComparingTo(es.add(new BigDecimal("20.00")));

        // Rolling 24 hours: interval snapshots while in session (14:30, 14:35) and one at the close. The interval
        // snapshots have their own timer route: the 14:35 one may still be on its way when the finalizer is done.
        await("three rolling_24h snapshots", () -> jdbc.queryForObject(
                "SELECT count(DISTINCT as_of) FROM rolling_24h WHERE market = 'SESS'", Integer.class) >= 3);
        assertThat(jdbc.queryForList("SELECT DISTINCT as_of FROM rolling_24h WHERE market = 'SESS' ORDER BY as_of",
                Timestamp.class).stream().map(Timestamp::toInstant).collect(Collectors.toList()))
                .containsExactly(OPEN, OPEN.plusSeconds(300), CLOSE);
        assertRolling("ES", CLOSE, esFig, null);
        assertRolling("ES", OPEN.plusSeconds(300), tape.window("ES", OPEN, OPEN.plusSeconds(300)), null);
        assertRolling("NQ", CLOSE, nqFig, HISTORY_NQ_BAR);

        // 52 weeks: the seeded session row's extremes for ES unless the tape beat them; NQ from bars only.
        assertWeek52("ES", new BigDecimal("6100.00"), Instant.parse("2026-03-08T14:35:00Z"),
                new BigDecimal("5950.00"), Instant.parse("2026-03-08T14:31:00Z"));
        BigDecimal nqHigh = nqFig.high.max(new BigDecimal("21010.00"));
        assertWeek52("NQ", nqHigh, nqHigh.compareTo(nqFig.high) == 0 ? nqFig.highAt : HISTORY_NQ_AT,
                nqFig.low.min(new BigDecimal("20980.00")),
                nqFig.low.compareTo(new BigDecimal("20980.00")) < 0 ? nqFig.lowAt : HISTORY_NQ_AT);

        // Written once: a finalizer that did not see the mark (another instance) changes nothing.
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM market_session ORDER BY symbol");
        int rollingBefore = jdbc.queryForObject("SELECT count(*) FROM rolling_24h", Integer.class);
        jdbc.update("DELETE FROM session_finalized WHERE market = 'SESS' AND session_date = '2026-03-09'");
        await("SESS finalized again", () -> jdbc.queryForObject(
                "SELECT count(*) FROM session_finalized WHERE market = 'SESS' AND session_date = '2026-03-09'", Integer.class) == 1);
        assertThat(jdbc.queryForList("SELECT * FROM market_session ORDER BY symbol")).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rolling_24h", Integer.class)).isEqualTo(rollingBefore);

        // session-capture off: bars, and nothing else.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m WHERE market = 'NOCAP'", Integer.class))
                .isEqualTo(10);
        for (String table : List.of("market_session", "rolling_24h", "week52_extreme", "session_finalized")) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE market = 'NOCAP'", Integer.class))
                    .as(table).isZero();
        }
        Set<String> nocapKeys = redis.keys("*NOCAP*");
        assertThat(nocapKeys).allMatch(k -> k.startsWith("bar:1m:current:") || k.startsWith("q:bars:1m:")
                || k.startsWith("market:"));
    }

    static final Instant HISTORY_NQ_AT = Instant.parse("2026-03-09T09:00:10Z");
    static final Map<String, Object> HISTORY_NQ_BAR = Map.of("open", new BigDecimal("20990.00"),
            "high", new BigDecimal("21010.00"), "low", new BigDecimal("20980.00"), "volume", 10L);

    /** The previous day's ES session row (and its mark), and a stray NQ bar before today's open. */
    private void seedHistory() {
        jdbc.update("INSERT INTO market_session (market, symbol, session_date, opened_at, closed_at, open, high, low, "
                        + "close, volume, high_at, low_at) VALUES ('SESS', 'ES', ?, ?, ?, 6000.00, 6100.00, 5950.00, "
                        + "5990.00, 100, ?, ?)", LocalDate.parse("2026-03-08"), ts("2026-03-08T14:30:00Z"),
                ts("2026-03-08T14:40:00Z"), ts("2026-03-08T14:35:00Z"), ts("2026-03-08T14:31:00Z"));
        jdbc.update("INSERT INTO session_finalized VALUES ('SESS', ?, ?, ?, 1, ?)", LocalDate.parse("2026-03-08"),
                ts("2026-03-08T14:30:00Z"), ts("2026-03-08T14:40:00Z"), ts("2026-03-08T14:46:00Z"));
        jdbc.update("INSERT INTO intraday_bar_1m (market, symbol, bucket_start, open, high, low, close, volume, tick_count, "
                + "high_at, low_at, price_volume, vwap_volume) VALUES ('SESS', 'NQ', ?, 20990.00, 21010.00, 20980.00, "
                + "21000.50, 10, 3, ?, ?, 209950.00, 10)", ts("2026-03-09T09:00:00Z"), Timestamp.from(HISTORY_NQ_AT),
                Timestamp.from(HISTORY_NQ_AT));
    }

    private void assertState(String symbol, Tape.Fig f, BigDecimal prevClose) {
        Map<Object, Object> h = redis.opsForHash().entries(SessionSupervisor.stateKey("SESS", symbol));
        assertThat(h.get("session_date")).isEqualTo("2026-03-09");
        assertThat(h.get("opened_at")).isEqualTo(OPEN.toString());
        assertThat(h.get("closes_at")).isEqualTo(CLOSE.toString());
        assertThat(new BigDecimal((String) h.get("open"))).isEqualByComparingTo(f.open);
        assertThat(new BigDecimal((String) h.get("high"))).isEqualByComparingTo(f.high);
        assertThat(h.get("high_at")).isEqualTo(f.highAt.toString());
        assertThat(new BigDecimal((String) h.get("low"))).isEqualByComparingTo(f.low);
        assertThat(h.get("low_at")).isEqualTo(f.lowAt.toString());
        assertThat(new BigDecimal((String) h.get("last"))).isEqualByComparingTo(f.close);
        assertThat(Long.parseLong((String) h.get("volume"))).isEqualTo(f.volume);
        assertThat(new BigDecimal((String) h.get("vwap"))).isEqualByComparingTo(f.vwap());
        assertThat(Integer.parseInt((String) h.get("ticks"))).isEqualTo(f.ticks);
        assertThat(new BigDecimal((String) h.get("prev_close"))).isEqualByComparingTo(prevClose);
        assertThat(new BigDecimal((String) h.get("change"))).isEqualByComparingTo(f.close.subtract(prevClose));
    }

    private void assertRow(String symbol, Tape.Fig f, BigDecimal prevClose) {
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM market_session WHERE market = 'SESS' AND symbol = ? "
                + "AND session_date = '2026-03-09'", symbol);
        assertThat(((Timestamp) row.get("opened_at")).toInstant()).isEqualTo(OPEN);
        assertThat(((Timestamp) row.get("closed_at")).toInstant()).isEqualTo(CLOSE);
        assertThat((BigDecimal) row.get("open")).as(symbol + " open").isEqualByComparingTo(f.open);
        assertThat((BigDecimal) row.get("high")).as(symbol + " high").isEqualByComparingTo(f.high);
        assertThat(((Timestamp) row.get("high_at")).toInstant()).as(symbol + " high_at").isEqualTo(f.highAt);
        assertThat((BigDecimal) row.get("low")).as(symbol + " low").isEqualByComparingTo(f.low);
        assertThat(((Timestamp) row.get("low_at")).toInstant()).as(symbol + " low_at").isEqualTo(f.lowAt);
        assertThat((BigDecimal) row.get("close")).as(symbol + " close").isEqualByComparingTo(f.close);
        assertThat(((Number) row.get("volume")).longValue()).as(symbol + " volume").isEqualTo(f.volume);
        assertThat((BigDecimal) row.get("vwap")).as(symbol + " vwap").isEqualByComparingTo(f.vwap());
        assertThat(((Number) row.get("tick_count")).intValue()).as(symbol + " ticks").isEqualTo(f.ticks);
        assertThat((BigDecimal) row.get("prev_close")).isEqualByComparingTo(prevClose);
        BigDecimal change = f.close.subtract(prevClose);
        assertThat((BigDecimal) row.get("change")).isEqualByComparingTo(change);
        assertThat((BigDecimal) row.get("change_pct")).isEqualByComparingTo(Figures.percent(change, prevClose));
        assertThat((BigDecimal) row.get("range")).isEqualByComparingTo(f.high.subtract(f.low));
    }

    /** The rolling_24h row at {@code asOf}: the tape's window, plus an older bar inside the 24 hours if given. */
    private void assertRolling(String symbol, Instant asOf, Tape.Fig f, Map<String, Object> olderBar) {
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM rolling_24h WHERE market = 'SESS' AND symbol = ? "
                + "AND as_of = ?", symbol, Timestamp.from(asOf));
        BigDecimal open = olderBar == null ? f.open : (BigDecimal) olderBar.get("open");
        BigDecimal high = olderBar == null ? f.high : f.high.max((BigDecimal) olderBar.get("high"));
        BigDecimal low = olderBar == null ? f.low : f.low.min((BigDecimal) olderBar.get("low"));
        long volume = f.volume + (olderBar == null ? 0 : (Long) olderBar.get("volume"));
        assertThat((BigDecimal) row.get("open")).as(symbol + " 24h open").isEqualByComparingTo(open);
        assertThat((BigDecimal) row.get("high")).as(symbol + " 24h high").isEqualByComparingTo(high);
        assertThat((BigDecimal) row.get("low")).as(symbol + " 24h low").isEqualByComparingTo(low);
        assertThat((BigDecimal) row.get("close")).as(symbol + " 24h close").isEqualByComparingTo(f.close);
        assertThat(((Number) row.get("volume")).longValue()).as(symbol + " 24h volume").isEqualTo(volume);
        assertThat((BigDecimal) row.get("change")).isEqualByComparingTo(f.close.subtract(open));
        assertThat((BigDecimal) row.get("change_pct")).isEqualByComparingTo(Figures.percent(f.close.subtract(open), open));
    }

    private void assertWeek52(String symbol, BigDecimal high, Instant highAt, BigDecimal low, Instant lowAt)
            throws InterruptedException {
        await(symbol + " 52-week high " + high, () -> {
            Object h = redis.opsForHash().get(Week52Supervisor.key("SESS", symbol), "high");
            return h != null && new BigDecimal((String) h).compareTo(high) == 0;
        });
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM week52_extreme WHERE market = 'SESS' AND symbol = ?",
                symbol);
        assertThat((BigDecimal) row.get("high")).isEqualByComparingTo(high);
        assertThat(((Timestamp) row.get("high_at")).toInstant()).isEqualTo(highAt);
        assertThat((BigDecimal) row.get("low")).isEqualByComparingTo(low);
        assertThat(((Timestamp) row.get("low_at")).toInstant()).isEqualTo(lowAt);
        Map<Object, Object> mirror = redis.opsForHash().entries(Week52Supervisor.key("SESS", symbol));
        assertThat(mirror).containsEntry("high_at", highAt.toString()).containsEntry("low_at", lowAt.toString());
        assertThat(new BigDecimal((String) mirror.get("low"))).isEqualByComparingTo(low);
    }

    private static Timestamp ts(String iso) {
        return Timestamp.from(Instant.parse(iso));
    }

    private void send() throws InterruptedException {
        List<Tick> fresh = tape.ticks.subList(published, tape.ticks.size());
        sink.publish(fresh);
        published = tape.ticks.size();
        int n = published;
        await(n + " ticks read", () -> meters.counter("thor.engine.ticks.in").count() >= n);
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
