package routes.livedata.schwab;

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

    StreamStatus(Clock clock, SchwabStreamer.State state, String detail) {
        this.clock = clock;
        this.state = state;
        this.detail = detail;
        this.since = clock.instant();
    }

    void set(SchwabStreamer.State s, String why) {
        if (s != state) {
            since = clock.instant();
        }
        state = s;
        detail = why;
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
