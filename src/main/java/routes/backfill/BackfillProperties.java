package routes.backfill;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
 * @param equityHistoryHours the hours (New York time, {@code HH:mm-HH:mm}, end exclusive, {@code 24:00} allowed) in
 *                          which Schwab's 1-minute history holds an equity's minutes (reference §1.3: 07:00-20:00
 *                          ET); minutes outside are not asked for and are NOT_IN_HISTORY at once. Empty: the whole
 *                          day. Futures are always asked (their hours are not known)
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
        @NotNull @DurationMin(minutes = 1) @DefaultValue("1d") Duration requestSpan,
        @NotNull @Pattern(regexp = "|([01]\\d|2[0-3]):[0-5]\\d-(([01]\\d|2[0-3]):[0-5]\\d|24:00)",
                message = "must be HH:mm-HH:mm (New York time, the end may be 24:00), or empty for the whole day")
        @DefaultValue("07:00-20:00") String equityHistoryHours) {

    @AssertTrue(message = "thor.livedata.schwab.backfill.backoff-min must not exceed backoff-max")
    public boolean isBackoffRangeValid() {
        return backoffMin == null || backoffMax == null || backoffMin.compareTo(backoffMax) <= 0;
    }

    @AssertTrue(message = "thor.livedata.schwab.backfill.equity-history-hours must end after it begins")
    public boolean isEquityHistoryHoursOrdered() {
        if (equityHistoryHours == null || !equityHistoryHours.matches("\\d\\d:\\d\\d-\\d\\d:\\d\\d")) {
            return true; // empty, or left to the pattern
        }
        String[] p = equityHistoryHours.split("-");
        return p[0].compareTo(p[1]) < 0;
    }
}
