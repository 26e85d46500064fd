package routes.livedata.schwab.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Schwab for the tests: the OAuth token endpoint, the user-preference call and the streamer
 * websocket, speaking the documented protocol (reference A1–A4). Level-one services send only changed
 * fields, as Schwab does; the first frame after SUBS/ADD carries the whole quote. The chart services
 * (CHART_EQUITY, CHART_FUTURES; schwab-pricehistory.md §3) stream each minute bar {@link #chartBar} is given to the
 * subscribers of its key, and answer SUBS/ADD with the latest completed bar at once (§3.3), as Schwab does; a
 * service can be made to refuse SUBS/ADD with a code ({@link #refuse}, e.g. 11 SERVICE_NOT_AVAILABLE, A2.3).
 */
public final class FakeSchwab implements AutoCloseable {

    public static final String APP_KEY = "fake-app-key-7f3a";
    public static final String APP_SECRET = "fake-app-secret-91c2";
    public static final String CALLBACK = "https://127.0.0.1:8182";
    /** The code Schwab puts in the redirect; it contains an '@', escaped as %40 in the URL. */
    public static final String AUTH_CODE = "C0.fake@code";

    private static final long RESPONSE_DELAY_MS = 40;

    /** Decimals go on the wire exactly as a test writes them ("6000.50" stays 6000.50). */
    private final ObjectMapper json = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final HttpServer http;
    private final MiniWebSocketServer ws;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fake-schwab-timer");
        t.setDaemon(true);
        return t;
    });

    // the login
    private final Set<String> validAccess = ConcurrentHashMap.newKeySet();
    private volatile String refreshToken;
    private volatile boolean refreshTokenDead;
    public final AtomicInteger refreshes = new AtomicInteger();
    public final AtomicInteger codeExchanges = new AtomicInteger();
    public final AtomicInteger preferenceCalls = new AtomicInteger();
    /** Every token value handed out, so a test can prove none reached the log. */
    public final Set<String> issued = ConcurrentHashMap.newKeySet();

    /** Price history (GET /marketdata/v1/pricehistory), open to the access tokens this fake issued. */
    public final FakePriceHistory priceHistory = new FakePriceHistory(validAccess::contains);

    // the stream
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger denyLogins = new AtomicInteger();
    private volatile boolean heartbeats = true;
    private volatile boolean overlapped;
    private volatile boolean commandBeforeLogin;
    private final List<JsonNode> requests = new ArrayList<>();
    private final Map<MiniWebSocketServer.Conn, Session> sessions = new ConcurrentHashMap<>();
    /** Everything known about each instrument, per service: what a full snapshot sends. */
    private final Map<String, Map<String, ObjectNode>> book = new ConcurrentHashMap<>();
    /** Services that answer SUBS/ADD with an error: code and message. */
    private final Map<String, Object[]> refusals = new ConcurrentHashMap<>();

    private static final class Session {
        boolean loggedIn;
        boolean answering;
        final Map<String, TreeSet<String>> subs = new HashMap<>();
    }

    public FakeSchwab() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/v1/oauth/token", this::token);
        http.createContext("/trader/v1/userPreference", this::preference);
        http.createContext(FakePriceHistory.PATH, priceHistory::handle);
        http.start();
        ws = new MiniWebSocketServer(c -> connections.incrementAndGet(), this::onRequest);
        timer.scheduleAtFixedRate(this::heartbeat, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** A started fake for a test class's static field (its constructor throws a checked exception). */
    public static FakeSchwab started() {
        try {
            return new FakeSchwab();
        } catch (IOException e) {
            throw new IllegalStateException("the fake Schwab cannot start", e);
        }
    }

    /** Points the app's Schwab endpoints at this fake, the token file at {@code tokenFile}. */
    public void pointThorAtIt(org.springframework.test.context.DynamicPropertyRegistry r,
                              java.util.function.Supplier<java.nio.file.Path> tokenFile) {
        r.add("thor.livedata.schwab.api-base-url", this::baseUrl);
        r.add("thor.livedata.schwab.token-url", () -> baseUrl() + "/v1/oauth/token");
        r.add("thor.livedata.schwab.authorize-url", () -> baseUrl() + "/v1/oauth/authorize");
        r.add("thor.livedata.schwab.token-file", () -> tokenFile.get().toString());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Back to a fresh Schwab with no connections, no book, no counts. */
    public synchronized void reset() {
        ws.open().forEach(MiniWebSocketServer.Conn::drop);
        sessions.clear();
        validAccess.clear();
        refreshToken = null;
        refreshTokenDead = false;
        refreshes.set(0);
        codeExchanges.set(0);
        preferenceCalls.set(0);
        connections.set(0);
        logins.set(0);
        denyLogins.set(0);
        heartbeats = true;
        overlapped = false;
        commandBeforeLogin = false;
        requests.clear();
        book.clear();
        refusals.clear();
        priceHistory.reset();
    }

    /**
     * A login done earlier, written where Thor reads it (the token file's own format): the access token valid
     * until {@code now + accessFor}, the refresh token issued {@code refreshAge} before {@code now}. Returns
     * {access token, refresh token}.
     */
    public String[] writeLogin(java.nio.file.Path tokenFile, java.time.Instant now, java.time.Duration accessFor,
                               java.time.Duration refreshAge) throws IOException {
        String[] login = issueLogin();
        long at = now.getEpochSecond();
        java.nio.file.Files.createDirectories(tokenFile.toAbsolutePath().getParent());
        java.nio.file.Files.writeString(tokenFile, "{\"access_token\":\"" + login[0] + "\",\"refresh_token\":\""
                + login[1] + "\",\"token_type\":\"Bearer\",\"expires_in\":1800,\"expires_at\":"
                + (at + accessFor.toSeconds()) + ",\"refresh_token_issued_at\":" + (at - refreshAge.toSeconds()) + "}");
        return login;
    }

    /** A login as if the operator had done the browser step earlier: {access token, refresh token}. */
    public String[] issueLogin() {
        String access = "AT-" + UUID.randomUUID();
        refreshToken = "RT-" + UUID.randomUUID();
        validAccess.add(access);
        issued.add(access);
        issued.add(refreshToken);
        return new String[]{access, refreshToken};
    }

    public void expireAccessTokens() {
        validAccess.clear();
    }

    /** The refresh token is over its 7 days or was replaced elsewhere. */
    public void killRefreshToken() {
        refreshTokenDead = true;
    }

    public void denyNextLogins(int n) {
        denyLogins.set(n);
    }

    public void heartbeats(boolean on) {
        heartbeats = on;
    }

    public boolean sawOverlappingCommands() {
        return overlapped;
    }

    public boolean sawCommandBeforeLogin() {
        return commandBeforeLogin;
    }

    public synchronized List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** What the open, logged-in connection has subscribed for a service. */
    public synchronized Set<String> subscribed(String service) {
        for (Map.Entry<MiniWebSocketServer.Conn, Session> e : sessions.entrySet()) {
            if (e.getKey().open && e.getValue().loggedIn) {
                return Set.copyOf(e.getValue().subs.getOrDefault(service, new TreeSet<>()));
            }
        }
        return Set.of();
    }

    public int openConnections() {
        return ws.open().size();
    }

    /** Sets a quote's whole field list without streaming it; SUBS/ADD sends it as the first frame. */
    public void quote(String service, String key, Map<String, Object> fields) {
        ObjectNode q = json.createObjectNode();
        q.put("key", key);
        fields.forEach((k, v) -> q.set(k, json.valueToTree(v)));
        book.computeIfAbsent(service, s -> new ConcurrentHashMap<>()).put(key, q);
    }

    /** A change: merged into the book and streamed (only these fields) to every subscriber of the key. */
    public synchronized void change(String service, String key, Map<String, Object> fields) {
        ObjectNode delta = json.createObjectNode();
        delta.put("key", key);
        fields.forEach((k, v) -> delta.set(k, json.valueToTree(v)));
        book.computeIfAbsent(service, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(key, k -> json.createObjectNode().put("key", key)).setAll(delta);
        sessions.forEach((c, s) -> {
            if (s.loggedIn && s.subs.getOrDefault(service, new TreeSet<>()).contains(key)) {
                c.sendText(dataFrame(service, "SUBS", List.of(delta)));
            }
        });
    }

    /** Sets a quote's whole item from JSON text (values exactly as written); SUBS/ADD sends it as the first frame. */
    public void quoteJson(String service, String itemJson) {
        ObjectNode q = (ObjectNode) parse(itemJson);
        book.computeIfAbsent(service, s -> new ConcurrentHashMap<>()).put(q.path("key").asText(), q);
    }

    /**
     * One data frame with one entry per service, each holding these items (JSON text, values exactly as written,
     * keys possibly repeated): merged into the book field by field, as Schwab's conflation does, and sent to every
     * logged-in connection.
     */
    public synchronized void changes(long timestamp, Map<String, List<String>> itemsByService) {
        ObjectNode o = json.createObjectNode();
        ArrayNode data = o.putArray("data");
        itemsByService.forEach((service, items) -> {
            ObjectNode d = data.addObject();
            d.put("service", service);
            d.put("timestamp", timestamp);
            d.put("command", "SUBS");
            ArrayNode content = d.putArray("content");
            for (String item : items) {
                ObjectNode delta = (ObjectNode) parse(item);
                String key = delta.path("key").asText();
                book.computeIfAbsent(service, s -> new ConcurrentHashMap<>())
                        .computeIfAbsent(key, k -> json.createObjectNode().put("key", key)).setAll(delta.deepCopy());
                content.add(delta);
            }
        });
        String text = o.toString();
        sessions.forEach((c, s) -> {
            if (s.loggedIn) {
                c.sendText(text);
            }
        });
    }

    /**
     * One completed minute bar of a chart service: a data entry as {@link FakeChartFrames} writes it (one content
     * item). It becomes the key's latest completed bar, which a SUBS or ADD sends at once, and goes to every
     * logged-in connection that has the key subscribed in that service.
     */
    public synchronized void chartBar(ObjectNode entry) {
        String service = entry.path("service").asText();
        String text = json.createObjectNode().set("data", json.createArrayNode().add(entry)).toString();
        for (JsonNode item : entry.path("content")) {
            String key = item.path("key").asText();
            book.computeIfAbsent(service, s -> new ConcurrentHashMap<>()).put(key, (ObjectNode) item.deepCopy());
        }
        sessions.forEach((c, s) -> {
            TreeSet<String> subs = s.subs.getOrDefault(service, new TreeSet<>());
            boolean wanted = false;
            for (JsonNode item : entry.path("content")) {
                wanted |= subs.contains(item.path("key").asText());
            }
            if (s.loggedIn && wanted) {
                c.sendText(text);
            }
        });
    }

    /** From now on the service answers SUBS and ADD with this code (and subscribes nothing). */
    public void refuse(String service, int code, String msg) {
        refusals.put(service, new Object[]{code, msg});
    }

    /** What a SUBS or ADD of the key would send now. */
    public synchronized ObjectNode bookItem(String service, String key) {
        ObjectNode q = book.getOrDefault(service, Map.of()).get(key);
        return q == null ? null : q.deepCopy();
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    /** Any text, as is, to every open connection (malformed frames, odd notices). */
    public void sendRaw(String text) {
        ws.open().forEach(c -> c.sendText(text));
    }

    /** Schwab gone (true) or back (false): while gone, every connection and API call is cut or refused. */
    public void gone(boolean gone) {
        this.gone = gone;
        ws.refusing = gone;
        if (gone) {
            dropConnections();
        }
    }

    private volatile boolean gone;

    /** The network path dies without a close frame. */
    public void dropConnections() {
        ws.open().forEach(MiniWebSocketServer.Conn::drop);
    }

    /** Another client logged in with the same user: Schwab tells the old one code 12 and closes it. */
    public void takeOver() {
        for (MiniWebSocketServer.Conn c : ws.open()) {
            c.sendText("{\"notify\":[{\"service\":\"ADMIN\",\"timestamp\":" + System.currentTimeMillis()
                    + ",\"content\":{\"code\":12,\"msg\":\"This Streamer was disconnected because of another connection "
                    + "for this username and password.\"}}]}");
            c.close(1000);
        }
    }

    // --- HTTP ---

    private void token(HttpExchange x) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((APP_KEY + ":" + APP_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            reply(x, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
            return;
        }
        String grant = form.get("grant_type");
        if ("authorization_code".equals(grant)) {
            codeExchanges.incrementAndGet();
            if (!AUTH_CODE.equals(form.get("code")) || !CALLBACK.equals(form.get("redirect_uri"))) {
                reply(x, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"bad code or redirect_uri\"}");
                return;
            }
            refreshTokenDead = false;
            String[] login = issueLogin();
            reply(x, 200, tokenJson(login[0], login[1]));
        } else if ("refresh_token".equals(grant)) {
            refreshes.incrementAndGet();
            if (refreshTokenDead || refreshToken == null || !refreshToken.equals(form.get("refresh_token"))) {
                reply(x, 400, "{\"error\":\"invalid_client\",\"error_description\":\"refresh token invalid\"}");
                return;
            }
            String access = "AT-" + UUID.randomUUID();
            validAccess.add(access);
            issued.add(access);
            reply(x, 200, tokenJson(access, refreshToken));
        } else {
            reply(x, 400, "{\"error\":\"unsupported_grant_type\"}");
        }
    }

    private String tokenJson(String access, String refresh) {
        return "{\"expires_in\":1800,\"token_type\":\"Bearer\",\"scope\":\"api\",\"refresh_token\":\"" + refresh
                + "\",\"access_token\":\"" + access + "\",\"id_token\":\"idt\"}";
    }

    private void preference(HttpExchange x) throws IOException {
        preferenceCalls.incrementAndGet();
        if (gone) {
            reply(x, 503, "{\"message\":\"Service Unavailable\"}");
            return;
        }
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !validAccess.contains(auth.substring(7))) {
            reply(x, 401, "{\"message\":\"Unauthorized\"}");
            return;
        }
        reply(x, 200, "{\"accounts\":[{\"accountNumber\":\"...123\",\"primaryAccount\":true}],"
                + "\"streamerInfo\":[{\"streamerSocketUrl\":\"ws://127.0.0.1:" + ws.port() + "/ws\","
                + "\"schwabClientCustomerId\":\"cust-1\",\"schwabClientCorrelId\":\"correl-" + UUID.randomUUID() + "\","
                + "\"schwabClientChannel\":\"N9\",\"schwabClientFunctionId\":\"APIAPP\"}],"
                + "\"offers\":[{\"level2Permissions\":true,\"mktDataPermission\":\"NP\"}]}");
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    // --- the streamer ---

    private synchronized void onRequest(MiniWebSocketServer.Conn c, String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (IOException e) {
            return;
        }
        Session s = sessions.computeIfAbsent(c, k -> new Session());
        for (JsonNode r : root.path("requests")) {
            requests.add(r);
            if (s.answering) {
                overlapped = true; // a second command before the first was answered (GUIDE codes 22–25)
            }
            s.answering = true;
            timer.schedule(() -> answer(c, s, r), RESPONSE_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void answer(MiniWebSocketServer.Conn c, Session s, JsonNode r) {
        s.answering = false;
        String service = r.path("service").asText();
        String command = r.path("command").asText();
        if ("LOGIN".equals(command)) {
            String token = r.path("parameters").path("Authorization").asText();
            boolean ok = validAccess.contains(token) && denyLogins.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
            if (ok) {
                logins.incrementAndGet();
                s.loggedIn = true;
                c.sendText(response(r, 0, "server=fake-streamer;status=NP"));
            } else {
                c.sendText(response(r, 3, "Login Denied.: token is invalid or has expired."));
                c.close(1000);
            }
            return;
        }
        if (!s.loggedIn) {
            commandBeforeLogin = true;
            c.sendText(response(r, 20, "Stream connection not found"));
            return;
        }
        Object[] refusal = refusals.get(service);
        if (refusal != null && ("SUBS".equals(command) || "ADD".equals(command))) {
            c.sendText(response(r, (Integer) refusal[0], (String) refusal[1]));
            return;
        }
        TreeSet<String> subs = s.subs.computeIfAbsent(service, k -> new TreeSet<>());
        List<String> keys = List.of(r.path("parameters").path("keys").asText("").split(","));
        TreeSet<String> fresh = new TreeSet<>(keys);
        switch (command) {
            case "SUBS" -> {
                subs.clear();
                subs.addAll(keys);
            }
            case "ADD" -> {
                fresh.removeAll(subs);
                subs.addAll(keys);
            }
            case "UNSUBS" -> {
                keys.forEach(subs::remove);
                fresh.clear();
            }
            default -> {
                c.sendText(response(r, 21, "Bad command format"));
                return;
            }
        }
        c.sendText(response(r, 0, command + " command succeeded"));
        List<JsonNode> snapshot = new ArrayList<>();
        for (String k : fresh) {
            ObjectNode q = book.getOrDefault(service, Map.of()).get(k);
            if (q != null) {
                snapshot.add(q.deepCopy());
            }
        }
        if (!snapshot.isEmpty()) {
            c.sendText(dataFrame(service, command, snapshot));
        }
        if (s.subs.values().stream().allMatch(Set::isEmpty)) {
            // Schwab ends a stream that has nothing subscribed
            c.sendText("{\"notify\":[{\"service\":\"ADMIN\",\"timestamp\":" + System.currentTimeMillis()
                    + ",\"content\":{\"code\":30,\"msg\":\"Stop streaming due to empty subscription\"}}]}");
            c.close(1000);
        }
    }

    private String response(JsonNode r, int code, String msg) {
        ObjectNode o = json.createObjectNode();
        ArrayNode a = o.putArray("response");
        ObjectNode e = a.addObject();
        e.put("service", r.path("service").asText());
        e.put("command", r.path("command").asText());
        e.put("requestid", r.path("requestid").asText());
        e.put("SchwabClientCorrelId", r.path("SchwabClientCorrelId").asText());
        e.put("timestamp", System.currentTimeMillis());
        e.putObject("content").put("code", code).put("msg", msg);
        return o.toString();
    }

    private String dataFrame(String service, String command, List<? extends JsonNode> items) {
        ObjectNode o = json.createObjectNode();
        ObjectNode d = o.putArray("data").addObject();
        d.put("service", service);
        d.put("timestamp", System.currentTimeMillis());
        d.put("command", command);
        ArrayNode content = d.putArray("content");
        items.forEach(content::add);
        return o.toString();
    }

    private synchronized void heartbeat() {
        if (!heartbeats) {
            return;
        }
        sessions.forEach((c, s) -> {
            if (s.loggedIn && c.open) {
                c.sendText("{\"notify\":[{\"heartbeat\":\"" + System.currentTimeMillis() + "\"}]}");
            }
        });
    }

    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        http.stop(0);
        ws.close();
    }
}
