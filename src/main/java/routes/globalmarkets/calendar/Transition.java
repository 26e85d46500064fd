package routes.globalmarkets.calendar;

import java.time.Instant;

/**
 * A change of a market's status at an instant: OPEN (the open, or the reopen after a break), BREAK (a lunch
 * break or a futures halt inside a session starts) or CLOSED. {@code session} is the session it belongs to,
 * whose date is the trade date to book the event under.
 */
public record Transition(Instant at, MarketStatus status, TradingSession session) {
}
