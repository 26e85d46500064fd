package routes.livedata.schwab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;
import routes.livedata.schwab.Inbox.Event;
import routes.livedata.schwab.Inbox.Stop;
import routes.livedata.schwab.Inbox.Wake;
import routes.livedata.schwab.SchwabSession.Outcome;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Schwab level-one stream, meant to stay up for weeks. It runs while the {@code schwab:} consumer of the
 * route {@code livedata-schwab-stream} runs, which the cluster starts on one instance only ({@code master:}):
 * Schwab allows one streamer connection per login. One thread owns everything: it gets a token and the
 * streamer address, and runs one {@link SchwabSession} after another; websocket frames, control changes and
 * stop requests all arrive on one {@link Inbox}.
 * <p>
 * Staying up: no frame for {@code heartbeat-timeout} means the link is dead; reconnects follow the
 * {@link ReconnectPolicy}; every reconnect resubscribes everything. Code 3 refreshes the token first, code 12
 * (another connection took over) waits {@code takeover-backoff}, code 30 with nothing subscribed goes idle
 * instead of looping.
 */
@Component("schwabStreamer")
public class SchwabStreamer {

    private static final Logger log = LoggerFactory.getLogger(SchwabStreamer.class);

    /** What the streamer is doing, for health and the status API. */
    public enum State { DISABLED, STANDBY, IDLE, CONNECTING, STREAMING, WAITING_TO_RECONNECT, LOGIN_REQUIRED, STOPPED }

    /** {@code streamingHere}: this instance runs the stream (it leads the cluster's {@code schwab} namespace). */
    public record Status(State state, String detail, Instant since, boolean streamingHere, Instant lastFrameAt,
                         Instant lastTickAt, long framesIn, long ticksOut, long reconnects,
                         Instant accessTokenExpiresAt, Instant refreshTokenExpiresAt,
                         Map<String, List<String>> subscriptions) {
    }

    static final String NOT_HERE = "not streaming on this instance: the route livedata-schwab-stream is stopped, "
            + "or another instance leads the cluster's schwab namespace";

    private final SchwabProperties config;
    private final SchwabLogin login;
    private final Subscriptions subscriptions;
    private final StreamerMetrics metrics;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final Inbox inbox = new Inbox();
    private final StreamStatus status;
    private final ReconnectPolicy policy;
    private final SchwabSession.Context session;

    private volatile Thread thread;
    private volatile boolean running;
    private volatile TickPublisher out;
    private long connections;

    public SchwabStreamer(LiveDataProperties props, SchwabLogin login, Subscriptions subscriptions, StreamerMetrics metrics,
                          Clock clock) {
        this.config = props.schwab();
        this.login = login;
        this.subscriptions = subscriptions;
        this.metrics = metrics;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.httpTimeout()).build();
        this.status = config.enabled() ? new StreamStatus(clock, State.STANDBY, NOT_HERE)
                : new StreamStatus(clock, State.DISABLED, "thor.livedata.schwab.enabled=false");
        this.policy = new ReconnectPolicy(config);
        this.session = new SchwabSession.Context(config, clock, json, metrics, subscriptions, login,
                new LevelOneFrames(new QuoteState(metrics), metrics, clock), inbox, status, policy);
        subscriptions.onChange(this::wake);
    }

    /** Where the stream's gaps are reported (the coverage ledger). */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setInterruptions(routes.livedata.FeedInterruptions interruptions) {
        status.interruptions = interruptions;
    }

    /**
     * Starts streaming into {@code out}: the {@code schwab:} consumer does, when its route runs here. A thread of
     * an earlier run that outlived its stop is ended first: one thread, and only one, takes from the inbox, or
     * it would take the new connection's frames and closes for a connection it does not hold.
     */
    synchronized void start(TickPublisher out) {
        if (running) {
            return;
        }
        Thread previous = thread;
        if (previous != null && previous.isAlive()) {
            log.warn("Schwab streamer: the thread of the previous run is still alive; ending it before starting");
            end(previous);
        }
        this.out = out;
        running = true;
        inbox.clear();
        login.reload();
        policy.reset();
        Thread t = new Thread(this::run, "schwab-streamer");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Ends the stream (logs out by closing the socket) and waits for the thread. */
    synchronized void stop() {
        Thread t = thread;
        if (t == null || !running) {
            return;
        }
        running = false;
        inbox.add(new Stop());
        if (!end(t)) {
            log.error("Schwab streamer: the stream thread did not end within {} of the stop; the next start ends it "
                    + "before streaming again", stopWait().multipliedBy(2));
        }
        status.set(config.enabled() ? State.STANDBY : State.DISABLED, NOT_HERE);
    }

    /**
     * Waits for the thread to end after a stop; a thread busy past the wait (a slow HTTP call, a slow route) is
     * interrupted, which ends every wait of its, and waited for again. True when it ended.
     */
    private boolean end(Thread t) {
        long wait = stopWait().toMillis();
        try {
            t.join(wait);
            if (t.isAlive()) {
                t.interrupt();
                t.join(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /** How long a stop waits for the thread, once before and once after interrupting it: an HTTP call's timeout and some. */
    private Duration stopWait() {
        return config.httpTimeout().plusSeconds(2);
    }

    /** The calling thread is the stream's current one and has not been told to stop. */
    private boolean mine() {
        return running && thread == Thread.currentThread();
    }

    public boolean isRunning() {
        return running;
    }

    /** Re-examine subscriptions and the login now (after a control change or a completed login). */
    public void wake() {
        if (running) {
            inbox.add(new Wake());
        }
    }

    public Status status() {
        return new Status(status.state(), status.detail(), status.since(), isRunning(), status.lastFrameAt,
                status.lastTickAt, metrics.frames(), metrics.ticksOut(), metrics.reconnects(),
                login.accessTokenExpiresAt().orElse(null), login.refreshTokenExpiresAt().orElse(null),
                subscriptions.view());
    }

    private void run() {
        log.info("Schwab streamer started: {}", subscriptions.view());
        try {
            while (mine()) {
                try {
                    step();
                } catch (RuntimeException e) {
                    log.error("Schwab streamer: unexpected failure, retrying after a pause", e);
                    pause(policy.backoff(), false);
                }
            }
        } finally {
            if (thread == Thread.currentThread()) {
                status.set(State.STOPPED, "stopping");
            }
        }
    }

    /** One pass: make sure we can stream, stream until the connection ends, then decide the wait. */
    private void step() {
        if (subscriptions.isEmpty()) {
            status.set(State.IDLE, "no symbols to stream; add some through /api/livedata/schwab/subscriptions");
            pause(config.tokenCheckInterval(), true);
            return;
        }
        Optional<String> token;
        try {
            token = login.accessToken();
        } catch (IOException e) {
            status.set(State.WAITING_TO_RECONNECT, "token refresh failed: " + e.getMessage());
            pause(policy.backoff(), false);
            return;
        }
        if (token.isEmpty()) {
            status.set(State.LOGIN_REQUIRED, login.loginRequired());
            pause(config.tokenCheckInterval(), true);
            return;
        }
        Outcome outcome = streamOnce(token.get());
        switch (outcome) {
            case DROPPED -> reconnectAfter(policy.backoff(), "the connection was lost");
            case LOGIN_DENIED -> {
                int denied = policy.denied();
                if (denied >= 2) {
                    log.error("Schwab denied the stream login {} times in a row even with a fresh token; check that "
                            + "the app has the Market Data Production product", denied);
                }
                try {
                    if (!login.forceRefresh()) {
                        return; // the next step reports LOGIN_REQUIRED
                    }
                } catch (IOException e) {
                    log.warn("Schwab token refresh after a denied login failed: {}", e.getMessage());
                }
                reconnectAfter(policy.backoff(), "the login was denied; the token was refreshed");
            }
            case TAKEN_OVER -> {
                log.warn("Schwab closed this stream because another connection on the same login took over (code "
                        + "12): is a second Thor cluster or a script streaming with this login? Reconnecting in {}",
                        policy.takeover());
                reconnectAfter(policy.takeover(), "another connection on this Schwab login took over");
            }
            case STOPPING -> {
                // stop() cleared the run: the loop ends (a thread told to end by a new start ends too)
            }
            case STOPPED_EMPTY, LOGIN_REQUIRED -> {
                // the next step finds the reason (no symbols, no login) and waits accordingly
            }
        }
    }

    private void reconnectAfter(Duration wait, String why) {
        metrics.reconnect();
        status.set(State.WAITING_TO_RECONNECT, why + "; reconnecting in " + wait);
        pause(wait, false);
    }

    /**
     * Waits. Returns early on stop, and on a wake when {@code wakeEarly} (idle or waiting for a login: a new
     * symbol or login is the thing awaited).
     */
    private void pause(Duration d, boolean wakeEarly) {
        Instant until = clock.instant().plus(d);
        while (mine()) {
            Instant now = clock.instant();
            if (!now.isBefore(until)) {
                return;
            }
            Event e = inbox.take(Duration.between(now, until));
            if (e instanceof Stop) {
                return; // stop() cleared the run: the loop ends
            } else if (e instanceof Wake && wakeEarly) {
                return;
            }
        }
    }

    private Outcome streamOnce(String accessToken) {
        long conn = ++connections;
        status.set(State.CONNECTING, "asking Schwab for the streamer address");
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
        status.set(State.CONNECTING, "connecting to " + info.socketUrl());
        WebSocket ws;
        try {
            ws = http.newWebSocketBuilder().connectTimeout(config.httpTimeout())
                    .buildAsync(URI.create(info.socketUrl()), SchwabSession.listener(conn, inbox))
                    .get(config.httpTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.STOPPING;
        } catch (Exception e) {
            log.warn("Schwab streamer connection to {} failed: {}", info.socketUrl(), rootMessage(e));
            return Outcome.DROPPED;
        }
        SchwabSession s = new SchwabSession(session, out, conn, ws, info);
        try {
            return s.run(accessToken);
        } finally {
            s.close();
        }
    }

    private static final class TokenRejected extends IOException {
        TokenRejected() {
            super("access token rejected");
        }
    }

    /** The streamer bootstrap (reference A1.2), fetched again before every connection. */
    private StreamerInfo preferences(String accessToken) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.apiBaseUrl() + "/trader/v1/userPreference"))
                .timeout(config.httpTimeout())
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

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }
}
