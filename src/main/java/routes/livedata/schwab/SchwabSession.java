package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.livedata.Tick;
import routes.livedata.schwab.Inbox.Closed;
import routes.livedata.schwab.Inbox.Event;
import routes.livedata.schwab.Inbox.Failed;
import routes.livedata.schwab.Inbox.Frame;
import routes.livedata.schwab.Inbox.Stop;
import routes.livedata.schwab.Inbox.Wake;

import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One websocket connection from LOGIN to its end (reference A2): waits for the LOGIN acknowledgement, then
 * brings Schwab in line with the wanted symbols one command at a time, each after the previous one's response
 * (the level-one services first, then the chart services when charts are on); reads every frame; ends on a close,
 * a failure, silence, an unanswered command, a dead login or a stop. A chart service that Schwab refuses costs
 * its chart only: the refusal is logged once (counted as {@code chart-refused}), those keys are not asked again on
 * this connection, and level-one streams on.
 */
final class SchwabSession {

    private static final Logger log = LoggerFactory.getLogger(SchwabSession.class);

    /** Why a connection ended: the streamer decides the wait from it. */
    enum Outcome { DROPPED, LOGIN_DENIED, TAKEN_OVER, STOPPED_EMPTY, LOGIN_REQUIRED, STOPPING }

    /** What a session uses of the streamer that owns it. */
    record Context(SchwabProperties config, Clock clock, ObjectMapper json, StreamerMetrics metrics,
                   Subscriptions subscriptions, SchwabLogin login, LevelOneFrames frames, Inbox inbox,
                   StreamStatus status, ReconnectPolicy policy) {
    }

    /** A command waiting for its response: {@code levelOne} or {@code chart} is its service (neither for LOGIN). */
    private record Request(String id, String service, LevelOne levelOne, Chart chart, String command, Set<String> keys,
                           Instant sentAt) {
    }

    private final Context cx;
    private final TickPublisher out;
    private final long conn;
    private final WebSocket ws;
    private final StreamerInfo info;
    /** What Schwab has subscribed on this connection, by service name. */
    private final Map<String, TreeSet<String>> applied = new HashMap<>();
    /** Chart keys Schwab refused on this connection: not asked again until the next one. */
    private final Map<Chart, TreeSet<String>> refused = new EnumMap<>(Chart.class);
    private int requestIds;
    private Request outstanding;
    private Instant loggedInAt;
    private Instant lastFrame;
    private Instant nextTokenCheck;

    SchwabSession(Context cx, TickPublisher out, long conn, WebSocket ws, StreamerInfo info) {
        this.cx = cx;
        this.out = out;
        this.conn = conn;
        this.ws = ws;
        this.info = info;
        for (LevelOne s : LevelOne.values()) {
            applied.put(s.service, new TreeSet<>());
        }
        for (Chart c : Chart.values()) {
            applied.put(c.service, new TreeSet<>());
            refused.put(c, new TreeSet<>());
        }
    }

    /** The websocket callbacks of connection {@code conn}: they only queue what happened. */
    static WebSocket.Listener listener(long conn, Inbox inbox) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

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
        };
    }

    Instant loggedInAt() {
        return loggedInAt;
    }

    Outcome run(String accessToken) {
        cx.frames().clear();
        lastFrame = cx.clock().instant();
        nextTokenCheck = lastFrame.plus(cx.config().tokenCheckInterval());
        ObjectNode params = cx.json().createObjectNode();
        params.put("Authorization", accessToken);
        params.put("SchwabClientChannel", info.channel());
        params.put("SchwabClientFunctionId", info.functionId());
        send(null, null, "LOGIN", Set.of(), params);
        while (true) {
            Instant deadline = earliest(lastFrame.plus(cx.config().heartbeatTimeout()), nextTokenCheck,
                    outstanding == null ? null : outstanding.sentAt().plus(cx.config().commandTimeout()));
            Event e = cx.inbox().take(Duration.between(cx.clock().instant(), deadline));
            Outcome o = e == null ? null : handle(e);
            if (o == null) {
                o = checkTime();
            }
            if (o != null) {
                cx.policy().ended(loggedInAt, cx.clock().instant());
                return o;
            }
        }
    }

    private Outcome handle(Event e) {
        if (e instanceof Stop) {
            return Outcome.STOPPING;
        }
        if (e instanceof Wake) {
            pump();
            return null;
        }
        if (e instanceof Frame f && f.conn() == conn) {
            lastFrame = cx.clock().instant();
            cx.status().lastFrameAt = lastFrame;
            cx.metrics().frame();
            return onFrame(f.text());
        }
        if (e instanceof Closed c && c.conn() == conn) {
            log.warn("Schwab closed the stream (websocket close {} {})", c.code(), c.reason());
            return Outcome.DROPPED;
        }
        if (e instanceof Failed f && f.conn() == conn) {
            log.warn("Schwab stream failed: {}", SchwabStreamer.rootMessage(f.error()));
            return Outcome.DROPPED;
        }
        return null; // a late event of an earlier connection
    }

    private Outcome checkTime() {
        Instant now = cx.clock().instant();
        if (!now.isBefore(lastFrame.plus(cx.config().heartbeatTimeout()))) {
            log.warn("Schwab stream silent for {} (no data, heartbeat or response): reconnecting",
                    cx.config().heartbeatTimeout());
            return Outcome.DROPPED;
        }
        if (outstanding != null && !now.isBefore(outstanding.sentAt().plus(cx.config().commandTimeout()))) {
            log.warn("Schwab did not answer {} {} within {}: reconnecting", outstanding.command(),
                    outstanding.service(), cx.config().commandTimeout());
            return Outcome.DROPPED;
        }
        if (!now.isBefore(nextTokenCheck)) {
            nextTokenCheck = now.plus(cx.config().tokenCheckInterval());
            try {
                if (cx.login().accessToken().isEmpty()) {
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
            cx.metrics().reject("bad-frame", ex + " in " + text);
            return null;
        }
    }

    private Outcome readFrame(String text) {
        JsonNode root;
        try {
            root = cx.json().readTree(text);
        } catch (IOException ex) {
            cx.metrics().reject("not-json", text);
            return null;
        }
        if (root == null || !root.isObject() || !(root.has("response") || root.has("notify") || root.has("data"))) {
            cx.metrics().reject("unknown-message", text);
            return null;
        }
        Outcome o = null;
        for (JsonNode r : part(root, "response")) {
            Outcome next = onResponse(r);
            o = o != null ? o : next;
        }
        for (JsonNode n : part(root, "notify")) {
            Outcome next = onNotify(n);
            o = o != null ? o : next;
        }
        List<JsonNode> levelOne = new ArrayList<>();
        List<JsonNode> charts = new ArrayList<>();
        for (JsonNode d : part(root, "data")) {
            boolean chart = d.path("service").isTextual() && Chart.of(d.path("service").asText()) != null;
            (chart ? charts : levelOne).add(d);
        }
        List<Tick> ticks = cx.frames().ticks(levelOne);
        if (!ticks.isEmpty()) {
            out.publish(ticks);
            cx.metrics().ticks(ticks.size());
            cx.status().lastTickAt = cx.clock().instant();
        }
        for (JsonNode d : charts) {
            chart(d);
        }
        return o;
    }

    /**
     * A CHART data entry goes on as Schwab sent it: the cross-check reads its items (a broken one costs that item
     * only). Here only its shape is checked; a failure in the route costs this entry, never the link.
     */
    private void chart(JsonNode entry) {
        if (!entry.path("content").isArray()) {
            cx.metrics().reject("bad-data", entry.toString());
            return;
        }
        try {
            out.chart(entry);
            cx.metrics().chart();
        } catch (RuntimeException ex) {
            cx.metrics().reject("chart-failed", ex + " in " + entry);
        }
    }

    /** A part of a frame is a list; anything else ({"data":5}) is counted, not silently skipped. */
    private Iterable<JsonNode> part(JsonNode root, String name) {
        JsonNode p = root.path(name);
        if (p.isMissingNode() || p.isArray()) {
            return p;
        }
        cx.metrics().reject("unknown-message", name + ": " + p);
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
            cx.metrics().reject("unexpected-response", r.toString());
            return null;
        }
        Request done = outstanding;
        outstanding = null;
        if ("LOGIN".equals(done.command())) {
            if (code == 0) {
                loggedInAt = cx.clock().instant();
                cx.policy().loggedIn();
                cx.status().set(SchwabStreamer.State.STREAMING, "logged in (" + msg + ")");
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
        if (done.chart() != null) {
            onChartResponse(done, ok, code, msg, have);
        } else if ("UNSUBS".equals(done.command())) {
            if (!ok) {
                log.warn("Schwab refused UNSUBS {} {}: code {} {}; treating them as gone", done.service(),
                        done.keys(), code, msg);
            }
            have.removeAll(done.keys());
            cx.frames().forget(done.levelOne(), done.keys());
        } else if (ok) {
            have.addAll(done.keys());
        } else {
            log.warn("Schwab refused {} {} {}: code {} {}; these symbols are dropped from the subscriptions",
                    done.command(), done.service(), done.keys(), code, msg);
            cx.subscriptions().remove(done.levelOne(), done.keys());
        }
        if (code == 20) {
            return Outcome.DROPPED; // Schwab no longer knows this connection
        }
        pump();
        return null;
    }

    /**
     * A chart command's answer. A refusal (e.g. code 11, service not available) leaves the level-one subscriptions
     * alone: it is logged once, counted, and the keys are not asked again on this connection.
     */
    private void onChartResponse(Request done, boolean ok, int code, String msg, TreeSet<String> have) {
        if ("UNSUBS".equals(done.command())) {
            have.removeAll(done.keys());
        } else if (ok) {
            have.addAll(done.keys());
        } else {
            refused.get(done.chart()).addAll(done.keys());
        }
        if (!ok) {
            cx.metrics().reject("chart-refused", done.command() + " " + done.service() + " " + done.keys() + ": code "
                    + code + " " + msg + "; level-one streams on, the chart is asked again after the next reconnect");
        }
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
        cx.metrics().reject("unknown-notice", n.toString());
        return null;
    }

    private Outcome stopped(String msg) {
        if (cx.subscriptions().isEmpty()) {
            log.info("Schwab stopped the stream ({}): nothing is subscribed, so the streamer idles until a "
                    + "symbol is added", msg);
            return Outcome.STOPPED_EMPTY;
        }
        log.warn("Schwab stopped the stream (code 30: {}) although symbols are subscribed", msg);
        return Outcome.DROPPED;
    }

    /** Brings Schwab in line with the wanted symbols, one command at a time. */
    private void pump() {
        if (loggedInAt == null || outstanding != null) {
            return;
        }
        for (LevelOne s : LevelOne.values()) {
            if (bringInLine(s, null, cx.subscriptions().get(s))) {
                return;
            }
        }
        for (Chart c : Chart.values()) {
            TreeSet<String> want = new TreeSet<>(cx.subscriptions().get(c));
            want.removeAll(refused.get(c));
            if (bringInLine(null, c, want)) {
                return;
            }
        }
    }

    /** Sends the one command that brings a service closer to {@code want}; false when it is there already. */
    private boolean bringInLine(LevelOne s, Chart c, Set<String> want) {
        String service = s != null ? s.service : c.service;
        TreeSet<String> have = applied.get(service);
        TreeSet<String> add = new TreeSet<>(want);
        add.removeAll(have);
        if (!add.isEmpty()) {
            ObjectNode p = keys(add);
            p.put("fields", s != null ? s.fields : c.fields);
            if (s != null) {
                baseline(s, add);
            }
            send(s, c, have.isEmpty() ? "SUBS" : "ADD", add, p);
            return true;
        }
        TreeSet<String> drop = new TreeSet<>(have);
        drop.removeAll(want);
        if (!drop.isEmpty()) {
            send(s, c, "UNSUBS", drop, keys(drop));
            return true;
        }
        return false;
    }

    /**
     * Schwab answers SUBS and ADD with the whole quote again, last trade included: for the sink that is a
     * baseline, not a trade (CONTRACT §5). Said before the command goes out, so it precedes the resend.
     */
    private void baseline(LevelOne s, Set<String> keys) {
        try {
            out.baseline(keys.stream().map(s::symbolOf).toList());
        } catch (RuntimeException ex) {
            cx.metrics().reject("baseline-failed", ex.toString());
        }
    }

    private ObjectNode keys(Set<String> keys) {
        ObjectNode p = cx.json().createObjectNode();
        p.put("keys", String.join(",", keys));
        return p;
    }

    private void send(LevelOne levelOne, Chart chart, String command, Set<String> keys, ObjectNode parameters) {
        String id = Integer.toString(requestIds++);
        String service = levelOne != null ? levelOne.service : chart != null ? chart.service : "ADMIN";
        ObjectNode r = cx.json().createObjectNode();
        r.put("service", service);
        r.put("command", command);
        r.put("requestid", id);
        r.put("SchwabClientCustomerId", info.customerId());
        r.put("SchwabClientCorrelId", info.correlId());
        r.set("parameters", parameters);
        ObjectNode envelope = cx.json().createObjectNode();
        ArrayNode requests = envelope.putArray("requests");
        requests.add(r);
        outstanding = new Request(id, service, levelOne, chart, command, Set.copyOf(keys), cx.clock().instant());
        try {
            ws.sendText(cx.json().writeValueAsString(envelope), true)
                    .get(cx.config().httpTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            cx.inbox().add(new Stop());
        } catch (Exception ex) {
            cx.inbox().add(new Failed(conn, ex));
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

    private static Instant earliest(Instant... times) {
        Instant min = null;
        for (Instant t : times) {
            if (t != null && (min == null || t.isBefore(min))) {
                min = t;
            }
        }
        return min;
    }
}
