package routes.livedata.schwab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import routes.config.ThorProperties;
import routes.livedata.Tick;
import routes.livedata.TickSink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Schwab level-one stream, meant to stay up for weeks. One thread owns everything: it takes the
 * single-streamer lock, gets a token and the streamer address, logs in, waits for the acknowledgement,
 * then sends SUBS / ADD / UNSUBS one at a time, each after the previous one's response. Websocket frames,
 * control changes and stop requests all arrive on one queue, so no state is shared between threads.
 * <p>
 * Staying up: no frame for {@code heartbeat-timeout} means the link is dead; reconnects back off from
 * {@code backoff-min} doubling to {@code backoff-max} and start over after a stable connection; every
 * reconnect resubscribes everything. Code 3 refreshes the token first, code 12 (another connection took
 * over) waits {@code takeover-backoff}, code 30 with nothing subscribed goes idle instead of looping.
 */
@Component("schwabStreamer")
public class SchwabStreamer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SchwabStreamer.class);

    /** What the streamer is doing, for health and the status API. */
    public enum State { DISABLED, STANDBY, IDLE, CONNECTING, STREAMING, WAITING_TO_RECONNECT, LOGIN_REQUIRED, STOPPED }

    public record Status(State state, String detail, Instant since, boolean lockHeld, Instant lastFrameAt,
                         Instant lastTickAt, long framesIn, long ticksOut, long reconnects,
                         Instant accessTokenExpiresAt, Instant refreshTokenExpiresAt,
                         Map<String, List<String>> subscriptions) {
    }

    private sealed interface Event permits Frame, Closed, Failed, Wake, Stop {
    }

    private record Frame(long conn, String text) implements Event {
    }

    private record Closed(long conn, int code, String reason) implements Event {
    }

    private record Failed(long conn, Throwable error) implements Event {
    }

    /** Subscriptions changed or a new login arrived. */
    private record Wake() implements Event {
    }

    private record Stop() implements Event {
    }

    private enum Outcome { DROPPED, LOGIN_DENIED, TAKEN_OVER, STOPPED_EMPTY, LOST_LOCK, LOGIN_REQUIRED, STOPPING }

    private final ThorProperties.Schwab config;
    private final SchwabLogin login;
    private final StreamerLock lock;
    private final Subscriptions subscriptions;
    private final TickSink sink;
    private final StreamerMetrics metrics;
    private final Clock clock;
    private final QuoteState quotes;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final BlockingQueue<Event> inbox = new LinkedBlockingQueue<>();

    private volatile Thread thread;
    private volatile boolean running;
    private volatile State state = State.DISABLED;
    private volatile String detail = "thor.livedata.schwab.enabled=false";
    private volatile Instant since;
    private volatile boolean lockHeld;
    private volatile Instant lastFrameAt;
    private volatile Instant lastTickAt;

    // owned by the streamer thread
    private Duration nextBackoff;
    private long connections;
    private Instant lastLockOk = Instant.EPOCH;
    private Instant nextLockCheck = Instant.EPOCH;
    private int deniedInARow;

    public SchwabStreamer(ThorProperties props, SchwabLogin login, StreamerLock lock, Subscriptions subscriptions,
                          TickSink sink, StreamerMetrics metrics, Clock clock) {
        this.config = props.getLivedata().getSchwab();
        this.login = login;
        this.lock = lock;
        this.subscriptions = subscriptions;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.quotes = new QuoteState(metrics);
        this.http = HttpClient.newBuilder().connectTimeout(config.getHttpTimeout()).build();
        this.since = clock.instant();
        subscriptions.onChange(this::wake);
    }

    @Override
    public synchronized void start() {
        if (!config.isEnabled() || running) {
            return;
        }
        running = true;
        inbox.clear();
        login.reload();
        nextBackoff = config.getBackoffMin();
        deniedInARow = 0;
        Thread t = new Thread(this::run, "schwab-streamer");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public synchronized void stop() {
        Thread t = thread;
        if (t == null) {
            return;
        }
        running = false;
        inbox.add(new Stop());
        try {
            t.join(config.getHttpTimeout().toMillis() + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** Re-examine subscriptions and the login now (after a control change or a completed login). */
    public void wake() {
        if (thread != null) {
            inbox.add(new Wake());
        }
    }

    public Status status() {
        return new Status(state, detail, since, lockHeld, lastFrameAt, lastTickAt, metrics.frames(), metrics.ticksOut(),
                metrics.reconnects(), login.accessTokenExpiresAt().orElse(null),
                login.refreshTokenExpiresAt().orElse(null), subscriptions.view());
    }

    private void run() {
        log.info("Schwab streamer started: {}", subscriptions.view());
        try {
            while (running) {
                try {
                    step();
                } catch (RuntimeException e) {
                    log.error("Schwab streamer: unexpected failure, retrying after a pause", e);
                    pause(backoff(), false);
                }
            }
        } finally {
            try {
                if (lockHeld) {
                    lock.release();
                }
            } catch (RuntimeException e) {
                log.warn("Schwab streamer lock not released ({}); it lapses after its lease", e.toString());
            }
            lockHeld = false;
            setState(State.STOPPED, "the application is stopping");
        }
    }

    /** One pass: make sure we may and can stream, stream until the connection ends, then decide the wait. */
    private void step() {
        if (!holdLock()) {
            setState(State.STANDBY, "another instance holds " + lock.key());
            pause(lockCheckEvery(), false);
            return;
        }
        if (subscriptions.isEmpty()) {
            setState(State.IDLE, "no symbols to stream; add some through /api/livedata/schwab/subscriptions");
            pause(lockCheckEvery(), true);
            return;
        }
        Optional<String> token;
        try {
            token = login.accessToken();
        } catch (IOException e) {
            setState(State.WAITING_TO_RECONNECT, "token refresh failed: " + e.getMessage());
            pause(backoff(), false);
            return;
        }
        if (token.isEmpty()) {
            setState(State.LOGIN_REQUIRED, login.loginRequired());
            pause(config.getTokenCheckInterval(), true);
            return;
        }
        Outcome outcome = streamOnce(token.get());
        switch (outcome) {
            case DROPPED -> reconnectAfter(backoff(), "the connection was lost");
            case LOGIN_DENIED -> {
                deniedInARow++;
                if (deniedInARow >= 2) {
                    log.error("Schwab denied the stream login {} times in a row even with a fresh token; check that "
                            + "the app has the Market Data Production product", deniedInARow);
                }
                try {
                    if (!login.forceRefresh()) {
                        return; // the next step reports LOGIN_REQUIRED
                    }
                } catch (IOException e) {
                    log.warn("Schwab token refresh after a denied login failed: {}", e.getMessage());
                }
                reconnectAfter(backoff(), "the login was denied; the token was refreshed");
            }
            case TAKEN_OVER -> {
                log.warn("Schwab closed this stream because another connection on the same login took over (code "
                        + "12): is a second Thor or a script streaming with this login? Reconnecting in {}",
                        config.getTakeoverBackoff());
                reconnectAfter(config.getTakeoverBackoff(), "another connection on this Schwab login took over");
            }
            case STOPPED_EMPTY, LOST_LOCK, LOGIN_REQUIRED, STOPPING -> {
                // the next step finds the reason (no symbols, no lock, no login) and waits accordingly
            }
        }
    }

    private void reconnectAfter(Duration wait, String why) {
        metrics.reconnect();
        setState(State.WAITING_TO_RECONNECT, why + "; reconnecting in " + wait);
        pause(wait, false);
    }

    /** The next reconnect wait: doubles per failure up to the maximum. */
    private Duration backoff() {
        Duration d = nextBackoff;
        Duration doubled = d.multipliedBy(2);
        nextBackoff = doubled.compareTo(config.getBackoffMax()) > 0 ? config.getBackoffMax() : doubled;
        return d;
    }

    private Duration lockCheckEvery() {
        return config.getLockLease().dividedBy(3);
    }

    private boolean holdLock() {
        Instant now = clock.instant();
        nextLockCheck = now.plus(lockCheckEvery());
        try {
            lockHeld = lock.acquireOrRenew();
            if (lockHeld) {
                lastLockOk = now;
            }
        } catch (RuntimeException e) {
            // Redis away: keep streaming while our last lease still runs, nobody else can have it yet
            lockHeld = lockHeld && now.isBefore(lastLockOk.plus(config.getLockLease()));
            metrics.reject("lock-unavailable", e.toString());
        }
        return lockHeld;
    }

    /**
     * Waits, renewing the lock as time passes. Returns early on stop, and on a wake when
     * {@code wakeEarly} (idle or waiting for a login: a new symbol or login is the thing awaited).
     */
    private void pause(Duration d, boolean wakeEarly) {
        Instant until = clock.instant().plus(d);
        while (running) {
            Instant now = clock.instant();
            if (!now.isBefore(until)) {
                return;
            }
            if (!now.isBefore(nextLockCheck)) {
                holdLock();
            }
            Instant next = until.isBefore(nextLockCheck) ? until : nextLockCheck;
            Event e = take(Duration.between(now, next));
            if (e instanceof Stop) {
                running = false;
            } else if (e instanceof Wake && wakeEarly) {
                return;
            }
        }
    }

    private Event take(Duration wait) {
        try {
            return inbox.poll(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return new Stop();
        }
    }

    private Outcome streamOnce(String accessToken) {
        long conn = ++connections;
        setState(State.CONNECTING, "asking Schwab for the streamer address");
        StreamerInfo info;
        try {
            info = preferences(accessToken);
        } catch (TokenRejected e) {
            log.warn("Schwab turned the access token down on the user-preference call; refreshing it");
            return Outcome.LOGIN_DENIED;
        } catch (IOException e) {
            log.warn("Schwab user-preference call failed: {}", e.getMessage());
            return Outcome.DROPPED;
        }
        setState(State.CONNECTING, "connecting to " + info.socketUrl());
        WebSocket ws;
        try {
            ws = http.newWebSocketBuilder().connectTimeout(config.getHttpTimeout())
                    .buildAsync(URI.create(info.socketUrl()), new Listener(conn))
                    .get(config.getHttpTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return Outcome.STOPPING;
        } catch (Exception e) {
            log.warn("Schwab streamer connection to {} failed: {}", info.socketUrl(), rootMessage(e));
            return Outcome.DROPPED;
        }
        Connection c = new Connection(conn, ws, info);
        try {
            return c.run(accessToken);
        } finally {
            c.close();
        }
    }

    private static final class TokenRejected extends IOException {
        TokenRejected() {
            super("access token rejected");
        }
    }

    private StreamerInfo preferences(String accessToken) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.getApiBaseUrl() + "/trader/v1/userPreference"))
                .timeout(config.getHttpTimeout())
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (r.statusCode() == 401) {
            throw new TokenRejected();
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + r.statusCode());
        }
        JsonNode root = json.readTree(r.body());
        JsonNode s = root.path("streamerInfo");
        if (s.isArray()) {
            s = s.path(0); // one element even for several accounts (schwab-py#33)
        }
        String url = s.path("streamerSocketUrl").asText("");
        if (url.isEmpty()) {
            throw new IOException("the user preference has no streamerInfo.streamerSocketUrl");
        }
        return new StreamerInfo(url, s.path("schwabClientCustomerId").asText(""),
                s.path("schwabClientCorrelId").asText(""), s.path("schwabClientChannel").asText(""),
                s.path("schwabClientFunctionId").asText(""));
    }

    /** One websocket connection from LOGIN to its end. */
    private final class Connection {

        private record Request(String id, LevelOne service, String command, Set<String> keys, Instant sentAt) {
        }

        private final long conn;
        private final WebSocket ws;
        private final StreamerInfo info;
        private final Map<LevelOne, TreeSet<String>> applied = new EnumMap<>(LevelOne.class);
        private int requestIds;
        private Request outstanding;
        private Instant loggedInAt;
        private Instant lastFrame;
        private Instant nextTokenCheck;

        Connection(long conn, WebSocket ws, StreamerInfo info) {
            this.conn = conn;
            this.ws = ws;
            this.info = info;
            for (LevelOne s : LevelOne.values()) {
                applied.put(s, new TreeSet<>());
            }
        }

        Outcome run(String accessToken) {
            quotes.clear();
            lastFrame = clock.instant();
            nextTokenCheck = lastFrame.plus(config.getTokenCheckInterval());
            ObjectNode params = json.createObjectNode();
            params.put("Authorization", accessToken);
            params.put("SchwabClientChannel", info.channel());
            params.put("SchwabClientFunctionId", info.functionId());
            send(null, "LOGIN", Set.of(), params);
            while (true) {
                Instant deadline = earliest(lastFrame.plus(config.getHeartbeatTimeout()), nextLockCheck, nextTokenCheck,
                        outstanding == null ? null : outstanding.sentAt().plus(config.getCommandTimeout()));
                Event e = take(Duration.between(clock.instant(), deadline));
                Outcome o = e == null ? null : handle(e);
                if (o == null) {
                    o = checkTime();
                }
                if (o != null) {
                    if (loggedInAt != null && !clock.instant().isBefore(loggedInAt.plus(config.getStableAfter()))) {
                        nextBackoff = config.getBackoffMin(); // a stable connection: the next failure is a fresh one
                    }
                    return o;
                }
            }
        }

        private Outcome handle(Event e) {
            if (e instanceof Stop) {
                running = false;
                return Outcome.STOPPING;
            }
            if (e instanceof Wake) {
                pump();
                return null;
            }
            if (e instanceof Frame f && f.conn() == conn) {
                lastFrame = clock.instant();
                lastFrameAt = lastFrame;
                metrics.frame();
                return onFrame(f.text());
            }
            if (e instanceof Closed c && c.conn() == conn) {
                log.warn("Schwab closed the stream (websocket close {} {})", c.code(), c.reason());
                return Outcome.DROPPED;
            }
            if (e instanceof Failed f && f.conn() == conn) {
                log.warn("Schwab stream failed: {}", rootMessage(f.error()));
                return Outcome.DROPPED;
            }
            return null; // a late event of an earlier connection
        }

        private Outcome checkTime() {
            Instant now = clock.instant();
            if (!now.isBefore(lastFrame.plus(config.getHeartbeatTimeout()))) {
                log.warn("Schwab stream silent for {} (no data, heartbeat or response): reconnecting",
                        config.getHeartbeatTimeout());
                return Outcome.DROPPED;
            }
            if (outstanding != null && !now.isBefore(outstanding.sentAt().plus(config.getCommandTimeout()))) {
                log.warn("Schwab did not answer {} {} within {}: reconnecting", outstanding.command(),
                        outstanding.service() == null ? "ADMIN" : outstanding.service().service, config.getCommandTimeout());
                return Outcome.DROPPED;
            }
            if (!now.isBefore(nextLockCheck) && !holdLock()) {
                log.warn("Schwab streamer lock {} lost to another instance: closing this stream", lock.key());
                return Outcome.LOST_LOCK;
            }
            if (!now.isBefore(nextTokenCheck)) {
                nextTokenCheck = now.plus(config.getTokenCheckInterval());
                try {
                    if (login.accessToken().isEmpty()) {
                        return Outcome.LOGIN_REQUIRED;
                    }
                } catch (IOException ex) {
                    log.warn("Schwab token refresh failed, will retry: {}", ex.getMessage());
                }
            }
            return null;
        }

        /** No frame, whatever its shape, ends the connection by an exception: data never drops the link. */
        private Outcome onFrame(String text) {
            try {
                return readFrame(text);
            } catch (RuntimeException ex) {
                metrics.reject("bad-frame", ex + " in " + text);
                return null;
            }
        }

        private Outcome readFrame(String text) {
            JsonNode root;
            try {
                root = json.readTree(text);
            } catch (IOException ex) {
                metrics.reject("not-json", text);
                return null;
            }
            if (root == null || !root.isObject()
                    || !(root.has("response") || root.has("notify") || root.has("data"))) {
                metrics.reject("unknown-message", text);
                return null;
            }
            Outcome o = null;
            for (JsonNode r : part(root, "response")) {
                o = first(o, onResponse(r));
            }
            for (JsonNode n : part(root, "notify")) {
                o = first(o, onNotify(n));
            }
            onData(part(root, "data"));
            return o;
        }

        /** A part of a frame is a list; anything else ({"data":5}) is counted, not silently skipped. */
        private Iterable<JsonNode> part(JsonNode root, String name) {
            JsonNode p = root.path(name);
            if (p.isMissingNode() || p.isArray()) {
                return p;
            }
            metrics.reject("unknown-message", name + ": " + p);
            return List.of();
        }

        private Outcome onResponse(JsonNode r) {
            int code = r.path("content").path("code").asInt(-1);
            String msg = r.path("content").path("msg").asText("");
            if (code == 12) {
                return Outcome.TAKEN_OVER;
            }
            if (code == 30) {
                return stopped(msg);
            }
            String id = r.path("requestid").asText("");
            if (outstanding == null || !outstanding.id().equals(id)) {
                metrics.reject("unexpected-response", r.toString());
                return null;
            }
            Request done = outstanding;
            outstanding = null;
            if ("LOGIN".equals(done.command())) {
                if (code == 0) {
                    loggedInAt = clock.instant();
                    deniedInARow = 0;
                    setState(State.STREAMING, "logged in (" + msg + ")");
                    log.info("Schwab stream logged in ({})", msg);
                    pump();
                    return null;
                }
                if (code == 3) {
                    log.warn("Schwab denied the stream login: {}", msg);
                    return Outcome.LOGIN_DENIED;
                }
                log.warn("Schwab stream login failed: code {} {}", code, msg);
                return Outcome.DROPPED;
            }
            boolean ok = code == 0 || (code >= 26 && code <= 29);
            TreeSet<String> have = applied.get(done.service());
            if ("UNSUBS".equals(done.command())) {
                if (!ok) {
                    log.warn("Schwab refused UNSUBS {} {}: code {} {}; treating them as gone", done.service().service,
                            done.keys(), code, msg);
                }
                have.removeAll(done.keys());
                quotes.forget(done.service(), done.keys());
            } else if (ok) {
                have.addAll(done.keys());
            } else {
                log.warn("Schwab refused {} {} {}: code {} {}; these symbols are dropped from the subscriptions",
                        done.command(), done.service().service, done.keys(), code, msg);
                subscriptions.remove(done.service(), done.keys());
            }
            if (code == 20) {
                return Outcome.DROPPED; // Schwab no longer knows this connection
            }
            pump();
            return null;
        }

        private Outcome onNotify(JsonNode n) {
            if (n.has("heartbeat")) {
                return null;
            }
            int code = n.path("content").path("code").asInt(-1);
            String msg = n.path("content").path("msg").asText("");
            if (code == 12) {
                return Outcome.TAKEN_OVER;
            }
            if (code == 30) {
                return stopped(msg);
            }
            metrics.reject("unknown-notice", n.toString());
            return null;
        }

        private Outcome stopped(String msg) {
            if (subscriptions.isEmpty()) {
                log.info("Schwab stopped the stream ({}): nothing is subscribed, so the streamer idles until a "
                        + "symbol is added", msg);
                return Outcome.STOPPED_EMPTY;
            }
            log.warn("Schwab stopped the stream (code 30: {}) although symbols are subscribed", msg);
            return Outcome.DROPPED;
        }

        private void onData(Iterable<JsonNode> data) {
            List<Tick> ticks = new ArrayList<>();
            for (JsonNode d : data) {
                LevelOne service = LevelOne.of(d.path("service").asText(""));
                if (service == null) {
                    metrics.reject("unknown-service", d.path("service").asText("(none)"));
                    continue;
                }
                JsonNode sent = d.path("timestamp");
                Instant sentAt = sent.canConvertToLong() ? Instant.ofEpochMilli(sent.asLong()) : clock.instant();
                JsonNode content = d.path("content");
                if (!content.isArray()) {
                    metrics.reject("bad-data", d.toString());
                    continue;
                }
                for (JsonNode item : content) {
                    if (!item.isObject()) {
                        metrics.reject("bad-data", item.toString());
                        continue;
                    }
                    try {
                        Tick t = quotes.merge(service, item, sentAt);
                        if (t != null) {
                            ticks.add(t);
                        }
                    } catch (RuntimeException ex) {
                        // a bug must cost this item only, never its neighbours or the connection
                        metrics.reject("bad-item", ex + " in " + item);
                    }
                }
            }
            if (ticks.isEmpty()) {
                return;
            }
            try {
                sink.publish(ticks);
                metrics.ticks(ticks.size());
                lastTickAt = clock.instant();
            } catch (RuntimeException ex) {
                metrics.reject("sink-failed", ex.toString());
            }
        }

        /** Brings Schwab in line with the wanted symbols, one command at a time. */
        private void pump() {
            if (loggedInAt == null || outstanding != null) {
                return;
            }
            for (LevelOne s : LevelOne.values()) {
                TreeSet<String> want = new TreeSet<>(subscriptions.get(s));
                TreeSet<String> have = applied.get(s);
                TreeSet<String> add = new TreeSet<>(want);
                add.removeAll(have);
                if (!add.isEmpty()) {
                    ObjectNode p = keys(add);
                    p.put("fields", s.fields);
                    baseline(s, add);
                    send(s, have.isEmpty() ? "SUBS" : "ADD", add, p);
                    return;
                }
                TreeSet<String> drop = new TreeSet<>(have);
                drop.removeAll(want);
                if (!drop.isEmpty()) {
                    send(s, "UNSUBS", drop, keys(drop));
                    return;
                }
            }
        }

        /**
         * Schwab answers SUBS and ADD with the whole quote again, last trade included: for the sink that is a
         * baseline, not a trade (CONTRACT §5). Said before the command goes out, so it precedes the resend.
         */
        private void baseline(LevelOne s, Set<String> keys) {
            try {
                sink.baseline(Tick.SOURCE_SCHWAB, keys.stream().map(s::symbolOf).toList());
            } catch (RuntimeException ex) {
                metrics.reject("baseline-failed", ex.toString());
            }
        }

        private ObjectNode keys(Set<String> keys) {
            ObjectNode p = json.createObjectNode();
            p.put("keys", String.join(",", keys));
            return p;
        }

        private void send(LevelOne service, String command, Set<String> keys, ObjectNode parameters) {
            String id = Integer.toString(requestIds++);
            ObjectNode r = json.createObjectNode();
            r.put("service", service == null ? "ADMIN" : service.service);
            r.put("command", command);
            r.put("requestid", id);
            r.put("SchwabClientCustomerId", info.customerId());
            r.put("SchwabClientCorrelId", info.correlId());
            r.set("parameters", parameters);
            ObjectNode envelope = json.createObjectNode();
            ArrayNode requests = envelope.putArray("requests");
            requests.add(r);
            outstanding = new Request(id, service, command, Set.copyOf(keys), clock.instant());
            try {
                ws.sendText(json.writeValueAsString(envelope), true)
                        .get(config.getHttpTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                inbox.add(new Stop());
            } catch (Exception ex) {
                inbox.add(new Failed(conn, ex));
            }
        }

        void close() {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the socket may be gone already; abort below ends it either way
            }
            ws.abort();
        }
    }

    /** Websocket callbacks only queue what happened; the streamer thread does the work. */
    private final class Listener implements WebSocket.Listener {
        private final long conn;
        private final StringBuilder partial = new StringBuilder();

        Listener(long conn) {
            this.conn = conn;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(new Frame(conn, partial.toString()));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            inbox.add(new Closed(conn, statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            inbox.add(new Failed(conn, error));
        }
    }

    private void setState(State s, String why) {
        if (s != state) {
            since = clock.instant();
        }
        state = s;
        detail = why;
    }

    private static Instant earliest(Instant... times) {
        Instant min = null;
        for (Instant t : times) {
            if (t != null && (min == null || t.isBefore(min))) {
                min = t;
            }
        }
        return min;
    }

    private static Outcome first(Outcome a, Outcome b) {
        return a != null ? a : b;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }
}
