package routes.backfill;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code thor.livedata.schwab.backfill.*} (CONTRACT §2): filling the minutes a feed missed from Schwab's
 * 1-minute price history. The HTTP base, login and timeouts are the streamer's ({@code thor.livedata.schwab.*}).
 *
 * @param enabled           plan a backfill for every interruption once it has ended; operator requests run either way
 * @param planInterval      how often ended interruptions are turned into backfill requests
 * @param workInterval      how often the worker looks for a due request (it handles one per run)
 * @param requestsPerMinute market-data calls per minute, at most. Schwab's documented budget is 120 non-order
 *                          requests a minute per app (reference §1.4); the default leaves room for the streamer's
 *                          own calls
 * @param backoffMin        the first retry after a 429 or a 5xx, doubled per attempt up to {@code backoff-max}
 *                          (or Retry-After)
 * @param backoffMax        the longest wait between attempts
 * @param maxAttempts       attempts of one request before it is FAILED (a 429 or a 5xx each counts one)
 * @param settle            only minutes that ended at least this long ago are filled: by then the engine has written
 *                          every bar it will build from trades (bar grace plus revision window, thor.engine.*)
 * @param maxAge            interruptions older than this are not filled: Schwab keeps 1-minute history for some
 *                          weeks only
 * @param requestSpan       the longest span asked for in one call (Schwab answers whole days anyway)
 */
public record BackfillProperties(
        @DefaultValue("false") boolean enabled,
        @NotNull @DurationMin(millis = 100) @DefaultValue("30s") Duration planInterval,
        @NotNull @DurationMin(millis = 10) @DefaultValue("1s") Duration workInterval,
        @Min(1) @Max(120) @DefaultValue("100") int requestsPerMinute,
        @NotNull @DurationMin(millis = 10) @DefaultValue("5s") Duration backoffMin,
        @NotNull @DurationMin(millis = 10) @DefaultValue("10m") Duration backoffMax,
        @Min(1) @DefaultValue("8") int maxAttempts,
        @NotNull @DurationMin(millis = 0) @DefaultValue("6m") Duration settle,
        @NotNull @DurationMin(hours = 1) @DefaultValue("30d") Duration maxAge,
        @NotNull @DurationMin(minutes = 1) @DefaultValue("1d") Duration requestSpan) {

    @AssertTrue(message = "thor.livedata.schwab.backfill.backoff-min must not exceed backoff-max")
    public boolean isBackoffRangeValid() {
        return backoffMin == null || backoffMax == null || backoffMin.compareTo(backoffMax) <= 0;
    }
}
