package routes.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import routes.engine.Bar;
import routes.engine.BarQueue;
import routes.exits.Exits;
import routes.globalmarkets.MarketEvent;
import routes.livedata.RejectedTicksException;
import routes.support.RealServices;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wiring of the built-in routes, each on its own (camel-test-spring-junit5: AdviceWith, mock endpoints,
 * NotifyBuilder), on the real Redis and Postgres: the timer periods are the properties, a bar reaches seda:bars
 * only once Postgres has it, direct:ticks publishes the good items and fails the exchange for the bad, and a
 * subscriber that takes nothing never holds up the sender (ExamplesTest has every subscriber getting every item).
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(properties = {
        "thor.markets.location=classpath:markets/always-open.yaml",
        "thor.engine.flush-interval=35ms",
        "thor.engine.close-check-interval=300ms",
        "thor.markets.board-interval=700ms",
        "thor.routes.exit-queue-size=5"})
@ActiveProfiles("test")
@DirtiesContext
class RouteWiringTest {

    static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);

    @Autowired CamelContext camel;
    @Autowired ProducerTemplate producer;
    @Autowired StringRedisTemplate redis;
    @Autowired JdbcTemplate jdbc;
    @Autowired Exits exits;
    @Autowired MeterRegistry meters;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        // What the flush hands to the exit: looked at in Postgres at that very moment.
        AdviceWith.adviceWith(camel, "engine-bar-flush", a -> a.weaveById("flush-bars-exit").before().to("mock:before-exit"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:bars?multipleConsumers=true").routeId("test-stuck-bars")
                        .process(x -> RELEASE_SLOW.await(30, TimeUnit.SECONDS)).to("mock:stuck-bars");
            }
        });
        camel.start();
    }

    @Test
    void theTimersRunAtThePropertiesPeriods() throws Exception {
        assertThat(timer("globalmarkets-status-board").getPeriod()).isEqualTo(700);
        // the engine timers sit behind master:, made when this instance leads the engine namespace
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (timer("engine-bar-flush") == null || timer("engine-bar-close") == null) {
            assertThat(System.nanoTime()).as("this instance leads the engine").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(timer("engine-bar-flush").getPeriod()).isEqualTo(35);
        assertThat(timer("engine-bar-close").getPeriod()).isEqualTo(300);
    }

    @Test
    void aBarGoesOutOnlyOnceItIsInPostgres() throws Exception {
        MockEndpoint beforeExit = camel.getEndpoint("mock:before-exit", MockEndpoint.class);
        List<Integer> inPostgresAtExit = new ArrayList<>();
        beforeExit.whenAnyExchangeReceived(x -> inPostgresAtExit.add(jdbc.queryForObject(
                "SELECT count(*) FROM intraday_bar_1m WHERE market = 'ALWAYS' AND symbol = 'WIRE'", Integer.class)));
        beforeExit.expectedMinimumMessageCount(1);
        long bucket = Instant.parse("2026-03-09T14:30:00Z").toEpochMilli();
        Bar bar = new Bar("ALWAYS", "WIRE", bucket);
        bar.trade(new BigDecimal("101.25"), bucket + 1_000);
        bar.volume(7, new BigDecimal("101.25"));
        redis.opsForList().rightPush(BarQueue.key("ALWAYS"), bar.encode());
        beforeExit.assertIsSatisfied(20_000);
        assertThat(inPostgresAtExit).first().isEqualTo(1);
        assertThat(redis.opsForList().size(BarQueue.key("ALWAYS"))).isZero();
    }

    @Test
    void directTicksPublishesTheGoodItemsAndFailsTheExchangeForTheBad() {
        NotifyBuilder failed = new NotifyBuilder(camel).fromRoute("livedata-tick-entry").whenFailed(1).create();
        List<Object> ticks = List.of(
                Map.of("symbol", "WIRE1", "last", "10.5", "volume", 100, "ts", 1_700_000_000_000L),
                "{\"symbol\": \"WIRE2\", \"bid\": 9.75}",
                Map.of("symbol", "WIRE3", "last", "ten"));
        assertThatThrownBy(() -> producer.requestBody("direct:ticks", ticks))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(RejectedTicksException.class)
                .hasMessageContaining("item 3: WIRE3: field 'last' is not a number: ten")
                .hasMessageContaining("(2 published)");
        assertThat(failed.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(redis.opsForHash().entries("tick:WIRE1")).containsEntry("last", "10.5").containsEntry("source", "ROUTE")
                .containsEntry("ts", "1700000000000");
        assertThat(redis.opsForHash().entries("tick:WIRE2")).containsEntry("bid", "9.75").doesNotContainKey("last");
        assertThat(redis.hasKey("tick:WIRE3")).isFalse();
    }

    @Test
    void aSubscriberThatTakesNothingNeverHoldsUpTheFlushOrTheClock() {
        // seda:bars has a subscriber that does not move: the exit holds its 5, the rest are dropped and counted,
        // and every offer returns at once.
        double droppedBefore = meters.counter("thor.exits.dropped", "exit", "bars").count();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new java.util.HashMap<>(Map.of("market", "ALWAYS", "symbol", "STUCK", "volume", (long) i, "tick_count", 1)));
        }
        long t = System.nanoTime();
        int offered = exits.storedBars(rows);
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(500);
        // at least the queue's 5; how many more the subscriber's threads took before they stuck is theirs to say
        assertThat(offered).isGreaterThanOrEqualTo(5);
        assertThat(meters.counter("thor.exits.dropped", "exit", "bars").count() - droppedBefore).isEqualTo(20 - offered);

        // The same for market events: the clock's offer to a full exit returns at once, counted.
        double eventsDropped = meters.counter("thor.exits.dropped", "exit", "market-events").count();
        t = System.nanoTime();
        int sent = 0;
        for (int i = 0; i < 20; i++) {
            sent += exits.marketEvent(new MarketEvent(MarketEvent.Type.MARKET_CLOSED, "ALWAYS",
                    Instant.parse("2026-03-09T21:00:00Z").plusSeconds(i), LocalDate.parse("2026-03-09"))) ? 1 : 0;
        }
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(500);
        assertThat(sent + meters.counter("thor.exits.dropped", "exit", "market-events").count() - eventsDropped)
                .isEqualTo(20);
        RELEASE_SLOW.countDown();
    }

    private TimerEndpoint timer(String name) {
        for (var e : camel.getEndpoints()) {
            if (e instanceof TimerEndpoint t && name.equals(t.getTimerName())) {
                return t;
            }
        }
        return null;
    }
}
