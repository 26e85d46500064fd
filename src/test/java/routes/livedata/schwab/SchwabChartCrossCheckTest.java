package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import routes.livedata.schwab.SchwabStreamer.State;
import routes.livedata.schwab.fake.FakeChartFrames;
import routes.livedata.schwab.fake.FakeSchwab;
import routes.support.RealServices;
import routes.support.StallReport;
import routes.support.ReferenceBars;
import routes.support.ReferenceTrades;
import routes.support.TestClock;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cross-check end to end (issue 15): the app streams from the fake Schwab over its websocket with
 * {@code thor.crosscheck.enabled=true}, so the stream subscribes CHART_EQUITY / CHART_FUTURES beside level-one on
 * every (re)login and the fake's minute bars reach the cross-check through the route. Our bars come from the
 * level-one trades through the engine into Postgres; Schwab's chart bars are computed here from the same scripted
 * trades ({@link ReferenceBars}), independently of the engine, except one minute of the future whose high the fake
 * reports 2.00 higher. The stream away during one minute hides that minute's equity trades from us; Schwab's bar of
 * it arrives with the resubscription (the latest completed bar comes at once on SUBS).
 * <p>
 * Also: a broken chart item costs itself only (counted, logged once per kind, neighbours and level-one go on, the
 * link stays); a chart service Schwab refuses (code 11) is logged once and level-one streams on; ADD / UNSUBS of
 * the control API move the chart subscriptions with the level-one ones.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the test clock only moves forward: one day per test
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "thor.markets.location=classpath:markets/schwab-always-open.yaml",
        "thor.engine.enabled=false",
        "thor.engine.bar-grace=2s",
        "thor.crosscheck.enabled=true",
        "thor.crosscheck.settle=30s",
        "thor.crosscheck.check-interval=100ms",
        "thor.livedata.schwab.enabled=true",
        "thor.livedata.schwab.app-key=" + FakeSchwab.APP_KEY,
        "thor.livedata.schwab.app-secret=" + FakeSchwab.APP_SECRET,
        "thor.livedata.schwab.callback-url=" + FakeSchwab.CALLBACK,
        // the test clock jumps by minutes: no watchdog, token or lock timing may fire on it
        "thor.livedata.schwab.heartbeat-timeout=1h",
        "thor.livedata.schwab.command-timeout=1h",
        "thor.livedata.schwab.http-timeout=3s",
        "thor.livedata.schwab.backoff-min=100ms",
        "thor.livedata.schwab.backoff-max=200ms",
        "thor.cluster.lease=3s",
        "thor.livedata.schwab.token-check-interval=1h"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class SchwabChartCrossCheckTest {

    static final String EQ = "LEVELONE_EQUITIES";
    static final String FUT = "LEVELONE_FUTURES";
    static final String CEQ = "CHART_EQUITY";
    static final String CFUT = "CHART_FUTURES";
    static final String MARKET = "ALWAYS";
    /** Day 1 (the end-to-end test), day 2 (bad input, refusal), day 3 (control API). */
    static final Instant T0 = Instant.parse("2026-03-09T14:30:00Z");
    static final Instant DAY2 = Instant.parse("2026-03-10T14:30:00Z");
    static final Instant DAY3 = Instant.parse("2026-03-11T14:30:00Z");

    static final FakeSchwab FAKE = FakeSchwab.started();

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void fakeSchwab(DynamicPropertyRegistry r) {
        FAKE.pointThorAtIt(r, () -> dir.resolve("login/schwab-token.json"));
    }

    @AfterAll
    static void closeFake() throws IOException {
        FAKE.close();
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(T0.plusSeconds(59));
        }
    }

    @Autowired SchwabStreamer streamer;
    @Autowired Subscriptions subscriptions;
    @Autowired TokenStore tokens;
    @Autowired TestClock clock;
    @Autowired StringRedisTemplate redis;
    @Autowired JdbcTemplate jdbc;
    @Autowired CamelContext camel;
    @Autowired MeterRegistry meters;
    @Autowired TestRestTemplate http;

    final FakeChartFrames charts = new FakeChartFrames();
    final ObjectMapper json = new ObjectMapper();

    /** An instrument as the stream names it: services, key, bar symbol, the trade-time field. */
    record Instrument(String service, String chartService, String key, String symbol, String tradeTime) {
    }

    static final Instrument AAPL = new Instrument(EQ, CEQ, "AAPL", "AAPL", "35");
    static final Instrument ES = new Instrument(FUT, CFUT, "/ES", "ES", "11");

    /** Every trade of the script (Schwab's view), and those the app could see (the stream was up). */
    final List<ReferenceTrades.Trade> allTrades = new ArrayList<>();
    final List<ReferenceTrades.Trade> seenTrades = new ArrayList<>();
    final Map<String, Long> cumulative = new HashMap<>();
    /** Stream entries the script has caused so far. */
    int updates;

    @BeforeEach
    void cleanStart() {
        route().stop();
        FAKE.reset();
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        jdbc.execute("TRUNCATE bar_check, bar_mismatch");
        jdbc.update("DELETE FROM feed_interruption WHERE source = 'SCHWAB'");
        for (LevelOne s : LevelOne.values()) {
            subscriptions.remove(s, subscriptions.get(s));
        }
        for (String id : List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush")) {
            try {
                camel.getRouteController().startRoute(id);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @AfterEach
    void stop() {
        route().stop();
    }

    @Test
    @Order(1)
    void aCrossCheckOnTheFakeWhoseChartBarDiffersInOneMinuteReportsExactlyThatMinute() throws Exception {
        clock.set(T0.plusSeconds(59));
        long before = T0.minusSeconds(5).toEpochMilli();
        FAKE.quote(EQ, "AAPL", fields("1", d("227.10"), "2", d("227.12"), "3", d("227.11"), "8", 48_123_456L,
                "34", before, "35", before - 1000, "assetMainType", "EQUITY"));
        FAKE.quote(FUT, "/ES", fields("1", d("6000.25"), "2", d("6000.50"), "3", d("6000.25"), "8", 1_250_270L,
                "10", before, "11", before));
        cumulative.put("AAPL", 48_123_456L);
        cumulative.put("ES", 1_250_270L);
        login();
        subscriptions.add(LevelOne.EQUITIES, List.of("AAPL"));
        subscriptions.add(LevelOne.FUTURES, List.of("ES"));
        route().start();
        awaitAllSubscribed(1);
        updates += 2; // the two quotes, sent whole after SUBS: a baseline
        awaitEngineRead();

        // the chart services are asked for with every field the reference lists, after level-one
        List<JsonNode> sent = FAKE.requests();
        assertThat(sent).extracting(r -> r.path("command").asText() + " " + r.path("service").asText())
                .containsExactly("LOGIN ADMIN", "SUBS " + EQ, "SUBS " + FUT, "SUBS " + CEQ, "SUBS " + CFUT);
        assertThat(sent.get(3).path("parameters").path("keys").asText()).isEqualTo("AAPL");
        assertThat(sent.get(3).path("parameters").path("fields").asText()).isEqualTo("0,1,2,3,4,5,6,7,8");
        assertThat(sent.get(4).path("parameters").path("keys").asText()).isEqualTo("/ES");
        assertThat(sent.get(4).path("parameters").path("fields").asText()).isEqualTo("0,1,2,3,4,5,6");
        assertThat(FAKE.sawOverlappingCommands()).isFalse();

        // 14:30
        trade(AAPL, 2_000, "227.15", 100);
        trade(ES, 4_000, "6000.50", 3);
        trade(AAPL, 6_000, "227.20", 50);
        trade(ES, 10_000, "6001.00", 1);
        awaitEngineRead();
        nextMinute(1);

        // 14:31
        trade(ES, 63_000, "6000.75", 2);
        trade(AAPL, 64_000, "227.30", 10);
        trade(AAPL, 66_000, "227.25", 20);
        trade(ES, 70_000, "6001.25", 4);
        awaitEngineRead();
        nextMinute(2);

        // 14:32: Schwab's bar of the future will say its high was 6003.25
        trade(ES, 121_000, "6001.25", 4);
        trade(ES, 122_000, "6001.00", 4);
        trade(AAPL, 123_000, "227.25", 5);
        awaitEngineRead();
        clock.set(T0.plusSeconds(180 + 59));
        awaitOurBars(2);
        chartBars(2, "ES", "6003.25");

        // 14:33: the stream is away (an operator stops the route; a dropped link is SchwabStreamerTest's and this
        // class's second test's): the equity trades unseen, the future does not trade; the stream comes back only
        // after the minute, and Schwab's bar of 14:33 arrives with the new login's subscriptions
        int sentSoFar = ReferenceBars.alwaysOpenTrades(MARKET, allTrades).size();
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("bar_check") == sentSoFar); // delivered before the stop
        route().stop();
        StallReport.explainOnFailure(() -> await().atMost(10, TimeUnit.SECONDS)
                .until(() -> streamer.status().state() == State.STANDBY && FAKE.openConnections() == 0),
                () -> "stream " + streamer.status() + "\nfake open connections " + FAKE.openConnections()
                        + "\nroute " + camel.getRouteController().getRouteStatus(StreamRoute.ID));
        unseenTrade(AAPL, 200_000, "227.40", 7);
        unseenTrade(AAPL, 205_000, "227.45", 8);
        chartBars(3, null, null);                   // Schwab's 14:33 bar: nobody to send it to yet
        clock.set(T0.plusSeconds(240 + 59));
        route().start();
        awaitAllSubscribed(2);
        updates += 2;                               // the quotes resent whole: a baseline, not trades
        awaitEngineRead();

        // 14:34
        trade(AAPL, 242_000, "227.50", 3);
        trade(ES, 243_000, "6001.50", 2);
        awaitEngineRead();
        clock.set(T0.plusSeconds(300 + 3));         // 14:34 closed (grace 2 s)
        awaitOurBars(4);
        chartBars(4, null, null);
        clock.set(T0.plusSeconds(300 + 31));        // 14:34 settled (30 s)

        // our bars are the bars of the trades we saw, and no others
        Map<String, Map<String, Object>> ours = ReferenceBars.alwaysOpenTrades(MARKET, seenTrades);
        Map<String, Map<String, Object>> schwabs = ReferenceBars.alwaysOpenTrades(MARKET, allTrades);
        assertThat(storedBarKeys()).containsExactlyInAnyOrderElementsOf(ours.keySet());
        assertThat(schwabs.keySet()).hasSize(9).containsAll(ours.keySet())
                .contains(MARKET + " AAPL " + T0.plusSeconds(180));

        // a verdict for every minute Schwab sent a bar of: 5 of the equity, 4 of the future
        await().atMost(15, TimeUnit.SECONDS).until(() -> count("bar_check") == schwabs.size());
        Thread.sleep(500); // a verdict too many would come with the others
        assertThat(jdbc.queryForList("SELECT market || ' ' || symbol || ' ' || to_char(bucket_start AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ' ' || agrees FROM bar_check", String.class))
                .containsExactlyInAnyOrderElementsOf(schwabs.keySet().stream().map(k -> k + " "
                        + !(k.equals(MARKET + " ES " + T0.plusSeconds(120)) || k.equals(MARKET + " AAPL " + T0.plusSeconds(180))))
                        .toList());

        // exactly the one minute whose bar differs, in the field that differs; and the minute we have no bar of
        assertThat(jdbc.queryForList("SELECT symbol || ' ' || to_char(bucket_start AT TIME ZONE 'UTC', 'HH24:MI') || ' ' "
                + "|| fields FROM bar_mismatch ORDER BY bucket_start", String.class))
                .containsExactly("ES 14:32 high", "AAPL 14:33 bar");
        assertThat(mismatchCount("ES")).isEqualTo(1);   // sent again on the resubscription: counted once
        assertThat(mismatchCount("AAPL")).isEqualTo(1);

        // the API: agreement per symbol and day, and the disagreements
        JsonNode es = api("ES");
        assertThat(es.path("days")).hasSize(1);
        assertThat(es.path("days").get(0).path("day").asText()).isEqualTo("2026-03-09");
        assertThat(es.path("days").get(0).path("checked").asInt()).isEqualTo(4);
        assertThat(es.path("days").get(0).path("agreed").asInt()).isEqualTo(3);
        assertThat(new BigDecimal(es.path("days").get(0).path("agreementRate").asText())).isEqualByComparingTo("0.75");
        assertThat(es.path("mismatches")).hasSize(1);
        JsonNode m = es.path("mismatches").get(0);
        assertThat(m.path("bucketStart").asText()).isEqualTo(T0.plusSeconds(120).toString());
        assertThat(m.path("fields")).extracting(JsonNode::asText).containsExactly("high");
        assertThat(m.path("theirs").path("high").decimalValue()).isEqualByComparingTo("6003.25");
        assertThat(m.path("ours").path("high").decimalValue()).isEqualByComparingTo("6001.25");
        JsonNode aapl = api("AAPL");
        assertThat(aapl.path("days").get(0).path("checked").asInt()).isEqualTo(5);
        assertThat(aapl.path("days").get(0).path("agreed").asInt()).isEqualTo(4);
        assertThat(new BigDecimal(aapl.path("days").get(0).path("agreementRate").asText())).isEqualByComparingTo("0.8");
        assertThat(aapl.path("mismatches")).hasSize(1);
        assertThat(aapl.path("mismatches").get(0).path("fields")).extracting(JsonNode::asText).containsExactly("bar");
        assertThat(aapl.path("mismatches").get(0).path("ours").isNull()).isTrue();
        assertThat(aapl.path("mismatches").get(0).path("theirs").path("volume").decimalValue()).isEqualByComparingTo("15");

        assertThat(counter("thor.schwab.reconnects")).as("a stop and a start, no reconnect").isZero();
        assertThat(counter("thor.crosscheck.bad")).isZero();
    }

    @Test
    @Order(2)
    void aBrokenChartItemOrARefusedChartServiceCostsOnlyItself(CapturedOutput output) throws Exception {
        clock.set(DAY2.plusSeconds(59));
        FAKE.quote(EQ, "AAPL", fields("3", d("227.11"), "8", 1_000L, "35", DAY2.toEpochMilli()));
        FAKE.quote(FUT, "/ES", fields("3", d("6000.25"), "8", 2_000L, "11", DAY2.toEpochMilli()));
        FAKE.refuse(CFUT, 11, "Service not available or temporary down");
        login();
        subscriptions.add(LevelOne.EQUITIES, List.of("AAPL"));
        subscriptions.add(LevelOne.FUTURES, List.of("ES"));
        double refusedBefore = rejects("chart-refused");
        route().start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> streamer.status().state() == State.STREAMING
                && FAKE.subscribed(CEQ).equals(Set.of("AAPL")) && rejects("chart-refused") > refusedBefore);

        // the refusal costs the futures chart only: level-one of the future stays wanted, subscribed and streaming
        assertThat(FAKE.subscribed(FUT)).containsExactly("/ES");
        assertThat(FAKE.subscribed(CFUT)).isEmpty();
        assertThat(subscriptions.get(LevelOne.FUTURES)).containsExactly("/ES");
        FAKE.change(FUT, "/ES", fields("3", d("6001.00"), "8", 2_005L, "11", DAY2.toEpochMilli() + 1_000));
        await().atMost(30, TimeUnit.SECONDS).until(() -> "6001.00".equals(redis.opsForHash().get("tick:ES", "last")));
        Thread.sleep(300);
        assertThat(FAKE.requests()).filteredOn(r -> r.path("service").asText().equals(CFUT)).hasSize(1); // not asked again
        // on the next connection it is asked again, refused again, and not logged again
        FAKE.dropConnections();
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            clock.advance(Duration.ofMillis(50));
            return FAKE.logins.get() == 2 && FAKE.subscribed(CEQ).equals(Set.of("AAPL"))
                    && rejects("chart-refused") >= refusedBefore + 2;
        });
        assertThat(occurrences(output.getAll(), "skipped chart-refused")).isEqualTo(refusedBefore == 0 ? 1 : 0);
        assertThat(output.getAll()).contains("code 11 Service not available or temporary down");

        // one frame: a level-one update, chart items good and broken, a chart entry that is no list of items
        int connections = FAKE.connections.get();
        double bad = counter("thor.crosscheck.bad");
        double badData = rejects("bad-data");
        String good1 = item(charts.equity("AAPL", DAY2.plusSeconds(300), "227.10", "227.20", "227.00", "227.15", 300));
        String good2 = item(charts.equity("AAPL", DAY2.plusSeconds(360), "227.15", "227.30", "227.10", "227.25", 200));
        ObjectNode noTime = (ObjectNode) charts.equity("AAPL", DAY2.plusSeconds(420), "1", "1", "1", "1", 1)
                .path("content").get(0);
        noTime.remove("7");
        String huge = "{\"key\":\"AAPL\",\"1\":1,\"2\":1,\"3\":1,\"4\":1,\"5\":1,\"6\":1e999999999,\"7\":"
                + DAY2.plusSeconds(480).toEpochMilli() + "}";
        String text = "{\"key\":\"AAPL\",\"1\":1,\"2\":\"227\",\"3\":1,\"4\":1,\"5\":1,\"6\":1,\"7\":"
                + DAY2.plusSeconds(540).toEpochMilli() + "}";
        String frame = "{\"data\":[{\"service\":\"" + EQ + "\",\"timestamp\":" + DAY2.toEpochMilli()
                + ",\"command\":\"SUBS\",\"content\":[{\"key\":\"AAPL\",\"3\":227.30,\"8\":1010,\"35\":"
                + (DAY2.toEpochMilli() + 2_000) + "}]},"
                + "{\"service\":\"" + CEQ + "\",\"timestamp\":" + DAY2.toEpochMilli() + ",\"command\":\"SUBS\",\"content\":["
                + String.join(",", good1, noTime.toString(), "5", huge, text, good2) + "]},"
                + "{\"service\":\"" + CEQ + "\",\"timestamp\":1,\"command\":\"SUBS\",\"content\":{\"key\":\"AAPL\"}}]}";
        FAKE.sendRaw(frame);
        FAKE.sendRaw(frame); // the same again: counted again, logged no more
        await().atMost(30, TimeUnit.SECONDS).until(() -> counter("thor.crosscheck.bad") >= bad + 8
                && rejects("bad-data") >= badData + 2);
        await().atMost(30, TimeUnit.SECONDS).until(() -> "227.30".equals(redis.opsForHash().get("tick:AAPL", "last")));
        Thread.sleep(300);
        assertThat(counter("thor.crosscheck.bad") - bad).isEqualTo(8);
        assertThat(rejects("bad-data") - badData).isEqualTo(2);
        for (String reason : List.of("field 7 missing or not a number", "item is not an object", "field 6 out of range",
                "field 2 missing or not a number")) {
            assertThat(occurrences(output.getAll(), "a chart bar skipped (" + reason + ")")).as(reason).isEqualTo(1);
        }
        assertThat(occurrences(output.getAll(), "skipped bad-data")).isEqualTo(1);
        // the good neighbours were taken: both minutes get a verdict (we have no bar of them: "bar")
        clock.set(DAY2.plusSeconds(420 + 31));
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("bar_check") == 2);
        assertThat(jdbc.queryForList("SELECT to_char(bucket_start AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || fields "
                + "FROM bar_mismatch WHERE symbol = 'AAPL' ORDER BY bucket_start", String.class))
                .containsExactly("14:35 bar", "14:36 bar");
        // the link never dropped for any of it
        assertThat(FAKE.connections.get()).isEqualTo(connections);
        assertThat(streamer.status().state()).isEqualTo(State.STREAMING);
    }

    @Test
    @Order(3)
    void addAndUnsubsOfTheControlApiMoveTheChartSubscriptionsWithLevelOne() {
        clock.set(DAY3.plusSeconds(59));
        login();
        subscriptions.add(LevelOne.EQUITIES, List.of("AAPL"));
        subscriptions.add(LevelOne.FUTURES, List.of("ES"));
        route().start();
        awaitAllSubscribed(1);
        TestRestTemplate op = http.withBasicAuth("operator", "test-operator-secret");

        op.postForObject("/api/livedata/schwab/subscriptions", Map.of("equities", List.of("MSFT", "$SPX"),
                "futures", List.of("NQ"), "futuresOptions", List.of("./OZCZ23C565")), String.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> FAKE.subscribed(CEQ).equals(Set.of("AAPL", "MSFT", "$SPX"))
                && FAKE.subscribed(CFUT).equals(Set.of("/ES", "/NQ"))
                && FAKE.subscribed("LEVELONE_FUTURES_OPTIONS").equals(Set.of("./OZCZ23C565")));
        assertThat(FAKE.requests()).filteredOn(r -> r.path("service").asText().equals(CEQ)
                        && r.path("command").asText().equals("ADD"))
                .extracting(r -> r.path("parameters").path("keys").asText() + " " + r.path("parameters").path("fields").asText())
                .containsExactly("$SPX,MSFT 0,1,2,3,4,5,6,7,8");

        op.delete("/api/livedata/schwab/subscriptions?equities=MSFT&futures=ES");
        await().atMost(10, TimeUnit.SECONDS).until(() -> FAKE.subscribed(CEQ).equals(Set.of("AAPL", "$SPX"))
                && FAKE.subscribed(CFUT).equals(Set.of("/NQ")) && FAKE.subscribed(FUT).equals(Set.of("/NQ")));
        assertThat(FAKE.requests()).filteredOn(r -> r.path("command").asText().equals("UNSUBS"))
                .extracting(r -> r.path("service").asText() + " " + r.path("parameters").path("keys").asText())
                .containsExactlyInAnyOrder(EQ + " MSFT", FUT + " /ES", CEQ + " MSFT", CFUT + " /ES");
        assertThat(FAKE.sawOverlappingCommands()).isFalse();
        assertThat(FAKE.connections.get()).isEqualTo(1);
    }

    // --- the script ---

    private StreamRoute route() {
        return new StreamRoute(camel);
    }

    private void login() {
        String[] login = FAKE.issueLogin();
        tokens.write(new SchwabTokens(login[0], login[1], "Bearer", 1800, clock.instant().plus(Duration.ofDays(3)),
                clock.instant().minus(Duration.ofHours(1))));
    }

    private void awaitAllSubscribed(int logins) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> streamer.status().state() == State.STREAMING
                && FAKE.logins.get() == logins
                && FAKE.subscribed(EQ).equals(Set.of("AAPL")) && FAKE.subscribed(FUT).equals(Set.of("/ES"))
                && FAKE.subscribed(CEQ).equals(Set.of("AAPL")) && FAKE.subscribed(CFUT).equals(Set.of("/ES")));
    }

    /**
     * Minute {@code i} begins (the clock one second before its end): minute {@code i-1} closes, and once our bars of
     * it are in Postgres, Schwab sends its chart bars. Its settle point (end + 30 s) is already past, so each is
     * compared as soon as it arrives.
     */
    private void nextMinute(int i) throws InterruptedException {
        clock.set(T0.plusSeconds(60L * i + 59));
        awaitOurBars(i - 1);
        chartBars(i - 1, null, null);
    }

    /** Schwab's bars of minute {@code i} from every trade, one symbol's high replaced, sent by the fake. */
    private void chartBars(int i, String symbol, String high) {
        Instant minute = T0.plusSeconds(60L * i);
        Map<String, Map<String, Object>> bars = ReferenceBars.alwaysOpenTrades(MARKET, allTrades);
        for (Instrument in : List.of(AAPL, ES)) {
            Map<String, Object> b = bars.get(MARKET + " " + in.symbol() + " " + minute);
            if (b == null) {
                continue; // no trade, no bar
            }
            String h = in.symbol().equals(symbol) ? high : plain(b.get("high"));
            ObjectNode entry = in == AAPL
                    ? charts.equity(in.key(), minute, plain(b.get("open")), h, plain(b.get("low")), plain(b.get("close")),
                    (Long) b.get("volume"))
                    : charts.futures(in.key(), minute, plain(b.get("open")), h, plain(b.get("low")), plain(b.get("close")),
                    (Long) b.get("volume"));
            FAKE.chartBar(entry);
        }
    }

    /** Waits for our bars of minute {@code i}: those of the trades the app saw. */
    private void awaitOurBars(int i) {
        Instant minute = T0.plusSeconds(60L * i);
        long want = ReferenceBars.alwaysOpenTrades(MARKET, seenTrades).keySet().stream()
                .filter(k -> k.endsWith(" " + minute)).count();
        await().atMost(10, TimeUnit.SECONDS).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM intraday_bar_1m WHERE bucket_start = ?", Long.class, Timestamp.from(minute)) == want);
    }

    private void trade(Instrument i, long offsetMs, String price, long size) {
        ReferenceTrades.Trade t = schwabTrade(i, offsetMs, price, size);
        seenTrades.add(t);
        updates++;
    }

    /** A trade while the link is down: Schwab's quote and bar have it, the app never sees it. */
    private void unseenTrade(Instrument i, long offsetMs, String price, long size) {
        schwabTrade(i, offsetMs, price, size);
    }

    private ReferenceTrades.Trade schwabTrade(Instrument i, long offsetMs, String price, long size) {
        long at = T0.toEpochMilli() + offsetMs;
        FAKE.change(i.service(), i.key(), fields("3", d(price), i.tradeTime(), at,
                "8", cumulative.merge(i.symbol(), size, Long::sum), "9", size));
        ReferenceTrades.Trade t = new ReferenceTrades.Trade(i.symbol(), Instant.ofEpochMilli(at), d(price), size);
        allTrades.add(t);
        return t;
    }

    private List<String> storedBarKeys() {
        List<String> keys = new ArrayList<>();
        for (Map<String, Object> r : jdbc.queryForList("SELECT market, symbol, bucket_start FROM intraday_bar_1m")) {
            keys.add(r.get("market") + " " + r.get("symbol") + " " + ((Timestamp) r.get("bucket_start")).toInstant());
        }
        return keys;
    }

    /** Waits until the stream holds every update and the engine has read them. */
    private void awaitEngineRead() throws InterruptedException {
        await().atMost(10, TimeUnit.SECONDS).until(() -> redis.opsForStream().size("ticks") >= updates);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (meters.counter("thor.engine.ticks.in").count() < updates && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private JsonNode api(String symbol) throws IOException {
        return json.readTree(http.withBasicAuth("operator", "test-operator-secret").getForObject(
                "/api/crosscheck/" + MARKET + "/" + symbol + "?from=2026-03-09&to=2026-03-09", String.class));
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }

    private double mismatchCount(String symbol) {
        Counter c = meters.find("thor.bar.mismatch").tag("symbol", symbol).counter();
        return c == null ? 0 : c.count();
    }

    private double counter(String name) {
        Counter c = meters.find(name).counter();
        return c == null ? 0 : c.count();
    }

    private double rejects(String reason) {
        Counter c = meters.find("thor.schwab.rejects").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private static int occurrences(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String item(ObjectNode entry) {
        return entry.path("content").get(0).toString();
    }

    private static String plain(Object v) {
        return ((BigDecimal) v).toPlainString();
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
}
