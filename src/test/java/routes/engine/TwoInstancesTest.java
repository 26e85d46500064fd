package routes.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.domain.Range;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two app instances on one Redis and one Postgres: one leads the engine and the feeds (the demo feed and the
 * thinkorswim export poller), the other waits; the leader is killed (SIGKILL) and the other takes over within the
 * lease. Every bar is written once and equals the tape's bar across the handover, and each export version is
 * published once: before the kill by the leader only, after it by the standby.
 */
class TwoInstancesTest {

    String[] args(String member) {
        return new String[]{"--thor.markets.location=classpath:markets/always-open.yaml",
                "--thor.engine.bar-grace=2s", "--server.port=0", "--thor.cluster.lease=3s",
                "--thor.cluster.member-id=" + member, "--thor.livedata.demo.enabled=true",
                "--thor.livedata.demo.ticks-per-second=5",
                // both instances watch one thinkorswim export; only the `livedata` leader may read it
                "--thor.livedata.tos.enabled=true", "--thor.livedata.tos.file=" + export(),
                "--thor.livedata.tos.poll-interval=500ms", "--thor.livedata.tos.settle-time=100ms"};
    }

    @TempDir
    Path logs;

    Path export() {
        return logs.resolve("export.csv");
    }

    @Test
    void theStandbyTakesOverTheEngineAndTheTosPollerWithinTheLeaseAndEveryBarAndTickIsWrittenOnce() throws Exception {
        StringRedisTemplate redis = Stores.redis();
        JdbcTemplate jdbc = Stores.postgres();
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        LiveTape tape = new LiveTape(redis, 23);
        Files.writeString(export(), tosExport("2400.5", "2400"));
        // node-a first, so it leads both `engine` and `livedata`; then node-b, the standby for both
        try (AppProcess a = new AppProcess(logs.resolve("a.log"), args("node-a")).start()) {
            LiveTape.awaitEngine(redis, a);
            awaitValue(redis, "cluster:leader:livedata", "node-a", a);
            while (tosTicks(redis).isEmpty()) {
                assertThat(a.isAlive()).isTrue();
                Thread.sleep(100);
            }
            try (AppProcess b = new AppProcess(logs.resolve("b.log"), args("node-b")).start()) {
                awaitLog(b, "Started ThorApplication");
                tape.sendFor(Duration.ofSeconds(10));
                assertThat(redis.opsForValue().get("cluster:leader:engine")).isEqualTo("node-a");
                AppProcess leading = a;
                AppProcess standby = b;
                String standbyId = "node-b";
                // The feeds are singletons: only one instance ever leads `livedata`, so the export's version
                // was read and published once, not once per instance.
                assertThat(Files.readString(standby.logFile().toPath())).doesNotContain("Cluster livedata: this instance");
                assertThat(tosTicks(redis)).containsExactly("2400"); // a published it before b even started

                leading.kill();
                Instant killed = Instant.now();
                Files.writeString(export(), tosExport("2401.25", "2401")); // a save while nobody leads `livedata`
                takeOver(redis, tape, killed, standby, standbyId);
            }
        }
    }

    private void takeOver(StringRedisTemplate redis, LiveTape tape, Instant killed, AppProcess standby,
                          String standbyId) throws Exception {
        JdbcTemplate jdbc = Stores.postgres();
        while (!standbyId.equals(redis.opsForValue().get("cluster:leader:engine"))) {
            tape.send();
            Thread.sleep(40);
            assertThat(Duration.between(killed, Instant.now())).as("takeover time").isLessThan(Duration.ofSeconds(8));
        }
        long takeoverMs = Duration.between(killed, Instant.now()).toMillis();
        System.out.println("standby took over the engine " + takeoverMs + " ms after the leader was killed");
        // The TOS poller moved too: the version saved after the kill is published once, by the standby.
        while (!tosTicks(redis).contains("2401")) {
            tape.send();
            Thread.sleep(40);
            assertThat(Duration.between(killed, Instant.now())).as("TOS poller takeover").isLessThan(Duration.ofSeconds(15));
        }
        System.out.println("standby published the TOS export's new version " + Duration.between(killed, Instant.now())
                .toMillis() + " ms after the leader was killed");
        tape.sendFor(Duration.ofSeconds(5));
        // The demo feed keeps writing: check every minute that had ended 3 s after the takeover's minute.
        Instant boundary = Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L + 60_000L);
        while (Instant.now().isBefore(boundary.plusSeconds(3))) {
            tape.send();
            Thread.sleep(40);
        }
        // GC (the export's symbol) is listed by no market of this catalog: no bars for it
        LiveTape.assertStreamBarsBefore(redis, jdbc, "ALWAYS", t -> !t.symbol().equals("GC"), boundary, standby);
        assertThat(Files.readString(standby.logFile().toPath()))
                .contains("Cluster engine: this instance (" + standbyId + ") is now the leader");
        assertThat(tosTicks(redis)).containsExactly("2400", "2401");
    }

    private static String tosExport(String last, String bid) {
        return "Symbol,Last,Bid,Ask\r\n/GC:XCEC," + last + "," + bid + ",2402\r\n";
    }

    /**
     * The `bid` of every TOS tick on the stream, in order (the demo feed and the tape write other symbols). Each
     * is its process's first read of the file: a baseline (CONTRACT §5), whose entry carries no `last`.
     */
    private static List<String> tosTicks(StringRedisTemplate redis) {
        return redis.opsForStream().range("ticks", Range.unbounded()).stream()
                .filter(r -> "GC".equals(r.getValue().get("symbol")) && "TOS".equals(r.getValue().get("source")))
                .map(r -> String.valueOf(r.getValue().get("bid"))).toList();
    }

    private static void awaitValue(StringRedisTemplate redis, String key, String want, AppProcess app)
            throws InterruptedException {
        Instant end = Instant.now().plusSeconds(30);
        while (!want.equals(redis.opsForValue().get(key))) {
            assertThat(app.isAlive()).as("app alive, see %s", app.logFile()).isTrue();
            assertThat(Instant.now()).as("%s = %s in time", key, want).isBefore(end);
            Thread.sleep(100);
        }
    }

    private static void awaitLog(AppProcess app, String text) throws Exception {
        Instant end = Instant.now().plusSeconds(90);
        while (!Files.readString(app.logFile().toPath()).contains(text)) {
            assertThat(app.isAlive()).as("app alive, see %s", app.logFile()).isTrue();
            assertThat(Instant.now()).as("'%s' in %s in time", text, app.logFile()).isBefore(end);
            Thread.sleep(200);
        }
    }
}
