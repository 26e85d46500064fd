package routes.globalmarkets;

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
import routes.support.RealServices;
import routes.support.TestClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Quartz clock route, driven by a test clock through two Tokyo days (a trading day with a lunch break,
 * then a holiday): exactly the expected events, each once, in Postgres and on events:markets, also when the
 * clock's position is set back (what a lagging second instance or a restart replays).
 */
@SpringBootTest(properties = {"thor.markets.location=classpath:markets/clock-day.yaml", "thor.engine.enabled=false"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class MarketClockRouteTest {

    static final Instant START = Instant.parse("2026-03-09T23:00:00Z"); // 08:00 Tokyo, Tue 2026-03-10

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(START);
        }
    }

    @Autowired TestClock clock;
    @Autowired StringRedisTemplate redis;
    @Autowired JdbcTemplate jdbc;

    @Test
    void aDayWithALunchBreakAndAHolidayGivesEachEventOnce() throws Exception {
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        clock.set(START);
        awaitPosition(START); // first fire: position = now, nothing from the past

        clock.set(Instant.parse("2026-03-10T03:00:00Z")); // 12:00 Tokyo, in the lunch break
        awaitPosition(clock.instant());
        assertThat(events()).containsExactly(
                "LUNCH MARKET_OPENED 2026-03-10T00:00:00Z 2026-03-10",
                "LUNCH MARKET_CLOSED 2026-03-10T02:30:00Z 2026-03-10");
        assertThat(redis.opsForHash().get("market:LUNCH", "status")).isEqualTo("BREAK");

        // Replay from before the open, as a restarted or lagging instance would: nothing new is published.
        redis.opsForValue().set(MarketClock.POSITION, Long.toString(START.toEpochMilli()));
        clock.set(Instant.parse("2026-03-11T23:30:00Z")); // through the afternoon and the whole holiday
        awaitPosition(clock.instant());
        List<String> expected = List.of(
                "LUNCH MARKET_OPENED 2026-03-10T00:00:00Z 2026-03-10",
                "LUNCH MARKET_CLOSED 2026-03-10T02:30:00Z 2026-03-10",
                "LUNCH MARKET_OPENED 2026-03-10T03:30:00Z 2026-03-10",
                "LUNCH MARKET_CLOSED 2026-03-10T06:30:00Z 2026-03-10");
        assertThat(events()).containsExactlyElementsOf(expected);
        assertThat(streamEvents()).containsExactlyElementsOf(expected);
        assertThat(redis.opsForHash().get("market:LUNCH", "status")).isEqualTo("CLOSED");
        assertThat(redis.opsForHash().get("market:LUNCH", "next_open")).isEqualTo("2026-03-12T00:00:00Z");
    }

    private List<String> events() {
        return jdbc.queryForList("SELECT market, type, at, session_date FROM market_event ORDER BY at, market").stream()
                .map(r -> r.get("market") + " " + r.get("type") + " "
                        + ((java.sql.Timestamp) r.get("at")).toInstant() + " " + r.get("session_date"))
                .collect(Collectors.toList());
    }

    private List<String> streamEvents() {
        return redis.opsForStream().range(MarketClock.STREAM, org.springframework.data.domain.Range.unbounded())
                .stream().map(rec -> {
                    Map<Object, Object> f = rec.getValue();
                    return f.get("market") + " " + f.get("type") + " " + f.get("at") + " " + f.get("session_date");
                }).collect(Collectors.toList());
    }

    private void awaitPosition(Instant atLeast) throws InterruptedException {
        // Generous: the clustered trigger may first have to be recovered from the previous test context.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String p = redis.opsForValue().get(MarketClock.POSITION);
            if (p != null && Long.parseLong(p) >= atLeast.toEpochMilli()) {
                return;
            }
            assertThat(System.nanoTime()).as("clock reached %s", atLeast).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
