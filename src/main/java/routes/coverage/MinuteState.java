package routes.coverage;

/** What is known about one minute of one market and symbol. */
public enum MinuteState {
    /** a bar built from trades, in a minute no interruption touched */
    TRADES,
    /** a bar built from trades, in a minute an interruption touched: some trades may be missing */
    PARTIAL,
    /** a bar filled from Schwab's 1-minute history */
    FILLED,
    /**
     * no bar, inside an interruption, and Schwab's history does not have it: a finished backfill found no candle,
     * or the minute lies outside the hours Schwab's 1-minute history holds (an equity's 07:00-20:00 ET), which is
     * known at once, without asking
     */
    NOT_IN_HISTORY,
    /** no bar, inside an interruption, not filled (backfill off, pending, failed, or the symbol unsupported) */
    MISSED,
    /** no bar, the market open, no interruption: nobody traded */
    NO_TRADES,
    /** the market was not open (no bar can exist) */
    CLOSED
}
