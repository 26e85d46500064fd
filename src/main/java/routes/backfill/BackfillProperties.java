package routes.backfill;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code thor.livedata.schwab.backfill.*} (CONTRACT §2): filling the minutes a feed missed from Schwab's
 * 1-minute price history. The HTTP base, login and timeouts are the streamer's ({@code thor.livedata.schwab.*}).
 */
@Validated
@ConfigurationProperties(prefix = "thor.livedata.schwab.backfill")
public class BackfillProperties {

    /** Plan a backfill for every interruption once it has ended. Operator requests run either way. */
    private boolean enabled = false;

    /** How often ended interruptions are turned into backfill requests. */
    @NotNull @DurationMin(millis = 100)
    private Duration planInterval = Duration.ofSeconds(30);

    /** How often the worker looks for a due request (it handles one per run). */
    @NotNull @DurationMin(millis = 10)
    private Duration workInterval = Duration.ofSeconds(1);

    /**
     * Market-data calls per minute, at most. Schwab's documented budget is 120 non-order requests a minute per
     * app (reference §1.4); the default leaves room for the streamer's own calls.
     */
    @Min(1) @Max(120)
    private int requestsPerMinute = 100;

    /** The first retry after a 429 or a 5xx, doubled per attempt up to {@code backoff-max} (or Retry-After). */
    @NotNull @DurationMin(millis = 10)
    private Duration backoffMin = Duration.ofSeconds(5);

    @NotNull @DurationMin(millis = 10)
    private Duration backoffMax = Duration.ofMinutes(10);

    /** Attempts of one request before it is FAILED (a 429 or a 5xx each counts one). */
    @Min(1)
    private int maxAttempts = 8;

    /**
     * Only minutes that ended at least this long ago are filled: by then the engine has written every bar it
     * will build from trades (bar grace plus revision window, thor.engine.*).
     */
    @NotNull @DurationMin(millis = 0)
    private Duration settle = Duration.ofMinutes(6);

    /** Interruptions older than this are not filled: Schwab keeps 1-minute history for some weeks only. */
    @NotNull @DurationMin(hours = 1)
    private Duration maxAge = Duration.ofDays(30);

    /** The longest span asked for in one call (Schwab answers whole days anyway). */
    @NotNull @DurationMin(minutes = 1)
    private Duration requestSpan = Duration.ofDays(1);

    /**
     * The hours (New York time, {@code HH:mm-HH:mm}, end exclusive, {@code 24:00} allowed) in which Schwab's 1-minute
     * history holds an equity's minutes (reference §1.3: 07:00-20:00 ET); minutes outside are not asked for and are
     * NOT_IN_HISTORY at once. Empty: the whole day. Futures are always asked (their hours are not known).
     */
    @NotNull
    @jakarta.validation.constraints.Pattern(regexp = "|([01]\\d|2[0-3]):[0-5]\\d-(([01]\\d|2[0-3]):[0-5]\\d|24:00)",
            message = "must be HH:mm-HH:mm (New York time, the end may be 24:00), or empty for the whole day")
    private String equityHistoryHours = "07:00-20:00";

    @AssertTrue(message = "thor.livedata.schwab.backfill.equity-history-hours must end after it begins")
    public boolean isEquityHistoryHoursOrdered() {
        if (equityHistoryHours == null || !equityHistoryHours.matches("\\d\\d:\\d\\d-\\d\\d:\\d\\d")) {
            return true; // empty, or left to the pattern
        }
        String[] p = equityHistoryHours.split("-");
        return p[0].compareTo(p[1]) < 0;
    }

    @AssertTrue(message = "thor.livedata.schwab.backfill.backoff-min must not exceed backoff-max")
    public boolean isBackoffRangeValid() {
        return backoffMin == null || backoffMax == null || backoffMin.compareTo(backoffMax) <= 0;
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean v) { this.enabled = v; }
    public Duration getPlanInterval() { return planInterval; }
    public void setPlanInterval(Duration v) { this.planInterval = v; }
    public Duration getWorkInterval() { return workInterval; }
    public void setWorkInterval(Duration v) { this.workInterval = v; }
    public int getRequestsPerMinute() { return requestsPerMinute; }
    public void setRequestsPerMinute(int v) { this.requestsPerMinute = v; }
    public Duration getBackoffMin() { return backoffMin; }
    public void setBackoffMin(Duration v) { this.backoffMin = v; }
    public Duration getBackoffMax() { return backoffMax; }
    public void setBackoffMax(Duration v) { this.backoffMax = v; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int v) { this.maxAttempts = v; }
    public Duration getSettle() { return settle; }
    public void setSettle(Duration v) { this.settle = v; }
    public Duration getMaxAge() { return maxAge; }
    public void setMaxAge(Duration v) { this.maxAge = v; }
    public String getEquityHistoryHours() { return equityHistoryHours; }
    public void setEquityHistoryHours(String v) { this.equityHistoryHours = v; }
    public Duration getRequestSpan() { return requestSpan; }
    public void setRequestSpan(Duration v) { this.requestSpan = v; }
}
