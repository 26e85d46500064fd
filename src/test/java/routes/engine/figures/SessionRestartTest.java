package routes.engine.figures;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.engine.figures.SessionCloseTest.CLOSE;
import static routes.engine.figures.SessionCloseTest.OPEN;
import static routes.engine.figures.SessionCloseTest.await;

/**
 * The app stopped in the middle of a session (its session states lost from Redis too) and started again:
 * the states come back from the bars in Postgres. Then it is down over the close while ticks keep arriving,
 * and started after it: the final rows are still the tape's, each written once.
 */
class SessionRestartTest {

    static final TestClock CLOCK = new TestClock(OPEN.minusSeconds(20));

    final StringRedisTemplate redis = Stores.redis();
    final JdbcTemplate jdbc = Stores.postgres();
    final Tape tape = new Tape();
    final Random r = new Random(3);
    BigDecimal es = new BigDecimal("6000.00");
    long esVol = 2000;
    BigDecimal nq = new BigDecimal("21000.00");
    long nqVol = 900;

    @Test
    void aRestartMidSessionAndAnOutageOverTheCloseLoseNothing() throws Exception {
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        CLOCK.set(OPEN.minusSeconds(20));
        try (ConfigurableApplicationContext app = start()) {
            int read = 0;
            for (int m = 0; m < 4; m++) {
                read = minute(app, m, 4, read);
                CLOCK.set(OPEN.plusSeconds(m * 60L + 63));
            }
            Instant through = OPEN.plusSeconds(240);
            await("ES state through " + through, () -> through.toString()
                    .equals(redis.opsForHash().get(SessionSupervisor.stateKey("SESS", "ES"), "through")));
            CLOCK.set(OPEN.plusSeconds(4 * 60 + 30));
            read = publish(app, trades(4, 0, 2), read);      // 14:34 half traded, its bar still open
            await("open bars checkpointed", () -> redis.opsForHash().size("engine:bars:open") > 0);
        }
        redis.delete(redis.keys("session:SESS:*:state"));   // Redis lost the states as well

        CLOCK.set(OPEN.plusSeconds(4 * 60 + 40));
        tape.restart(); // the new process's sink takes each symbol's first update as a baseline
        try (ConfigurableApplicationContext app = start()) {
            Instant through = OPEN.plusSeconds(240);
            await("ES state rebuilt at startup", () -> through.toString()
                    .equals(redis.opsForHash().get(SessionSupervisor.stateKey("SESS", "ES"), "through")));
            Tape.Fig soFar = tape.window("ES", OPEN, through);
            Map<Object, Object> state = redis.opsForHash().entries(SessionSupervisor.stateKey("SESS", "ES"));
            assertThat(new BigDecimal((String) state.get("open"))).isEqualByComparingTo(soFar.open);
            assertThat(new BigDecimal((String) state.get("high"))).isEqualByComparingTo(soFar.high);
            assertThat(new BigDecimal((String) state.get("low"))).isEqualByComparingTo(soFar.low);
            assertThat(new BigDecimal((String) state.get("last"))).isEqualByComparingTo(soFar.close);
            assertThat(Long.parseLong((String) state.get("volume"))).isEqualTo(soFar.volume);
            assertThat(new BigDecimal((String) state.get("vwap"))).isEqualByComparingTo(soFar.vwap());

            CLOCK.set(OPEN.plusSeconds(4 * 60 + 58));
            int read = publish(app, trades(4, 2, 4), 0);
            for (int m = 5; m < 8; m++) {
                CLOCK.set(OPEN.plusSeconds(m * 60L + 3));
                read = minute(app, m, 4, read);
            }
            CLOCK.set(OPEN.plusSeconds(8 * 60 + 20));
            publish(app, trades(8, 0, 2), read);
            await("open bars checkpointed", () -> redis.opsForHash().size("engine:bars:open") > 0);
        }

        // Down over the close: a feed elsewhere (its own sink, just started) keeps writing ticks, up to and past
        // the close.
        TickSink feed = new TickSink(redis, routes.support.TestProperties.thor().livedata(),
                new com.fasterxml.jackson.databind.ObjectMapper(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        tape.restart();
        feed.publish(trades(8, 2, 4));
        feed.publish(trades(9, 0, 4));
        feed.publish(List.of(tape.trade("ES", CLOSE.plusSeconds(15), "1.00", esVol + 5)));

        CLOCK.set(CLOSE.plusSeconds(600));
        try (ConfigurableApplicationContext app = start()) {
            await("session finalized after the outage", () -> jdbc.queryForObject("SELECT count(*) FROM session_finalized "
                    + "WHERE market = 'SESS' AND session_date = '2026-03-09'", Integer.class) == 1);
            for (String symbol : List.of("ES", "NQ")) {
                Tape.Fig f = tape.window(symbol, OPEN, CLOSE);
                List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM market_session WHERE market = 'SESS' "
                        + "AND symbol = ?", symbol);
                assertThat(rows).as(symbol + " rows").hasSize(1);
                Map<String, Object> row = rows.get(0);
                assertThat((BigDecimal) row.get("open")).as(symbol + " open").isEqualByComparingTo(f.open);
                assertThat((BigDecimal) row.get("high")).as(symbol + " high").isEqualByComparingTo(f.high);
                assertThat(((Timestamp) row.get("high_at")).toInstant()).as(symbol + " high_at").isEqualTo(f.highAt);
                assertThat((BigDecimal) row.get("low")).as(symbol + " low").isEqualByComparingTo(f.low);
                assertThat(((Timestamp) row.get("low_at")).toInstant()).as(symbol + " low_at").isEqualTo(f.lowAt);
                assertThat((BigDecimal) row.get("close")).as(symbol + " close").isEqualByComparingTo(f.close);
                assertThat(((Number) row.get("volume")).longValue()).as(symbol + " volume").isEqualTo(f.volume);
                assertThat((BigDecimal) row.get("vwap")).as(symbol + " vwap").isEqualByComparingTo(f.vwap());
                assertThat(((Number) row.get("tick_count")).intValue()).as(symbol + " ticks").isEqualTo(f.ticks);
                assertThat(row.get("prev_close")).as("no earlier session or bar").isNull();
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM rolling_24h WHERE market = 'SESS' AND as_of = ?",
                    Integer.class, Timestamp.from(CLOSE))).isEqualTo(2);
        }
    }

    /** Trades k in [from, to) of minute m: ES and, 300 ms later, NQ. */
    private List<Tick> trades(int m, int from, int to) {
        List<Tick> out = new java.util.ArrayList<>();
        for (int k = from; k < to; k++) {
            Instant ts = OPEN.plusSeconds(m * 60L + k * 14L + r.nextInt(10));
            es = es.add(BigDecimal.valueOf(r.nextInt(9) - 4).multiply(new BigDecimal("0.25")));
            nq = nq.add(BigDecimal.valueOf(r.nextInt(9) - 4).multiply(new BigDecimal("0.50")));
            esVol += 1 + r.nextInt(20);
            nqVol += 1 + r.nextInt(10);
            out.add(tape.trade("ES", ts, es.toPlainString(), esVol));
            out.add(tape.trade("NQ", ts.plusMillis(300), nq.toPlainString(), nqVol));
        }
        return out;
    }

    /** Minute m traded whole at 58 s past; returns the ticks this app has read. */
    private int minute(ConfigurableApplicationContext app, int m, int trades, int read) throws InterruptedException {
        CLOCK.set(OPEN.plusSeconds(m * 60L + 58));
        return publish(app, trades(m, 0, trades), read);
    }

    private int publish(ConfigurableApplicationContext app, List<Tick> ticks, int read) throws InterruptedException {
        app.getBean(TickSink.class).publish(ticks);
        int n = read + ticks.size();
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        await(n + " ticks read", () -> meters.counter("thor.engine.ticks.in").count() >= n);
        return n;
    }

    private static ConfigurableApplicationContext start() {
        return start(CLOCK, "--thor.markets.location=classpath:markets/sessions.yaml");
    }

    /** The app in this JVM on a test clock, as a test can stop and start it again (profile test). */
    static ConfigurableApplicationContext start(Clock clock, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--server.port=0", "--thor.engine.figures.check-interval=200ms",
                "--thor.engine.consumer-name=restart-engine"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(ThorApplication.class, TestClockSource.class)
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("skipTestConfigurations", new SkipTestConfigurations());
                    ctx.getBeanFactory().registerSingleton("sharedTestClock", clock);
                })
                .profiles("test")
                .run(all.toArray(new String[0]));
    }

    /** The test's clock as the app's primary Clock (a source class, so no scan finds it). */
    static class TestClockSource {
        @Bean
        @Primary
        Clock testClock(@org.springframework.beans.factory.annotation.Qualifier("sharedTestClock") Clock shared) {
            return shared;
        }
    }

    /** Outside a Spring test, other tests' @TestConfiguration classes would be scanned in as well. */
    static final class SkipTestConfigurations extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SkipTestConfigurations;
        }

        @Override
        public int hashCode() {
            return SkipTestConfigurations.class.hashCode();
        }
    }
}
