package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import routes.livedata.schwab.SchwabStreamer.State;
import routes.livedata.schwab.fake.FakeSchwab;
import routes.support.RealServices;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Schwab streamer against a local fake Schwab (token endpoint, user preference, websocket) on real
 * Redis db 15: login, subscriptions one at a time, delta frames merged into full ticks, heartbeats and
 * the watchdog, drops and resubscription, token refresh, dead logins, takeovers, empty streams, bad input.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "thor.markets.location=classpath:markets/always-open.yaml",
        "thor.engine.enabled=false",
        "thor.livedata.schwab.enabled=true",
        "thor.livedata.schwab.app-key=" + FakeSchwab.APP_KEY,
        "thor.livedata.schwab.app-secret=" + FakeSchwab.APP_SECRET,
        "thor.livedata.schwab.callback-url=" + FakeSchwab.CALLBACK,
        "thor.livedata.schwab.equities=AAPL",
        "thor.livedata.schwab.futures=ES",
        "thor.livedata.schwab.heartbeat-timeout=1500ms",
        "thor.livedata.schwab.command-timeout=2s",
        "thor.livedata.schwab.http-timeout=3s",
        "thor.livedata.schwab.backoff-min=100ms",
        "thor.livedata.schwab.backoff-max=400ms",
        "thor.livedata.schwab.stable-after=3s",
        "thor.livedata.schwab.takeover-backoff=2500ms",
        "thor.cluster.lease=3s",
        "thor.livedata.schwab.token-check-interval=300ms"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class SchwabStreamerTest {

    static final String EQ = "LEVELONE_EQUITIES";
    static final String FUT = "LEVELONE_FUTURES";
    static final long T = 1_780_000_000_000L;
    static final String LEADER_KEY = "cluster:leader:schwab";

    static final FakeSchwab FAKE;
    static final Path DIR;

    static {
        try {
            FAKE = new FakeSchwab();
            DIR = Files.createTempDirectory("schwab-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void fakeSchwab(DynamicPropertyRegistry r) {
        FAKE.pointThorAtIt(r, () -> DIR.resolve("login/schwab-token.json"));
    }

    @AfterAll
    static void closeFake() throws IOException {
        FAKE.close();
    }

    @Autowired SchwabStreamer streamer;

    StreamRoute route() {
        return new StreamRoute(camel);
    }

    @Autowired org.apache.camel.CamelContext camel;
    @Autowired Subscriptions subscriptions;
    @Autowired TokenStore tokens;
    @Autowired StringRedisTemplate redis;
    @Autowired MeterRegistry meters;
    @Autowired TestRestTemplate http;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void freshSchwabAndRedis() throws IOException {
        route().stop();
        jdbc.update("DELETE FROM feed_interruption WHERE source = 'SCHWAB'");
        FAKE.reset();
        RealServices.wipeRedis(redis);
        Files.deleteIfExists(tokens.file());
        subscriptions.remove(LevelOne.EQUITIES, subscriptions.get(LevelOne.EQUITIES));
        subscriptions.remove(LevelOne.FUTURES, subscriptions.get(LevelOne.FUTURES));
        subscriptions.add(LevelOne.EQUITIES, List.of("AAPL"));
        subscriptions.add(LevelOne.FUTURES, List.of("ES"));
        FAKE.quote(EQ, "AAPL", fields("1", d("227.10"), "2", d("227.12"), "3", d("227.11"), "4", 3, "5", 5,
                "8", 48_123_456L, "10", d("229.00"), "11", d("225.50"), "12", d("226.00"), "17", d("226.40"),
                "18", d("1.11"), "33", d("227.11"), "34", T + 500, "35", T + 400,
                "assetMainType", "EQUITY", "cusip", "037833100", "delayed", false));
        FAKE.quote(FUT, "/ES", fields("1", d("6000.25"), "2", d("6000.50"), "3", d("6000.25"), "4", 12, "5", 15,
                "8", 1_250_270L, "10", T + 1000, "11", T + 900, "12", d("6010.00"), "13", d("5990.75"),
                "14", d("5995.50"), "16", "E-mini S&P 500 Index Futures,Dec-2026,ETH", "18", d("5998.00"),
                "19", d("4.75"), "34", "/ESZ26", "assetMainType", "FUTURE"));
    }

    @AfterEach
    void noSecretInTheLog(CapturedOutput output) {
        route().stop();
        assertThat(output.getAll()).doesNotContain(FakeSchwab.APP_SECRET).doesNotContain(FakeSchwab.APP_KEY);
        for (String token : FAKE.issued) {
            assertThat(output.getAll()).as("a token value in the log").doesNotContain(token);
        }
    }

    @Test
    void logsInThenSubscribesOneCommandAtATimeAndMergesDeltasIntoFullTicks() {
        String[] login = writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));

        List<JsonNode> sent = FAKE.requests();
        assertThat(sent).extracting(r -> r.path("command").asText() + " " + r.path("service").asText())
                .containsExactly("LOGIN ADMIN", "SUBS " + EQ, "SUBS " + FUT);
        JsonNode loginRequest = sent.get(0);
        assertThat(loginRequest.path("parameters").path("Authorization").asText()).isEqualTo(login[0]); // raw, no "Bearer"
        assertThat(loginRequest.path("parameters").path("SchwabClientChannel").asText()).isEqualTo("N9");
        assertThat(loginRequest.path("SchwabClientCustomerId").asText()).isEqualTo("cust-1");
        assertThat(sent.get(1).path("parameters").path("keys").asText()).isEqualTo("AAPL");
        assertThat(sent.get(1).path("parameters").path("fields").asText()).isEqualTo("0,1,2,3,4,5,8,10,11,12,17,18,34,35");
        assertThat(sent.get(2).path("parameters").path("keys").asText()).isEqualTo("/ES");
        assertThat(sent.get(2).path("parameters").path("fields").asText()).isEqualTo("0,1,2,3,4,5,8,10,11,12,13,14,18,19");
        assertThat(sent).extracting(r -> r.path("requestid").asText()).doesNotHaveDuplicates();
        assertThat(FAKE.sawOverlappingCommands()).isFalse();
        assertThat(FAKE.sawCommandBeforeLogin()).isFalse();

        // the first frame after SUBS is the whole quote
        Map<Object, Object> es = awaitTick("ES", "ts", Long.toString(T + 1000));
        assertThat(es).containsOnly(
                Map.entry("symbol", "ES"), Map.entry("last", "6000.25"), Map.entry("bid", "6000.25"),
                Map.entry("ask", "6000.50"), Map.entry("bid_size", "12"), Map.entry("ask_size", "15"),
                Map.entry("volume", "1250270"), Map.entry("open", "5998.00"), Map.entry("high", "6010.00"),
                Map.entry("low", "5990.75"), Map.entry("prev_close", "5995.50"), Map.entry("net_change", "4.75"),
                Map.entry("ts", Long.toString(T + 1000)), Map.entry("source", "SCHWAB"));
        Map<Object, Object> aapl = awaitTick("AAPL", "ts", Long.toString(T + 500));
        assertThat(aapl).containsOnly(
                Map.entry("symbol", "AAPL"), Map.entry("last", "227.11"), Map.entry("bid", "227.10"),
                Map.entry("ask", "227.12"), Map.entry("bid_size", "3"), Map.entry("ask_size", "5"),
                Map.entry("volume", "48123456"), Map.entry("open", "226.40"), Map.entry("high", "229.00"),
                Map.entry("low", "225.50"), Map.entry("prev_close", "226.00"), Map.entry("net_change", "1.11"),
                Map.entry("ts", Long.toString(T + 500)), Map.entry("source", "SCHWAB"));

        // deltas carry only what changed; the tick is still whole
        FAKE.change(FUT, "/ES", fields("1", d("6000.50"), "10", T + 3000));
        es = awaitTick("ES", "ts", Long.toString(T + 3000));
        assertThat(es).containsEntry("bid", "6000.50").containsEntry("ask", "6000.50").containsEntry("last", "6000.25")
                .containsEntry("volume", "1250270").containsEntry("high", "6010.00");
        FAKE.change(FUT, "/ES", fields("3", d("6000.75"), "8", 1_250_300L, "9", 30, "11", T + 4000));
        es = awaitTick("ES", "ts", Long.toString(T + 4000));
        assertThat(es).containsEntry("last", "6000.75").containsEntry("volume", "1250300").containsEntry("bid", "6000.50")
                .containsEntry("bid_size", "12").containsEntry("source", "SCHWAB");
        // one stream entry per update: two snapshots, two deltas
        assertThat(redis.opsForStream().size("ticks")).isEqualTo(4);
        assertThat(streamer.status().state()).isEqualTo(State.STREAMING);
    }

    @Test
    void refreshesAnAccessTokenAboutToEndBeforeConnectingAndWarnsBeforeTheRefreshTokenEnds(CapturedOutput output)
            throws IOException {
        Instant issued = Instant.now().minus(Duration.ofDays(7)).plus(Duration.ofHours(6));
        String[] login = writeLogin(Instant.now().plusSeconds(60), issued);
        Files.setPosixFilePermissions(tokens.file(), PosixFilePermissions.fromString("rw-r--r--"));
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));

        assertThat(FAKE.refreshes.get()).isEqualTo(1);
        JsonNode file = json.readTree(tokens.file().toFile());
        assertThat(file.path("access_token").asText()).isNotEqualTo(login[0]).startsWith("AT-");
        assertThat(file.path("refresh_token").asText()).isEqualTo(login[1]);
        assertThat(file.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(file.path("expires_in").asLong()).isEqualTo(1800);
        assertThat(file.path("expires_at").asLong()).isBetween(Instant.now().getEpochSecond() + 1700,
                Instant.now().getEpochSecond() + 1800);
        assertThat(file.path("refresh_token_issued_at").asLong()).isEqualTo(issued.getEpochSecond());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens.file()))).isEqualTo("rw-------");
        assertThat(FAKE.requests().get(0).path("parameters").path("Authorization").asText())
                .isEqualTo(file.path("access_token").asText());
        assertThat(output.getAll()).contains("The Schwab refresh token ends at");
        assertThat(meters.get("thor.schwab.token.expiry.seconds").gauge().value()).isGreaterThan(1700);
    }

    @Test
    void anAccessTokenSchwabStopsAcceptingIsRefreshedAndTheStreamComesBack() throws IOException {
        String[] login = writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
        FAKE.expireAccessTokens();
        FAKE.dropConnections();

        await().atMost(8, TimeUnit.SECONDS).until(() -> FAKE.logins.get() == 2 && FAKE.subscribed(FUT).equals(Set.of("/ES")));
        assertThat(FAKE.refreshes.get()).isEqualTo(1);
        assertThat(json.readTree(tokens.file().toFile()).path("access_token").asText()).isNotEqualTo(login[0]);
    }

    @Test
    void aDeniedLoginRefreshesTheTokenAndReconnects(CapturedOutput output) {
        writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        FAKE.denyNextLogins(1);
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));

        assertThat(FAKE.connections.get()).isEqualTo(2);
        assertThat(FAKE.refreshes.get()).isEqualTo(1);
        assertThat(output.getAll()).contains("Schwab denied the stream login: Login Denied.");
    }

    @Test
    void aDeadLoginSaysLogInAgainWithoutRetryingUntilTheOperatorLogsIn(CapturedOutput output) throws IOException {
        writeLogin(Instant.now().minusSeconds(10), Instant.now().minus(Duration.ofDays(2)));
        FAKE.killRefreshToken();
        int logFrom = output.getAll().length();
        route().start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> streamer.status().state() == State.LOGIN_REQUIRED);
        TestRestTemplate op = http.withBasicAuth("operator", "test-operator-secret");
        JsonNode health = json.readTree(op.getForEntity("/actuator/health", String.class).getBody());
        assertThat(health.at("/components/schwabStreamer/status").asText()).isEqualTo("OUT_OF_SERVICE");
        assertThat(health.at("/components/schwabStreamer/details/detail").asText()).startsWith("log in again");

        // no storm: several check intervals later still one refresh attempt and not a single connection
        sleep(1200);
        assertThat(FAKE.refreshes.get()).isEqualTo(1);
        assertThat(FAKE.preferenceCalls.get()).isZero();
        assertThat(FAKE.connections.get()).isZero();
        assertThat(output.getAll().substring(logFrom).split("Log in again: POST", -1)).hasSize(2);

        // the operator's browser login through the API
        ResponseEntity<String> start = op.postForEntity("/api/livedata/schwab/login", null, String.class);
        assertThat(start.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(start.getBody()).path("authorizeUrl").asText()).isEqualTo(FAKE.baseUrl()
                + "/v1/oauth/authorize?client_id=" + FakeSchwab.APP_KEY + "&redirect_uri=https%3A%2F%2F127.0.0.1%3A8182");
        ResponseEntity<String> done = op.postForEntity("/api/livedata/schwab/login/complete",
                Map.of("redirectUrl", FakeSchwab.CALLBACK + "/?code=C0.fake%40code&session=ab12"), String.class);
        assertThat(done.getStatusCode()).isEqualTo(HttpStatus.OK);
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
        assertThat(FAKE.codeExchanges.get()).isEqualTo(1);
        JsonNode file = json.readTree(tokens.file().toFile());
        assertThat(file.path("refresh_token_issued_at").asLong()).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(5L));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens.file()))).isEqualTo("rw-------");
        health = json.readTree(op.getForEntity("/actuator/health", String.class).getBody());
        assertThat(health.at("/components/schwabStreamer/status").asText()).isEqualTo("UP");
    }

    @Test
    void aDroppedConnectionIsReconnectedAndEverythingResubscribed() {
        writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
        awaitTick("ES", "ts", Long.toString(T + 1000));
        double reconnects = counter("thor.schwab.reconnects");
        Instant dropped = Instant.now().minusMillis(1);

        FAKE.dropConnections();
        await().atMost(5, TimeUnit.SECONDS).until(() -> FAKE.connections.get() == 2
                && FAKE.subscribed(EQ).equals(Set.of("AAPL")) && FAKE.subscribed(FUT).equals(Set.of("/ES")));
        FAKE.change(FUT, "/ES", fields("2", d("6001.00"), "10", T + 5000));
        Map<Object, Object> es = awaitTick("ES", "ts", Long.toString(T + 5000));
        assertThat(es).containsEntry("ask", "6001.00").containsEntry("bid", "6000.25").containsEntry("volume", "1250270");
        assertThat(counter("thor.schwab.reconnects")).isEqualTo(reconnects + 1);
        // both quotes were sent whole again after the resubscription and published again
        assertThat(redis.opsForStream().size("ticks")).isEqualTo(5);
        // the gap is in the coverage ledger: begun when the link dropped, ended when streaming again
        List<Map<String, Object>> gaps = jdbc.queryForList("SELECT started_at, ended_at, reason FROM feed_interruption"
                + " WHERE source = 'SCHWAB' AND started_at >= ?", java.sql.Timestamp.from(dropped));
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).get("ended_at")).as("ended once streaming again").isNotNull();
        assertThat(((java.sql.Timestamp) gaps.get(0).get("ended_at")).toInstant()).isBefore(Instant.now());
    }

    /**
     * The route stops while the stream thread is stuck in a slow exchange (a Redis or a route that hangs longer
     * than the stop waits, interrupt or not): the next start ends that thread before streaming again, so one
     * thread takes the websocket's events and a drop is seen by the stream that holds the connection.
     */
    @Test
    void aRunThatOutlivesItsStopIsEndedBeforeTheNextStartsAndNeverTakesItsEvents(CapturedOutput output) {
        writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
        long stuckFor = 12_000; // past the stop's wait: (http-timeout 3 s + 2 s) twice, the second after an interrupt
        TickPublisher slow = new TickPublisher() {
            @Override
            public void baseline(java.util.Collection<String> symbols) {
            }

            @Override
            public void publish(List<routes.livedata.Tick> ticks) {
                stuck.countDown();
                long until = System.currentTimeMillis() + stuckFor;
                while (System.currentTimeMillis() < until) {
                    sleep(50); // deaf to interrupts, as a blocked socket read is
                }
            }

            @Override
            public void chart(com.fasterxml.jackson.databind.JsonNode entry) {
            }
        };
        streamer.start(slow);
        await().atMost(8, TimeUnit.SECONDS).until(() -> stuck.getCount() == 0);
        streamer.stop();                               // gives up on the stuck thread after its wait
        assertThat(output.getAll()).contains("did not end within");
        assertThat(streamThreads()).isEqualTo(1);

        route().start();                               // ends the stuck thread first, then streams
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
        assertThat(output.getAll()).contains("the thread of the previous run is still alive");
        assertThat(streamThreads()).as("one thread takes the inbox").isEqualTo(1);
        int logins = FAKE.logins.get();
        FAKE.dropConnections();
        await().atMost(5, TimeUnit.SECONDS).until(() -> FAKE.logins.get() == logins + 1
                && streamer.status().state() == State.STREAMING);
        FAKE.change(FUT, "/ES", fields("2", d("6001.00"), "10", T + 5000));
        awaitTick("ES", "ts", Long.toString(T + 5000));
    }

    private static long streamThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("schwab-streamer") && t.isAlive()).count();
    }

    @Test
    void schwabGoneForAMinuteIsStreamingAgainSoonAfterItReturns() {
        writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
        awaitTick("ES", "ts", Long.toString(T + 1000));

        FAKE.gone(true);
        sleep(60_000); // a minute of refused connections and failing preference calls, backing off
        assertThat(streamer.status().state()).isNotEqualTo(SchwabStreamer.State.STREAMING);
        Instant back = Instant.now();
        FAKE.gone(false);
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
        FAKE.change(FUT, "/ES", fields("2", d("6001.00"), "10", T + 7000));
        awaitTick("ES", "ts", Long.toString(T + 7000));
        System.out.println("SCHWAB: streaming again " + java.time.Duration.between(back, Instant.now()).toMillis()
                + " ms after the server came back from a minute away");
    }

    @Test
    void aSilentStreamIsReconnectedByTheHeartbeatWatchdog(CapturedOutput output) {
        writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
        sleep(2000); // heartbeats alone keep a quiet stream up past the timeout
        assertThat(FAKE.connections.get()).isEqualTo(1);

        FAKE.heartbeats(false);
        await().atMost(5, TimeUnit.SECONDS).until(() -> FAKE.connections.get() == 2);
        FAKE.heartbeats(true);
        assertThat(output.getAll()).contains("Schwab stream silent for PT1.5S");
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
    }

    @Test
    void badFramesAreCountedLoggedOnceAndSkipped(CapturedOutput output) {
        writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
        awaitTick("ES", "ts", Long.toString(T + 1000));
        Map<String, Double> before = rejects();
        int logFrom = output.getAll().length();

        FAKE.sendRaw("this is not json");
        FAKE.sendRaw("{\"data\":[{\"service\":\"LEVELONE_FUT");
        FAKE.sendRaw("{\"hello\":\"world\"}");
        FAKE.sendRaw(data("LEVELONE_OPTIONS", "{\"key\":\"AAPL  261218C00250000\",\"1\":1.5}"));
        FAKE.sendRaw(data(FUT, "{\"key\":\"/ES\",\"99\":1,\"3\":6002.25}"));
        FAKE.sendRaw(data(FUT, "{\"key\":\"/ES\",\"1\":\"abc\",\"8\":1.5,\"10\":" + (T + 6000) + "}"));
        FAKE.sendRaw(data(FUT, "{\"1\":6000.00}"));
        FAKE.change(FUT, "/ES", fields("2", d("6002.50"), "10", T + 7000));

        Map<Object, Object> es = awaitTick("ES", "ts", Long.toString(T + 7000));
        assertThat(es).containsEntry("last", "6002.25").containsEntry("bid", "6000.25").containsEntry("ask", "6002.50")
                .containsEntry("volume", "1250270");
        Map<String, Double> after = rejects();
        assertThat(after.get("not-json") - before.getOrDefault("not-json", 0.0)).isEqualTo(2);
        assertThat(after.get("unknown-message") - before.getOrDefault("unknown-message", 0.0)).isEqualTo(1);
        assertThat(after.get("unknown-service") - before.getOrDefault("unknown-service", 0.0)).isEqualTo(1);
        assertThat(after.get("unknown-field") - before.getOrDefault("unknown-field", 0.0)).isEqualTo(1);
        assertThat(after.get("wrong-type") - before.getOrDefault("wrong-type", 0.0)).isEqualTo(2);
        assertThat(after.get("no-key") - before.getOrDefault("no-key", 0.0)).isEqualTo(1);
        // logged once per kind for the life of the app: at most once here, and never twice
        assertThat(output.getAll().substring(logFrom).split("skipped not-json", -1)).hasSizeLessThanOrEqualTo(2);
        assertThat(output.getAll().substring(logFrom).split("skipped wrong-type", -1)).hasSizeLessThanOrEqualTo(2);
        assertThat(FAKE.connections.get()).isEqualTo(1);
    }

    @Test
    void symbolsAddedAndRemovedThroughTheApiBecomeAddAndUnsubs() throws IOException {
        writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
        TestRestTemplate op = http.withBasicAuth("operator", "test-operator-secret");

        assertThat(http.postForEntity("/api/livedata/schwab/subscriptions", Map.of("equities", List.of("MSFT")),
                String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(op.postForEntity("/api/livedata/schwab/subscriptions", Map.of("equities", List.of("A,B")),
                String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        ResponseEntity<String> added = op.postForEntity("/api/livedata/schwab/subscriptions",
                Map.of("equities", List.of("msft"), "futures", List.of("/NQ")), String.class);
        assertThat(added.getStatusCode()).isEqualTo(HttpStatus.OK);
        await().atMost(5, TimeUnit.SECONDS).until(() -> FAKE.subscribed(EQ).equals(Set.of("AAPL", "MSFT"))
                && FAKE.subscribed(FUT).equals(Set.of("/ES", "/NQ")));

        op.exchange("/api/livedata/schwab/subscriptions?futures=ES&equities=AAPL", HttpMethod.DELETE, null, String.class);
        await().atMost(5, TimeUnit.SECONDS).until(() -> FAKE.subscribed(EQ).equals(Set.of("MSFT"))
                && FAKE.subscribed(FUT).equals(Set.of("/NQ")));
        assertThat(FAKE.requests()).extracting(r -> r.path("command").asText() + " " + r.path("parameters").path("keys").asText())
                .containsExactly("LOGIN ", "SUBS AAPL", "SUBS /ES", "ADD MSFT", "ADD /NQ", "UNSUBS AAPL", "UNSUBS /ES");
        assertThat(FAKE.sawOverlappingCommands()).isFalse();
        JsonNode now = json.readTree(op.getForEntity("/api/livedata/schwab/subscriptions", String.class).getBody());
        assertThat(now.path("equities")).extracting(JsonNode::asText).containsExactly("MSFT");
        assertThat(now.path("futures")).extracting(JsonNode::asText).containsExactly("/NQ");
        JsonNode status = json.readTree(op.getForEntity("/api/livedata/schwab/status", String.class).getBody());
        assertThat(status.path("state").asText()).isEqualTo("STREAMING");
        assertThat(status.toString()).doesNotContain("AT-").doesNotContain("RT-");
    }

    @Test
    void aStreamSchwabStopsForHavingNoSymbolsIdlesUntilOneIsAdded() {
        writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));

        subscriptions.remove(LevelOne.EQUITIES, List.of("AAPL"));
        subscriptions.remove(LevelOne.FUTURES, List.of("ES"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> streamer.status().state() == State.IDLE);
        sleep(1000);
        assertThat(FAKE.connections.get()).isEqualTo(1);
        assertThat(FAKE.openConnections()).isZero();

        subscriptions.add(LevelOne.FUTURES, List.of("ES"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> FAKE.connections.get() == 2 && FAKE.subscribed(FUT).equals(Set.of("/ES")));
        await().atMost(2, TimeUnit.SECONDS).until(() -> streamer.status().state() == State.STREAMING);
    }

    @Test
    void anotherConnectionTakingOverMeansALongWaitAndAWarning(CapturedOutput output) {
        writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        route().start();
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));

        FAKE.takeOver();
        await().atMost(3, TimeUnit.SECONDS).until(() -> streamer.status().state() == State.WAITING_TO_RECONNECT);
        assertThat(streamer.status().detail()).contains("took over");
        assertThat(output.getAll()).contains("another connection on the same login took over (code 12)");
        sleep(1500); // far longer than backoff-max: no quick retry
        assertThat(FAKE.connections.get()).isEqualTo(1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> FAKE.connections.get() == 2);
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
    }

    @Test
    void onlyTheClusterLeaderOfSchwabStreamsAndTheRouteIsWhatRunsIt() throws Exception {
        writeLogin(Instant.now().plusSeconds(1800), Instant.now());
        redis.opsForValue().set(LEADER_KEY, "other-host:123", Duration.ofSeconds(30));
        route().start();

        assertThat(camel.getRouteController().getRouteStatus(StreamRoute.ID).isStarted()).isTrue();
        sleep(1500); // a few lease checks: the other instance leads, this one waits
        assertThat(streamer.status().state()).isEqualTo(State.STANDBY);
        assertThat(streamer.status().streamingHere()).isFalse();
        assertThat(FAKE.connections.get()).isZero();
        assertThat(redis.opsForValue().get(LEADER_KEY)).isEqualTo("other-host:123");

        redis.delete(LEADER_KEY); // the other instance is gone: this one takes the stream over
        awaitStreaming(Set.of("AAPL"), Set.of("/ES"));
        assertThat(redis.opsForValue().get(LEADER_KEY)).isNotEqualTo("other-host:123").isNotNull();
        assertThat(streamer.status().streamingHere()).isTrue();

        // Hawtio's view: the route with its exchanges, the endpoint with the stream's attributes
        awaitTick("ES", "ts", Long.toString(T + 1000));
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        Set<javax.management.ObjectName> routes = jmx.queryNames(
                new javax.management.ObjectName("org.apache.camel:type=routes,name=\"" + StreamRoute.ID + "\",*"), null);
        assertThat(routes).hasSize(1);
        assertThat((Long) jmx.getAttribute(routes.iterator().next(), "ExchangesCompleted")).isGreaterThanOrEqualTo(2);
        Set<javax.management.ObjectName> endpoints = jmx.queryNames(
                new javax.management.ObjectName("org.apache.camel:type=endpoints,*"), null);
        javax.management.ObjectName schwab = endpoints.stream()
                .filter(n -> n.getKeyProperty("name").contains("schwab://levelone")).findFirst().orElseThrow();
        assertThat(jmx.getAttribute(schwab, "StreamState")).isEqualTo("STREAMING");
        assertThat((Long) jmx.getAttribute(schwab, "TicksOut")).isGreaterThanOrEqualTo(2);

        route().stop();
        // the close handshake finishes on the fake's thread: give it the time a loaded machine needs
        org.awaitility.Awaitility.await("the stream ends with its route").atMost(Duration.ofSeconds(15))
                .until(() -> FAKE.openConnections() == 0);
        assertThat(streamer.status().state()).isEqualTo(State.STANDBY);
        assertThat(streamer.status().streamingHere()).isFalse();
    }

    // --- helpers ---

    private String[] writeLogin(Instant expiresAt, Instant refreshIssuedAt) {
        String[] login = FAKE.issueLogin();
        tokens.write(new SchwabTokens(login[0], login[1], "Bearer", 1800, expiresAt, refreshIssuedAt));
        return login;
    }

    private void awaitStreaming(Set<String> equities, Set<String> futures) {
        await().atMost(8, TimeUnit.SECONDS).until(() -> streamer.status().state() == State.STREAMING
                && FAKE.subscribed(EQ).equals(equities) && FAKE.subscribed(FUT).equals(futures));
    }

    private Map<Object, Object> awaitTick(String symbol, String field, String value) {
        await().atMost(5, TimeUnit.SECONDS).until(() -> value.equals(redis.opsForHash().get("tick:" + symbol, field)));
        return redis.opsForHash().entries("tick:" + symbol);
    }

    private double counter(String name) {
        Counter c = meters.find(name).counter();
        return c == null ? 0 : c.count();
    }

    private Map<String, Double> rejects() {
        Map<String, Double> m = new LinkedHashMap<>();
        meters.find("thor.schwab.rejects").counters().forEach(c -> m.put(c.getId().getTag("reason"), c.count()));
        return m;
    }

    private static String data(String service, String item) {
        return "{\"data\":[{\"service\":\"" + service + "\",\"timestamp\":" + T + ",\"command\":\"SUBS\",\"content\":["
                + item + "]}]}";
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
