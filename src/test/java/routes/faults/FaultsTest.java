package routes.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import routes.support.AppProcess;
import routes.support.LiveTape;
import routes.support.RealServices;
import routes.support.RedisServerProcess;
import routes.support.Stores;
import routes.support.TcpProxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What production does to the pipeline, on the real app (its own JVM) with a tape of ticks: Postgres away for
 * a minute (health says DOWN, bars wait in Redis, then land), and Redis killed and started again over its
 * append-only file (the app reconnects by itself). Afterwards every bar equals the tape's bar. Recovery
 * times are printed for BENCHMARKS.md.
 */
class FaultsTest {

    static final String APP_KEY = "faults-app-key-5d1e";
    static final String APP_SECRET = "faults-app-secret-c0ffee";
    static final String OPERATOR_PASSWORD = "faults-operator-pw-8842";

    @TempDir
    Path dir;

    @Test
    void postgresAwayForAMinuteAndARedisRestartLoseNothing() throws Exception {
        assumeTrue(RedisServerProcess.available(), "redis-server is not on the PATH (ops/ensure-services.sh installs it)");
        int http = RedisServerProcess.freePort();
        JdbcTemplate jdbc = Stores.postgres();
        RealServices.wipeTables(jdbc);
        try (RedisServerProcess redisServer = new RedisServerProcess(dir).start();
             TcpProxy postgres = new TcpProxy(Integer.parseInt(System.getenv().getOrDefault("THOR_DB_PORT", "5432")))) {
            StringRedisTemplate redis = Stores.redis("127.0.0.1", redisServer.port(), 0);
            LiveTape tape = new LiveTape(redis, 5);
            try (AppProcess app = new AppProcess(dir.resolve("app.log"),
                    "--thor.markets.location=classpath:markets/always-open.yaml", "--server.port=" + http,
                    "--spring.data.redis.port=" + redisServer.port(), "--spring.data.redis.database=0",
                    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.port() + "/"
                            + System.getenv().getOrDefault("THOR_DB_TEST_NAME", "thor_test") + "?reWriteBatchedInserts=true",
                    "--spring.datasource.hikari.connection-timeout=2000",
                    "--thor.livedata.schwab.app-key=" + APP_KEY, "--thor.livedata.schwab.app-secret=" + APP_SECRET,
                    "--spring.security.user.password=" + OPERATOR_PASSWORD).start()) {
                LiveTape.awaitEngine(redis, app);
                awaitHealth(http, 200, Duration.ofSeconds(30), app);
                tape.sendFor(Duration.ofSeconds(5));

                // 1. Postgres away for 60 s.
                postgres.unplug();
                Instant cut = Instant.now();
                Instant down = null;
                while (Duration.between(cut, Instant.now()).getSeconds() < 60) {
                    tape.send();
                    Thread.sleep(40);
                    if (down == null && health(http) == 503) {
                        down = Instant.now();
                    }
                }
                assertThat(down).as("health went DOWN while Postgres was away").isNotNull();
                assertThat(redis.opsForList().size("q:bars:1m:ALWAYS")).as("bars waiting in Redis").isPositive();
                postgres.plug();
                Instant back = Instant.now();
                while (health(http) != 200 || redis.opsForList().size("q:bars:1m:ALWAYS") > 0) {
                    tape.send();
                    Thread.sleep(40);
                    assertThat(Duration.between(back, Instant.now())).as("recovery from Postgres").isLessThan(Duration.ofSeconds(30));
                }
                long pgRecoveryMs = Duration.between(back, Instant.now()).toMillis();

                // 2. Redis killed and started again over its append-only file.
                redisServer.kill();
                Instant killed = Instant.now();
                while (Duration.between(killed, Instant.now()).toMillis() < 3000) {
                    tape.trySend(); // the feed cannot publish while Redis is away
                    Thread.sleep(40);
                }
                redisServer.start();
                Instant restarted = Instant.now();
                int before = tape.size();
                String watermark = redis.opsForValue().get("engine:watermark");
                while (!tape.trySend() || entriesRead(redis) < tape.size()) {
                    Thread.sleep(40);
                    assertThat(app.isAlive()).isTrue();
                    assertThat(Duration.between(restarted, Instant.now())).as("recovery from Redis").isLessThan(Duration.ofSeconds(30));
                }
                long redisRecoveryMs = Duration.between(restarted, Instant.now()).toMillis();
                assertThat(tape.size()).isGreaterThan(before);
                assertThat(watermark).as("the engine's checkpoint survived the restart (AOF)").isNotNull();
                tape.sendFor(Duration.ofSeconds(5));
                tape.assertBarsInPostgres(jdbc, "ALWAYS", app);
                // The whole run's log (startup, outages, reconnects) never shows a secret.
                String log = java.nio.file.Files.readString(app.logFile().toPath());
                assertThat(log).contains("Started ThorApplication")
                        .doesNotContain(APP_KEY).doesNotContain(APP_SECRET).doesNotContain(OPERATOR_PASSWORD);
                System.out.printf("FAULTS: health DOWN %d ms after Postgres went away; Postgres back -> health UP "
                        + "and queue drained in %d ms; Redis restarted -> engine consuming again in %d ms%n",
                        Duration.between(cut, down).toMillis(), pgRecoveryMs, redisRecoveryMs);
            }
        }
    }

    private static long entriesRead(StringRedisTemplate redis) {
        try {
            for (var g : redis.opsForStream().groups("ticks")) {
                Object v = g.getRaw().get("entries-read");
                return v == null ? 0 : Long.parseLong(v.toString());
            }
        } catch (RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static int health(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void awaitHealth(int port, int status, Duration max, AppProcess app) throws InterruptedException {
        Instant end = Instant.now().plus(max);
        while (health(port) != status) {
            assertThat(app.isAlive()).isTrue();
            assertThat(Instant.now()).as("health %s in time", status).isBefore(end);
            Thread.sleep(200);
        }
    }
}
