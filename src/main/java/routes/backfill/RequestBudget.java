package routes.backfill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Schwab's market-data budget as a sliding minute: at most {@code perMinute} calls in any 60 s. Nobody
 * sleeps here: a call that would exceed it is told when it may go, and the worker tries again then.
 */
public final class RequestBudget {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final int perMinute;
    private final Clock clock;
    private final Deque<Instant> sent = new ArrayDeque<>();

    public RequestBudget(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes one call from the budget, or says when one will be free (nothing taken). */
    public synchronized Optional<Instant> take() {
        Instant now = clock.instant();
        while (!sent.isEmpty() && !sent.peekFirst().plus(WINDOW).isAfter(now)) {
            sent.pollFirst();
        }
        if (sent.size() >= perMinute) {
            return Optional.of(sent.peekFirst().plus(WINDOW));
        }
        sent.addLast(now);
        return Optional.empty();
    }
}
