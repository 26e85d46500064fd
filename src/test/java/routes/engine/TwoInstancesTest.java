package routes.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import routes.support.AppProcess;
import routes.support.LiveTape;
import routes.support.RealServices;
import routes.support.Stores;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two app instances on one Redis and one Postgres: one leads the engine and the feeds, the other waits; the
 * leader is killed (SIGKILL) and the other takes over within the lease. Every bar is written once and equals
 * the tape's bar, across the handover.
 */
class TwoInstancesTest {

    static String[] args(String member) {
        return new String[]{"--thor.markets.location=classpath:markets/always-open.yaml",
                "--thor.engine.bar-grace=2s", "--server.port=0", "--thor.cluster.lease=3s",
                "--thor.cluster.member-id=" + member, "--thor.livedata.demo.enabled=true",
                "--thor.livedata.demo.ticks-per-second=5"};
    }

    @TempDir
    Path logs;

    @Test
    void theStandbyTakesOverWithinTheLeaseAndEveryBarIsWrittenOnce() throws Exception {
        StringRedisTemplate redis = Stores.redis();
        JdbcTemplate jdbc = Stores.postgres();
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        LiveTape tape = new LiveTape(redis, 23);
        try (AppProcess a = new AppProcess(logs.resolve("a.log"), args("node-a")).start();
             AppProcess b = new AppProcess(logs.resolve("b.log"), args("node-b")).start()) {
            LiveTape.awaitEngine(redis, a, b);
            tape.sendFor(Duration.ofSeconds(10));
            String leader = redis.opsForValue().get("cluster:leader:engine");
            assertThat(leader).isIn("node-a", "node-b");
            AppProcess leading = leader.equals("node-a") ? a : b;
            AppProcess standby = leading == a ? b : a;
            String standbyId = leader.equals("node-a") ? "node-b" : "node-a";
            // The demo feed is a singleton too: only one instance ever leads `livedata` at a time.
            assertThat(Files.readString(standby.logFile().toPath())).doesNotContain("Cluster livedata: this instance");

            leading.kill();
            Instant killed = Instant.now();
            while (!standbyId.equals(redis.opsForValue().get("cluster:leader:engine"))) {
                tape.send();
                Thread.sleep(40);
                assertThat(Duration.between(killed, Instant.now())).as("takeover time").isLessThan(Duration.ofSeconds(8));
            }
            long takeoverMs = Duration.between(killed, Instant.now()).toMillis();
            System.out.println("standby took over the engine " + takeoverMs + " ms after the leader was killed");
            tape.sendFor(Duration.ofSeconds(5));
            // The demo feed keeps writing: check every minute that had ended 3 s after the takeover's minute.
            Instant boundary = Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L + 60_000L);
            while (Instant.now().isBefore(boundary.plusSeconds(3))) {
                tape.send();
                Thread.sleep(40);
            }
            LiveTape.assertStreamBarsBefore(redis, jdbc, "ALWAYS", boundary, standby);
            assertThat(Files.readString(standby.logFile().toPath()))
                    .contains("Cluster engine: this instance (" + standbyId + ") is now the leader");
        }
    }
}
