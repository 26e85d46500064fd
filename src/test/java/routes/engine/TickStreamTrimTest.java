package routes.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import routes.config.ThorProperties;
import routes.support.TestProperties;
import routes.livedata.TickSink;
import routes.support.Stores;
import routes.support.TestClock;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ticks the stream trims before the engine read them are in no bar: the reader finds out from Redis's own
 * counters, counts them and says so. Redis database 12, so no engine of another test reads this stream.
 */
class TickStreamTrimTest {

    private final StringRedisTemplate redis = Stores.redis(System.getenv().getOrDefault("THOR_REDIS_HOST", "127.0.0.1"),
            Integer.parseInt(System.getenv().getOrDefault("THOR_REDIS_PORT", "6379")), 12);

    @AfterEach
    void empty() {
        redis.execute((RedisCallback<Object>) c -> {
            c.serverCommands().flushDb();
            return null;
        });
    }

    @Test
    void ticksTrimmedBeforeTheEngineReadThemAreCountedOnceNeverSilently() {
        redis.delete(TickSink.STREAM);
        for (int i = 0; i < 10; i++) {
            redis.opsForStream().add(TickSink.STREAM, Map.of("symbol", "ES", "ts", Long.toString(1_000 + i), "last", "1"));
        }
        ThorProperties props = TestProperties.thor("thor.engine.batch-size=3");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TestClock clock = new TestClock(Instant.parse("2026-11-24T10:00:00Z"));
        TickStream stream = new TickStream(redis, props.engine(), meters, clock);

        assertThat(stream.read()).hasSize(3); // makes the group at the start of the stream, reads three
        assertThat(stream.trimmedUnreadNow()).isZero();

        // The engine stops; the feed goes on and the stream's MAXLEN trims: 8 entries go, 5 of them unread.
        redis.opsForStream().trim(TickSink.STREAM, 2);
        assertThat(stream.trimmedUnreadNow()).isEqualTo(5);

        clock.advance(Duration.ofSeconds(5));
        assertThat(stream.read()).hasSize(2); // what is left
        assertThat(meters.counter("thor.engine.stream.trimmed.unread").count()).isEqualTo(5.0);

        clock.advance(Duration.ofSeconds(5));
        stream.read();
        assertThat(meters.counter("thor.engine.stream.trimmed.unread").count()).as("reported once").isEqualTo(5.0);
    }
}
