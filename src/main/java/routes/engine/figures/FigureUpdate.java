package routes.engine.figures;

import routes.globalmarkets.calendar.TradingSession;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One unit of work for the live figures of one market, handled by route {@code engine-figures} (one
 * consumer, so the Redis figures of a market are never written by two threads at once).
 *
 * @param symbols     the symbols whose session state and rolling 24 hours are recomputed
 * @param session     the session whose state is recomputed, or null (the market is not in one)
 * @param rollingAsOf the end of the rolling 24-hour window to recompute, or null for none
 * @param bars        freshly stored bars (rows of {@code intraday_bar_1m}) that may set a new 52-week extreme
 * @param week52      what to do with the market's 52-week extremes
 */
public record FigureUpdate(String market, List<String> symbols, TradingSession session, Instant rollingAsOf,
                           List<Map<String, Object>> bars, Week52 week52) {

    public enum Week52 {
        /** compare the bars with the extremes and raise what they beat */
        RAISE,
        /** recompute from history, write rows that changed */
        RECOMPUTE,
        /** recompute from history and write every row (the nightly checkpoint) */
        CHECKPOINT
    }

    public FigureUpdate {
        symbols = List.copyOf(symbols);
        bars = List.copyOf(bars);
    }

    public boolean raises() {
        return week52 == Week52.RAISE;
    }

    public boolean recomputes() {
        return week52 == Week52.RECOMPUTE || week52 == Week52.CHECKPOINT;
    }
}
