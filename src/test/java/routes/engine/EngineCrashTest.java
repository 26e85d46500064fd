package routes.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import routes.support.AppProcess;
import routes.support.LiveTape;
import routes.support.RealServices;
import routes.support.Stores;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The engine killed with SIGKILL in the middle of a minute while ticks keep coming, then started again: the
 * bars in Postgres equal the bars of the whole tape, none missing and none doubled. Real time, real processes.
 */
class EngineCrashTest {

    static final String[] APP_ARGS = {"--thor.markets.location=classpath:markets/always-open.yaml",
            "--thor.engine.bar-grace=2s", "--server.port=0", "--thor.engine.batch-size=50"};

    @TempDir
    Path logs;

    @Test
    void killedMidMinuteTheBarsComeOutTheSame() throws Exception {
        StringRedisTemplate redis = Stores.redis();
        JdbcTemplate jdbc = Stores.postgres();
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        LiveTape tape = new LiveTape(redis, 11);

        try (AppProcess first = new AppProcess(logs.resolve("first.log"), APP_ARGS).start()) {
            LiveTape.awaitEngine(redis, first);
            // Tick for a while, then kill mid-minute once the engine has applied some of this minute's ticks.
            while (true) {
                tape.sendFor(Duration.ofMillis(200));
                int s = Instant.now().atZone(ZoneOffset.UTC).getSecond();
                if (tape.size() > 100 && s >= 15 && s <= 40) {
                    break;
                }
            }
            tape.sendFor(Duration.ofMillis(1500));
            first.kill();
        }
        tape.sendFor(Duration.ofMillis(2500)); // ticks keep arriving while the engine is dead
        try (AppProcess second = new AppProcess(logs.resolve("second.log"), APP_ARGS).start()) {
            tape.sendFor(Duration.ofSeconds(8));
            tape.assertBarsInPostgres(jdbc, "ALWAYS", second);
        }
    }
}
