package routes.globalmarkets.calendar;

import java.time.Instant;

/**
 * A market's status over an interval in which it does not change: {@code [since, until)}.
 * {@code since} is null when the status held since before the calendar's validity; {@code until} is null
 * when no change is known inside the validity. The engine caches one per market and asks again only
 * once a tick falls outside it, which keeps the per-tick cost of "is this market open?" to two compares.
 */
public record MarketState(String marketId, MarketStatus status, Instant since, Instant until, TradingSession session) {

    public boolean covers(Instant t) {
        return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
    }

    public boolean isOpen() {
        return status == MarketStatus.OPEN;
    }
}
