package routes.livedata.schwab;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Everything that happens to the streamer arrives here, in order: websocket frames and closes, control
 * changes, stop requests. One thread takes them, so no stream state is shared between threads.
 */
final class Inbox {

    sealed interface Event permits Frame, Closed, Failed, Wake, Stop {
    }

    /** A whole text frame of connection {@code conn}. */
    record Frame(long conn, String text) implements Event {
    }

    record Closed(long conn, int code, String reason) implements Event {
    }

    record Failed(long conn, Throwable error) implements Event {
    }

    /** Subscriptions changed or a new login arrived. */
    record Wake() implements Event {
    }

    record Stop() implements Event {
    }

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

    void add(Event e) {
        queue.add(e);
    }

    void clear() {
        queue.clear();
    }

    /** The next event within {@code wait}, or null; an interrupt is a stop. */
    Event take(Duration wait) {
        try {
            return queue.poll(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Stop();
        }
    }
}
