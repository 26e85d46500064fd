package routes.backfill;

import java.time.Duration;
import java.util.List;

/**
 * What one {@code GET /marketdata/v1/pricehistory} answered.
 *
 * @param status     the HTTP status (0: no answer, the network failed)
 * @param symbol     the {@code symbol} of a 200 answer (Schwab may answer for another instrument)
 * @param empty      the {@code empty} flag of a 200 answer
 * @param retryAfter the Retry-After of a 429 / 503, when Schwab sends one (not documented either way)
 * @param error      the reason of a failure, Schwab's {@code errors[].detail} or title when present
 */
public record PriceHistoryAnswer(int status, String symbol, boolean empty, List<Candle> candles, Duration retryAfter,
                                 String error) {

    public boolean ok() {
        return status == 200;
    }

    /** Worth asking again later: throttled, a server error, or no answer at all. */
    public boolean transientFailure() {
        return status == 0 || status == 429 || status >= 500;
    }
}
