package routes.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.core.StringRedisTemplate;
import routes.support.AppProcess;
import routes.support.RealServices;
import routes.support.RedisServerProcess;
import routes.support.Stores;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thinkorswim export locked, renamed away and restored under the running app (its own JVM): while the file
 * cannot be read nothing is published and health names the problem, the app keeps running, and the next
 * version is published within a poll or two of the file coming back. Recovery times are printed for
 * BENCHMARKS.md.
 *
 * <p>"Locked" is what Excel's save looks like to a reader: the open fails. On Linux the nearest real thing
 * is a file without read permission, which root ignores, so the app runs under {@code setpriv} without the
 * two capabilities that let root read anything (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): then root obeys the
 * mode bits like any user, and {@code chmod 000} locks the file for real.
 */
class TosExportLockedTest {

    static final String OPERATOR_PASSWORD = "locked-operator-pw-3141";
    static final int REDIS_DB = 13;

    @TempDir
    Path dir;

    @Test
    void lockedRenamedAndRestoredExportsPublishNothingWrongAndRecoverByThemselves() throws Exception {
        int http = RedisServerProcess.freePort();
        StringRedisTemplate redis = Stores.redis("127.0.0.1",
                Integer.parseInt(System.getenv().getOrDefault("THOR_REDIS_PORT", "6379")), REDIS_DB);
        RealServices.wipeRedis(redis);
        Path export = dir.resolve("export.csv");
        Files.writeString(export, csv("6012.25"));
        AppProcess app = new AppProcess(dir.resolve("app.log"),
                "--server.port=" + http, "--spring.data.redis.database=" + REDIS_DB,
                "--thor.engine.enabled=false", "--thor.livedata.demo.enabled=false",
                "--thor.livedata.tos.enabled=true", "--thor.livedata.tos.file=" + export,
                "--thor.livedata.tos.poll-interval=500ms", "--thor.livedata.tos.settle-time=100ms",
                "--spring.security.user.password=" + OPERATOR_PASSWORD);
        if (isRoot()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(onPath("setpriv"),
                    "running as root needs setpriv (util-linux) to take root's read-anything capabilities away");
            app.runUnder(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search"));
        }
        try (app) {
            app.start();
            awaitLast(redis, "6012.25", Duration.ofSeconds(60), app);

            // Locked: the next version is written but cannot be opened.
            Files.setPosixFilePermissions(export, PosixFilePermissions.fromString("---------"));
            Files.writeString(export, csv("6013.5"));
            awaitHealthProblem(http, p -> p.contains("cannot be opened"), Duration.ofSeconds(15), app);
            assertThat(last(redis)).as("nothing from the locked version").isEqualTo("6012.25");
            Instant unlocked = Instant.now();
            Files.setPosixFilePermissions(export, PosixFilePermissions.fromString("rw-r--r--"));
            awaitLast(redis, "6013.5", Duration.ofSeconds(15), app);
            long lockRecovery = Duration.between(unlocked, Instant.now()).toMillis();
            awaitHealthProblem(http, String::isEmpty, Duration.ofSeconds(10), app);

            // Renamed away (a save that moved it, a user tidying up) and restored.
            Path aside = dir.resolve("export-old.csv");
            Files.move(export, aside, StandardCopyOption.ATOMIC_MOVE);
            awaitHealthProblem(http, p -> p.contains("does not exist"), Duration.ofSeconds(15), app);
            Files.writeString(aside, csv("6014.75"));
            Instant restored = Instant.now();
            Files.move(aside, export, StandardCopyOption.ATOMIC_MOVE);
            awaitLast(redis, "6014.75", Duration.ofSeconds(15), app);
            long renameRecovery = Duration.between(restored, Instant.now()).toMillis();
            awaitHealthProblem(http, String::isEmpty, Duration.ofSeconds(10), app);

            assertThat(app.isAlive()).isTrue();
            // exactly one tick per version that could be read, none from a locked or missing file
            assertThat(redis.opsForStream().size("ticks")).isEqualTo(3);
            System.out.printf("FAULTS: TOS export locked (read permission gone): published %d ms after unlock;"
                    + " renamed away and restored: published %d ms after it was back (poll 500 ms)%n",
                    lockRecovery, renameRecovery);
        } finally {
            if (Files.exists(export)) {
                Files.setPosixFilePermissions(export, PosixFilePermissions.fromString("rw-r--r--"));
            }
            RealServices.wipeRedis(redis);
            if (Files.exists(dir.resolve("app.log"))) { // kept for a look after a failure
                Files.copy(dir.resolve("app.log"), Path.of("target", "TosExportLockedTest-app.log"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static String csv(String last) {
        return "Symbol,Last,Bid,Ask\r\n/ES:XCME," + last + ",6012,6012.5\r\n";
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String last(StringRedisTemplate redis) {
        Object v = redis.opsForHash().get("tick:ES", "last");
        return v == null ? null : v.toString();
    }

    private static void awaitLast(StringRedisTemplate redis, String want, Duration max, AppProcess app)
            throws InterruptedException {
        Instant end = Instant.now().plus(max);
        while (!want.equals(last(redis))) {
            assertThat(app.isAlive()).as("the app is running").isTrue();
            assertThat(Instant.now()).as("tick:ES last = %s in time (is %s)", want, last(redis)).isBefore(end);
            Thread.sleep(50);
        }
    }

    /** Waits for the tosExport health component's problem detail ("" when there is none) to match. */
    private static void awaitHealthProblem(int port, Predicate<String> want, Duration max, AppProcess app)
            throws Exception {
        Instant end = Instant.now().plus(max);
        String problem = null;
        while (problem == null || !want.test(problem)) {
            assertThat(app.isAlive()).as("the app is running").isTrue();
            assertThat(Instant.now()).as("health problem, last seen: %s", problem).isBefore(end);
            Thread.sleep(100);
            problem = tosProblem(port);
        }
    }

    private static String tosProblem(int port) {
        try {
            String auth = Base64.getEncoder().encodeToString(("operator:" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + port + "/actuator/health")).header("Authorization", "Basic " + auth)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode tos = new ObjectMapper().readTree(r.body()).path("components").path("tosExport");
            return tos.isMissingNode() ? null : tos.path("details").path("problem").asText("");
        } catch (Exception e) {
            return null;
        }
    }
}
