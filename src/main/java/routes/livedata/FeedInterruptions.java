package routes.livedata;

import java.time.Instant;

/**
 * Told when a source stops delivering and when it delivers again, so the minutes it missed can be told from
 * minutes without trades (and filled from history). The sources only report; what is recorded, and where,
 * belongs to the coverage ledger ({@code routes.coverage.Interruptions}). Calls are idempotent and never throw
 * at the feed.
 */
public interface FeedInterruptions {

    /** The source stopped delivering at {@code at} (a stream disconnected, a file unreadable). */
    void stopped(String source, Instant at, String reason);

    /** The source delivers again from {@code at}. */
    void resumed(String source, Instant at);

    /** For sources built outside Spring (benchmarks, unit tests). */
    FeedInterruptions NONE = new FeedInterruptions() {
        @Override
        public void stopped(String source, Instant at, String reason) {
        }

        @Override
        public void resumed(String source, Instant at) {
        }
    };
}
