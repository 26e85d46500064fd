package routes.livedata.demo;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import routes.support.RealServices;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo feed through the real sink and engine: it looks like a market (several quotes per trade, trades at a
 * new price and at the same price), Redis shows both, and the bar being built counts the trades only.
 */
@SpringBootTest(properties = {
        "thor.markets.location=classpath:markets/always-open.yaml",
        "thor.livedata.demo.enabled=true",
        "thor.livedata.demo.ticks-per-second=400",
        "thor.livedata.demo.seed=7"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class DemoFeedTest {

    @Autowired StringRedisTemplate redis;
    @Autowired CamelContext camel;
    @Autowired MeterRegistry meters;

    @Test
    void quotesAndTradesInRedisAndOnlyTradesInTheBars() throws Exception {
        camel.getRouteController().stopRoute("livedata-demo-feed");
        for (String id : List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush")) {
            camel.getRouteController().stopRoute(id);
        }
        RealServices.wipeRedis(redis);
        for (String id : List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush", "livedata-demo-feed")) {
            camel.getRouteController().startRoute(id);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (redis.opsForStream().size("ticks") < 1500) {
            assertThat(System.nanoTime()).as("the demo feed publishes").isLessThan(deadline);
            Thread.sleep(100);
        }
        camel.getRouteController().stopRoute("livedata-demo-feed");
        List<Map<Object, Object>> entries = new ArrayList<>();
        redis.opsForStream().range("ticks", Range.unbounded()).forEach(r -> entries.add(r.getValue()));
        while (meters.counter("thor.engine.ticks.in").count() < entries.size()) {
            assertThat(System.nanoTime()).as("the engine reads them").isLessThan(deadline);
            Thread.sleep(50);
        }

        List<Map<Object, Object>> trades = entries.stream().filter(e -> e.containsKey("last")).toList();
        long quotes = entries.size() - trades.size();
        assertThat(trades).as("trades").hasSizeGreaterThan(100);
        assertThat(quotes).as("several quotes per trade").isGreaterThan(3L * trades.size());
        assertThat(trades).allSatisfy(t -> assertThat(Long.parseLong((String) t.get("size"))).isPositive());
        int samePrice = 0;
        int newPrice = 0;
        Map<Object, BigDecimal> lastTrade = new HashMap<>();
        for (Map<Object, Object> t : trades) {
            BigDecimal price = new BigDecimal((String) t.get("last"));
            BigDecimal before = lastTrade.put(t.get("symbol"), price);
            if (before != null) {
                if (before.compareTo(price) == 0) {
                    samePrice++;
                } else {
                    newPrice++;
                }
            }
        }
        assertThat(samePrice).as("trades at the same price").isGreaterThan(10);
        assertThat(newPrice).as("trades at a new price").isGreaterThan(samePrice);
        assertThat(redis.<String, String>opsForHash().entries("tick:ES")).containsKeys("last", "bid", "ask", "volume");

        // The bar being built for each symbol holds exactly the trades of its minute.
        for (String symbol : List.of("ES", "NQ", "CL")) {
            String key = "bar:1m:current:ALWAYS:" + symbol;
            long waitUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                Map<String, String> bar = redis.<String, String>opsForHash().entries(key);
                if (!bar.isEmpty() && matches(bar, trades, symbol)) {
                    break;
                }
                assertThat(System.nanoTime()).as("%s's current bar %s holds its minute's trades", symbol, bar)
                        .isLessThan(waitUntil);
                Thread.sleep(100);
            }
        }
    }

    /** The bar equals the trades of its bucket (stream order = time order here: one clock). */
    private static boolean matches(Map<String, String> bar, List<Map<Object, Object>> trades, String symbol) {
        long bucket = java.time.Instant.parse(bar.get("bucket")).toEpochMilli();
        List<Map<Object, Object>> mine = trades.stream().filter(t -> symbol.equals(t.get("symbol")))
                .filter(t -> Long.parseLong((String) t.get("ts")) / 60_000L * 60_000L == bucket).toList();
        if (mine.isEmpty()) {
            return false;
        }
        BigDecimal high = null;
        BigDecimal low = null;
        long volume = 0;
        for (Map<Object, Object> t : mine) {
            BigDecimal p = new BigDecimal((String) t.get("last"));
            high = high == null || p.compareTo(high) > 0 ? p : high;
            low = low == null || p.compareTo(low) < 0 ? p : low;
            volume += Long.parseLong((String) t.get("size"));
        }
        return Integer.parseInt(bar.get("ticks")) == mine.size()
                && Long.parseLong(bar.get("volume")) == volume
                && new BigDecimal(bar.get("open")).compareTo(new BigDecimal((String) mine.get(0).get("last"))) == 0
                && new BigDecimal(bar.get("close")).compareTo(new BigDecimal((String) mine.get(mine.size() - 1).get("last"))) == 0
                && new BigDecimal(bar.get("high")).compareTo(high) == 0
                && new BigDecimal(bar.get("low")).compareTo(low) == 0;
    }
}
