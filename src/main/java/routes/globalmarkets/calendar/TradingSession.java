package routes.globalmarkets.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One trading session of a market: the local trade date it belongs to, the instants it opens and
 * closes, and the breaks (lunch) inside it. Times are UTC instants; the date is the exchange's own.
 */
public record TradingSession(String marketId, LocalDate date, Instant open, Instant close, List<Break> breaks) {

    public record Break(Instant start, Instant end) {
        public boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    public TradingSession {
        breaks = List.copyOf(breaks);
    }

    /** True inside [open, close) and outside every break. */
    public boolean isOpenAt(Instant t) {
        if (t.isBefore(open) || !t.isBefore(close)) {
            return false;
        }
        for (Break b : breaks) {
            if (b.contains(t)) {
                return false;
            }
        }
        return true;
    }

    /** True inside [open, close), breaks included. */
    public boolean spans(Instant t) {
        return !t.isBefore(open) && t.isBefore(close);
    }
}
