package routes.livedata.schwab;


import java.time.Duration;
import java.time.Instant;

/**
 * How long to wait before connecting again (reference A5): from {@code backoff-min}, doubling per failure up to
 * {@code backoff-max}, back to the minimum after a connection that streamed {@code stable-after}; a long
 * {@code takeover-backoff} after code 12, so two clients on one login do not knock each other off in a loop.
 */
final class ReconnectPolicy {

    private final SchwabProperties config;
    private Duration next;
    private int deniedInARow;

    ReconnectPolicy(SchwabProperties config) {
        this.config = config;
        reset();
    }

    /** A fresh start: the next failure waits the minimum. */
    void reset() {
        next = config.backoffMin();
        deniedInARow = 0;
    }

    /** The wait before the next attempt; the one after it doubles, up to the maximum. */
    Duration backoff() {
        Duration d = next;
        Duration doubled = d.multipliedBy(2);
        next = doubled.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : doubled;
        return d;
    }

    /** Another connection on the same login took over (code 12). */
    Duration takeover() {
        return config.takeoverBackoff();
    }

    /** A connection ended; if it had streamed long enough, the next failure is a fresh one. */
    void ended(Instant loggedInAt, Instant now) {
        if (loggedInAt != null && !now.isBefore(loggedInAt.plus(config.stableAfter()))) {
            next = config.backoffMin();
        }
    }

    void loggedIn() {
        deniedInARow = 0;
    }

    /** Counts a denied login; returns how many in a row. */
    int denied() {
        return ++deniedInARow;
    }
}
