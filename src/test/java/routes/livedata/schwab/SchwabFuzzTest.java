package routes.livedata.schwab;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import routes.livedata.schwab.SchwabStreamer.State;
import routes.livedata.schwab.fake.FakeSchwab;
import routes.support.RealServices;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Schwab stream under fuzz (issue 8, "Bad input"): over 10,000 generated malformed frames (not JSON,
 * truncated JSON, NaN, nesting 5,000 deep, numbers 2,000 digits long, wrong types everywhere, unknown services,
 * fields and notices, missing keys, arrays where objects belong and objects where arrays belong, huge and tiny
 * numbers, stray responses) sent through the fake Schwab in bursts, interleaved with good delta frames for the
 * two subscribed quotes. Asserted: the stream stays up on its one connection, every good frame's tick is in
 * the {@code ticks} stream in order with the merged values a local model predicts (and nothing else is), and
 * {@code thor.schwab.rejects} grew by exactly the rejects generated, reason by reason.
 * Seeded: the seed is printed; {@code -Dfuzz.seed=...} replays a run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "thor.markets.location=classpath:markets/always-open.yaml",
        "thor.engine.enabled=false",
        "thor.livedata.schwab.enabled=true",
        "thor.livedata.schwab.app-key=" + FakeSchwab.APP_KEY,
        "thor.livedata.schwab.app-secret=" + FakeSchwab.APP_SECRET,
        "thor.livedata.schwab.callback-url=" + FakeSchwab.CALLBACK,
        "thor.livedata.schwab.equities=AAPL",
        "thor.livedata.schwab.futures=ES",
        "thor.livedata.schwab.heartbeat-timeout=5s",
        "thor.livedata.schwab.command-timeout=3s",
        "thor.livedata.schwab.http-timeout=3s",
        "thor.livedata.schwab.backoff-min=100ms",
        "thor.livedata.schwab.backoff-max=400ms",
        "thor.cluster.lease=3s",
        "thor.livedata.schwab.token-check-interval=1s"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class SchwabFuzzTest {

    static final String EQ = "LEVELONE_EQUITIES";
    static final String FUT = "LEVELONE_FUTURES";
    static final long T = 1_780_000_000_000L;
    static final int MALFORMED = 10_500;
    static final int BURST = 500;

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

    @Autowired SchwabStreamer streamer;

    StreamRoute route() {
        return new StreamRoute(camel);
    }

    @Autowired org.apache.camel.CamelContext camel;
    @Autowired Subscriptions subscriptions;
    @Autowired TokenStore tokens;
    @Autowired StringRedisTemplate redis;
    @Autowired MeterRegistry meters;

    /** One service's field numbers for the tick fields, in the order of {@link #TICK_FIELDS}. */
    record Service(String name, String key, String symbol, int[] fields, int quoteTime, int knownNonTick,
                   int lastField) {
    }

    static final String[] TICK_FIELDS = {"last", "bid", "ask", "bid_size", "ask_size", "volume", "open", "high", "low",
            "prev_close", "net_change"};
    static final Set<String> WHOLE = Set.of("bid_size", "ask_size", "volume");
    static final Set<String> ZERO_MEANS_NONE = Set.of("last", "open", "high", "low");
    static final Service ES = new Service(FUT, "/ES", "ES", new int[]{3, 1, 2, 4, 5, 8, 18, 12, 13, 14, 19}, 10, 16, 40);
    static final Service AAPL = new Service(EQ, "AAPL", "AAPL", new int[]{3, 1, 2, 4, 5, 8, 17, 10, 11, 12, 18}, 34, 15,
            51);

    Random rnd;
    /** What Redis's tick hash must hold per symbol after each good frame: the merged quote. */
    final Map<String, Map<String, String>> model = new LinkedHashMap<>();
    /** Every tick the stream must hold after the two snapshots, in order. */
    final List<Map<String, String>> expectedTicks = new ArrayList<>();
    final Map<String, Integer> expectedRejects = new TreeMap<>();
    long nextTime = T + 10_000;
    /** Per symbol: the latest last price it had (the snapshots' first). */
    final Map<String, String> lastSeen = new LinkedHashMap<>(Map.of("AAPL", "227.11", "ES", "6000.25"));

    @BeforeEach
    void freshSchwabAndRedis() {
        route().stop();
        FAKE.reset();
        RealServices.wipeRedis(redis);
        subscriptions.remove(LevelOne.EQUITIES, subscriptions.get(LevelOne.EQUITIES));
        subscriptions.remove(LevelOne.FUTURES, subscriptions.get(LevelOne.FUTURES));
        subscriptions.add(LevelOne.EQUITIES, List.of("AAPL"));
        subscriptions.add(LevelOne.FUTURES, List.of("ES"));
        FAKE.quote(EQ, "AAPL", fields("1", d("227.10"), "2", d("227.12"), "3", d("227.11"), "4", 3, "5", 5,
                "8", 48_123_456L, "10", d("229.00"), "11", d("225.50"), "12", d("226.00"), "17", d("226.40"),
                "18", d("1.11"), "34", T + 500, "35", T + 400));
        FAKE.quote(FUT, "/ES", fields("1", d("6000.25"), "2", d("6000.50"), "3", d("6000.25"), "4", 12, "5", 15,
                "8", 1_250_270L, "10", T + 1000, "11", T + 900, "12", d("6010.00"), "13", d("5990.75"),
                "14", d("5995.50"), "18", d("5998.00"), "19", d("4.75")));
        model.put("AAPL", new LinkedHashMap<>(Map.of("last", "227.11", "bid", "227.10", "ask", "227.12", "bid_size", "3",
                "ask_size", "5", "volume", "48123456", "open", "226.40", "high", "229.00", "low", "225.50",
                "prev_close", "226.00")));
        model.get("AAPL").put("net_change", "1.11");
        model.put("ES", new LinkedHashMap<>(Map.of("last", "6000.25", "bid", "6000.25", "ask", "6000.50", "bid_size", "12",
                "ask_size", "15", "volume", "1250270", "open", "5998.00", "high", "6010.00", "low", "5990.75",
                "prev_close", "5995.50")));
        model.get("ES").put("net_change", "4.75");
    }

    @AfterEach
    void stop() {
        route().stop();
    }

    @Test
    void malformedFramesAreCountedByReasonAndTheGoodFramesAroundThemPublished() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("SchwabFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        rnd = new Random(seed);
        String[] login = FAKE.issueLogin();
        tokens.write(new SchwabTokens(login[0], login[1], "Bearer", 1800, Instant.now().plusSeconds(1800), Instant.now()));
        route().start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> streamer.status().state() == State.STREAMING
                && FAKE.subscribed(EQ).equals(Set.of("AAPL")) && FAKE.subscribed(FUT).equals(Set.of("/ES")));
        await().atMost(5, TimeUnit.SECONDS).until(() -> redis.opsForStream().size("ticks") == 2);
        Map<String, Double> before = rejects();
        double reconnectsBefore = counter("thor.schwab.reconnects");

        long start = System.nanoTime();
        int sent = 0;
        int good = 0;
        while (sent < MALFORMED) {
            for (int i = 0; i < BURST && sent < MALFORMED; i++) {
                if (rnd.nextInt(6) == 0) {
                    FAKE.sendRaw(goodFrame());
                    good++;
                }
                FAKE.sendRaw(malformedFrame());
                sent++;
            }
            // each burst ends in a good frame: once its tick is in Redis the streamer has read the whole burst
            FAKE.sendRaw(goodFrame());
            good++;
            Map<String, String> last = expectedTicks.get(expectedTicks.size() - 1);
            await().atMost(15, TimeUnit.SECONDS).until(() -> last.get("ts").equals(
                    redis.opsForHash().get("tick:" + last.get("symbol"), "ts")));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        Map<String, Double> delta = new TreeMap<>();
        rejects().forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0.0);
            if (d != 0 && !k.equals("lock-unavailable")) { // a Redis hiccup is no input
                delta.put(k, d);
            }
        });
        System.out.printf("SchwabFuzzTest: %d malformed and %d good frames in %d ms; rejects %s%n", sent, good,
                millis, delta);
        Map<String, Double> expected = new TreeMap<>();
        expectedRejects.forEach((k, v) -> expected.put(k, v.doubleValue()));
        assertThat(delta).as("thor.schwab.rejects by reason, seed " + seed).isEqualTo(expected);
        assertThat(delta.values().stream().mapToDouble(Double::doubleValue).sum()).isGreaterThanOrEqualTo(sent);
        assertThat(delta.keySet()).containsExactlyInAnyOrder("not-json", "unknown-message", "unknown-service",
                "bad-data", "no-key", "unknown-field", "wrong-type", "out-of-range", "unexpected-response",
                "unknown-notice");

        // still the one connection, never dropped
        assertThat(FAKE.connections.get()).isEqualTo(1);
        assertThat(counter("thor.schwab.reconnects")).isEqualTo(reconnectsBefore);
        assertThat(streamer.status().state()).isEqualTo(State.STREAMING);

        // every good frame's tick, in order, with the merged values; nothing from the malformed ones
        List<MapRecord<String, Object, Object>> stream = redis.opsForStream().range("ticks", Range.unbounded());
        assertThat(stream).hasSize(2 + expectedTicks.size());
        for (int i = 0; i < expectedTicks.size(); i++) {
            TickEntries.assertSame(stream.get(2 + i).getValue(), expectedTicks.get(i),
                    "tick " + i + " of " + expectedTicks.size() + ", seed " + seed);
        }
        for (String symbol : model.keySet()) {
            Map<Object, Object> hash = redis.opsForHash().entries("tick:" + symbol);
            for (Map.Entry<String, String> e : model.get(symbol).entrySet()) {
                assertThat(hash).as(symbol).containsEntry(e.getKey(), e.getValue());
            }
        }
    }

    // --- good frames ---

    /** A delta for one or both quotes: some tick fields changed, a new quote time, harmless extras. */
    private String goodFrame() {
        StringBuilder b = new StringBuilder("{\"data\":[");
        List<Service> which = switch (rnd.nextInt(4)) {
            case 0 -> List.of(ES, AAPL);
            case 1 -> List.of(AAPL);
            default -> List.of(ES);
        };
        for (int s = 0; s < which.size(); s++) {
            Service svc = which.get(s);
            if (s > 0) {
                b.append(',');
            }
            // a timestamp of the wrong type is harmless: the tick's time is the quote time
            String stamp = rnd.nextInt(10) == 0 ? "\"soon\"" : Long.toString(T);
            b.append("{\"service\":\"").append(svc.name()).append("\",\"timestamp\":").append(stamp)
                    .append(",\"command\":\"SUBS\",\"content\":[").append(goodItem(svc)).append("]}");
        }
        return b.append("]}").toString();
    }

    private String goodItem(Service svc) {
        Map<String, String> merged = model.get(svc.symbol());
        StringBuilder b = new StringBuilder("{\"key\":\"").append(svc.key()).append('"');
        for (int i = 0; i < TICK_FIELDS.length; i++) {
            if (rnd.nextInt(3) != 0) {
                continue;
            }
            String name = TICK_FIELDS[i];
            String v = WHOLE.contains(name) ? Long.toString(rnd.nextInt(4) == 0 ? rnd.nextLong(1_000_000_000_000L)
                    : rnd.nextInt(1000)) : price();
            b.append(",\"").append(svc.fields()[i]).append("\":").append(v);
            if (ZERO_MEANS_NONE.contains(name) && new BigDecimal(v).signum() == 0) {
                merged.remove(name); // a last, open, high or low of 0 is "none yet" (reference A5)
            } else {
                merged.put(name, v);
            }
            if (name.equals("last") && merged.containsKey("last")) {
                lastSeen.put(svc.symbol(), v);
            }
        }
        long ts = nextTime++;
        b.append(",\"").append(svc.quoteTime()).append("\":").append(ts);
        if (rnd.nextBoolean()) {
            b.append(",\"").append(svc.knownNonTick()).append("\":\"ignored\",\"delayed\":false,\"assetMainType\":\"X\"");
        }
        Map<String, String> tick = new LinkedHashMap<>();
        tick.put("symbol", svc.symbol());
        tick.putAll(merged);
        tick.put("ts", Long.toString(ts));
        tick.put("source", "SCHWAB");
        tick = ordered(tick);
        if (!tick.containsKey("last")) {
            tick.put(TickEntries.LAST_SEEN, lastSeen.get(svc.symbol()));
        }
        expectedTicks.add(tick);
        return b.append('}').toString();
    }

    /** A price as Schwab writes it; Redis gets the same text (scale kept). */
    private String price() {
        return switch (rnd.nextInt(4)) {
            case 0 -> Integer.toString(rnd.nextInt(10_000));
            case 1 -> "-" + (1 + rnd.nextInt(100)) + "." + String.format("%02d", rnd.nextInt(100)); // not "-0.00"
            default -> rnd.nextInt(10_000) + "." + String.format("%02d", rnd.nextInt(100));
        };
    }

    private static Map<String, String> ordered(Map<String, String> t) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String k : TickEntries.FIELDS) {
            if (t.containsKey(k)) {
                o.put(k, t.get(k));
            }
        }
        return o;
    }

    // --- malformed frames ---

    private void reject(String reason) {
        expectedRejects.merge(reason, 1, Integer::sum);
    }

    /** One frame that changes no quote; its expected rejects are noted as it is built. */
    private String malformedFrame() {
        int kind = rnd.nextInt(100);
        if (kind < 14) {
            reject("not-json");
            return notJson();
        }
        if (kind < 22) {
            reject("unknown-message");
            return pick("[]", "[1,2,3]", "42", "\"a string\"", "true", "null", "{}", "{\"hello\":\"world\"}",
                    "{\"Data\":[]}", "{\"responses\":[{}]}", "[{\"data\":[]}]", "{\"heartbeat\":1}");
        }
        if (kind < 28) {
            // objects and scalars where the lists belong
            String part = pick("data", "response", "notify");
            reject("unknown-message");
            return "{\"" + part + "\":" + pick("5", "\"x\"", "{}", "{\"service\":\"LEVELONE_FUTURES\"}", "true", "null",
                    "{\"0\":{\"key\":\"/ES\",\"1\":6000}}") + "}";
        }
        if (kind < 36) {
            return dataFrame(List.of(unknownService()));
        }
        if (kind < 44) {
            return dataFrame(List.of(badContent()));
        }
        if (kind < 75) {
            Service svc = rnd.nextBoolean() ? ES : AAPL;
            int items = 1 + rnd.nextInt(3);
            List<String> it = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                it.add(badItem(svc));
            }
            return dataFrame(List.of(entry(svc.name(), String.join(",", it))));
        }
        if (kind < 80) {
            // several bad entries in one frame
            return dataFrame(List.of(unknownService(), badContent(), entry(ES.name(), badItem(ES))));
        }
        if (kind < 90) {
            int n = 1 + rnd.nextInt(2);
            List<String> r = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                reject("unexpected-response");
                r.add(pick("{}", "5", "null", "[]", "{\"requestid\":\"999\",\"content\":{\"code\":0,\"msg\":\"ok\"}}",
                        "{\"requestid\":0,\"content\":{\"code\":\"0\"}}", "{\"content\":{\"code\":3,\"msg\":\"Login Denied\"}}",
                        "{\"requestid\":\"1\",\"command\":\"SUBS\",\"content\":{\"code\":20}}",
                        "{\"requestid\":[\"1\"],\"content\":[{\"code\":0}]}", "{\"content\":{\"code\":\"twelve\"}}"));
            }
            return "{\"response\":[" + String.join(",", r) + "]}";
        }
        int n = 1 + rnd.nextInt(2);
        List<String> notices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reject("unknown-notice");
            notices.add(pick("{}", "5", "null", "\"heartbeat\"", "{\"content\":{\"code\":1,\"msg\":\"?\"}}",
                    "{\"service\":\"ADMIN\",\"content\":{\"code\":\"abc\"}}", "{\"content\":[12]}",
                    "{\"heartbeats\":\"1\"}", "{\"content\":{\"code\":99999999999999999999}}"));
        }
        return "{\"notify\":[" + String.join(",", notices) + "]}";
    }

    private String notJson() {
        String good = "{\"data\":[{\"service\":\"LEVELONE_FUTURES\",\"timestamp\":" + T
                + ",\"command\":\"SUBS\",\"content\":[{\"key\":\"/ES\",\"1\":6001.25,\"10\":" + T + "}]}]}";
        return switch (rnd.nextInt(12)) {
            case 0 -> good.substring(0, 1 + rnd.nextInt(good.length() - 1)); // truncated
            case 1 -> "this is not json";
            case 2 -> "{\"data\":[{\"service\":\"LEVELONE_FUTURES\",\"content\":[{\"key\":\"/ES\",\"1\":NaN}]}]}";
            case 3 -> "{\"data\":[{\"service\":\"LEVELONE_FUTURES\",\"content\":[{\"key\":\"/ES\",\"1\":Infinity}]}]}";
            case 4 -> "[".repeat(5000) + "]".repeat(5000); // nested deeper than the parser allows
            case 5 -> "{\"data\":[{\"service\":\"LEVELONE_FUTURES\",\"content\":[{\"key\":\"/ES\",\"1\":"
                    + "9".repeat(2000) + "}]}]}"; // a number longer than the parser allows
            case 6 -> "{'data': []}";
            case 7 -> "{\"data\":[{\"service\":\"LEVELONE_FUTURES\",\"content\":[{\"key\":\"/E\u0001S\"}]}]}";
            case 8 -> "\u0000\u0001\u0002garbage";
            case 9 -> "{\"data\":[],}";
            case 10 -> "<html><body>502 Bad Gateway</body></html>";
            default -> "{\"data\":[{\"service\":\"LEVELONE_FUTURES\" \"content\":[]}]}";
        };
    }

    private String unknownService() {
        reject("unknown-service");
        return pick("{\"service\":\"LEVELONE_OPTIONS\",\"content\":[{\"key\":\"AAPL  261218C00250000\",\"1\":1.5}]}",
                "{\"content\":[{\"key\":\"/ES\",\"1\":6000}]}", "{\"service\":5,\"content\":[]}",
                "{\"service\":null}", "5", "null", "[\"LEVELONE_FUTURES\"]", "\"LEVELONE_FUTURES\"",
                "{\"service\":\"levelone_futures\",\"content\":[]}", "{\"service\":[\"LEVELONE_FUTURES\"]}",
                "{\"service\":{\"name\":\"LEVELONE_FUTURES\"},\"content\":[]}", "{\"service\":\"\"}");
    }

    /** A known service whose content is not a list, or a list of things that are not items. */
    private String badContent() {
        String svc = pick(FUT, EQ);
        if (rnd.nextBoolean()) {
            reject("bad-data");
            return "{\"service\":\"" + svc + "\"" + pick("", ",\"content\":{\"key\":\"/ES\",\"1\":6000}",
                    ",\"content\":\"x\"", ",\"content\":null", ",\"content\":5") + "}";
        }
        int n = 1 + rnd.nextInt(3);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reject("bad-data");
            items.add(pick("1", "\"/ES\"", "null", "[]", "[{\"key\":\"/ES\",\"1\":6000}]", "true", "1e400"));
        }
        return entry(svc, String.join(",", items));
    }

    /** An item of a subscribed quote that changes nothing: no key, or only unknown, ill-typed or absurd fields. */
    private String badItem(Service svc) {
        if (rnd.nextInt(5) == 0) {
            reject("no-key");
            return pick("{\"1\":6000.25}", "{\"key\":5,\"1\":6000.25}", "{\"key\":\"\",\"1\":1}", "{\"key\":\"  \"}",
                    "{\"key\":null,\"1\":1}", "{\"key\":[\"/ES\"],\"1\":1}", "{\"key\":{\"k\":\"/ES\"}}", "{}");
        }
        StringBuilder b = new StringBuilder("{\"key\":\"").append(svc.key()).append('"');
        Set<String> used = new HashSet<>(); // a repeated name would overwrite, not add a reject
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(3);
            if (kind == 0) {
                String name = pick(Integer.toString(svc.lastField() + 1 + rnd.nextInt(100)), "-1", "abc", "1.5", "",
                        " 1", "99999999999");
                if (used.add(name)) {
                    reject("unknown-field");
                    b.append(",\"").append(name).append("\":").append(pick("1", "\"x\"", "null", "{}"));
                }
                continue;
            }
            int f = rnd.nextInt(TICK_FIELDS.length);
            String field = TICK_FIELDS[f];
            int number = svc.fields()[f];
            if (!used.add(Integer.toString(number))) {
                continue;
            }
            if (kind == 1) {
                reject("wrong-type");
                List<String> wrong = new ArrayList<>(List.of("\"6000.25\"", "\"abc\"", "true", "null", "{}", "[]",
                        "[6000.25]", "{\"v\":6000.25}", "\"\"", "\"NaN\""));
                if (WHOLE.contains(field)) {
                    wrong.addAll(List.of("1.5", "-0.25", "12.000001"));
                }
                b.append(",\"").append(number).append("\":").append(pick(wrong.toArray(new String[0])));
            } else {
                reject("out-of-range");
                List<String> absurd = new ArrayList<>(WHOLE.contains(field)
                        ? List.of("1" + "0".repeat(30), "-5", "9223372036854775808", "1E+999999999", "-1")
                        : List.of("1e400", "1E+999999999", "1E-999999999", "-1e19", "1" + "0".repeat(30), "4.9E-324"));
                b.append(",\"").append(number).append("\":").append(pick(absurd.toArray(new String[0])));
            }
        }
        if (rnd.nextInt(4) == 0) {
            // an absurd quote time: out of range too, and it must not become the tick time
            reject("out-of-range");
            b.append(",\"").append(svc.quoteTime()).append("\":").append(pick("-1", "1" + "0".repeat(25)));
        }
        return b.append('}').toString();
    }

    private static String entry(String service, String items) {
        return "{\"service\":\"" + service + "\",\"timestamp\":" + T + ",\"command\":\"SUBS\",\"content\":[" + items + "]}";
    }

    private static String dataFrame(List<String> entries) {
        return "{\"data\":[" + String.join(",", entries) + "]}";
    }

    // --- helpers ---

    private String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private double counter(String name) {
        Counter c = meters.find(name).counter();
        return c == null ? 0 : c.count();
    }

    private Map<String, Double> rejects() {
        Map<String, Double> m = new TreeMap<>();
        meters.find("thor.schwab.rejects").counters().forEach(c -> m.put(c.getId().getTag("reason"), c.count()));
        return m;
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
