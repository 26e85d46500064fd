package routes.livedata.schwab;

import routes.livedata.FeedInterruptions;
import routes.livedata.Tick;

import java.time.Clock;
import java.time.Instant;

/** What the streamer is doing, written by its thread, read by health, the API and JMX. */
final class StreamStatus {

    private final Clock clock;
    private volatile SchwabStreamer.State state;
    private volatile String detail;
    private volatile Instant since;
    volatile Instant lastFrameAt;
    volatile Instant lastTickAt;
    volatile FeedInterruptions interruptions = FeedInterruptions.NONE;

    StreamStatus(Clock clock, SchwabStreamer.State state, String detail) {
        this.clock = clock;
        this.state = state;
        this.detail = detail;
        this.since = clock.instant();
    }

    void set(SchwabStreamer.State s, String why) {
        SchwabStreamer.State before = state;
        if (s != before) {
            since = clock.instant();
        }
        state = s;
        detail = why;
        if (s != before) {
            report(s, why);
        }
    }

    /**
     * The stream's gaps for the coverage ledger: streaming ends one; a lost connection or a dead login starts one.
     * The first connection after a start is not one (the app's own downtime is recorded from its heartbeat), and
     * neither is handing the stream to another instance (it ends the gap when it streams).
     */
    private void report(SchwabStreamer.State s, String why) {
        switch (s) {
            case STREAMING -> interruptions.resumed(Tick.SOURCE_SCHWAB, since);
            case WAITING_TO_RECONNECT, LOGIN_REQUIRED -> interruptions.stopped(Tick.SOURCE_SCHWAB, since, why);
            default -> { }
        }
    }

    SchwabStreamer.State state() {
        return state;
    }

    String detail() {
        return detail;
    }

    Instant since() {
        return since;
    }
}
