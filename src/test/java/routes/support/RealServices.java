package routes.support;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/** Puts the real test Redis database and the test Postgres tables back to empty between tests. */
public final class RealServices {

    private RealServices() {
    }

    public static void wipeRedis(StringRedisTemplate redis) {
        redis.execute((RedisCallback<Object>) c -> {
            c.serverCommands().flushDb();
            return null;
        });
    }

    public static void wipeTables(JdbcTemplate jdbc) {
        jdbc.execute("TRUNCATE intraday_bar_1m, market_session, rolling_24h, week52_extreme, market_event, session_finalized");
    }
}
