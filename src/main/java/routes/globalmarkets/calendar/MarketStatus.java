package routes.globalmarkets.calendar;

/** What a market is doing at an instant, in the words of CONTRACT §5 (`market:{id}` status). */
public enum MarketStatus {
    OPEN, CLOSED, BREAK
}
