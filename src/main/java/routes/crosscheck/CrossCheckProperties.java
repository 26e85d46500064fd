package routes.crosscheck;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.math.BigDecimal;
import java.time.Duration;

/** {@code thor.crosscheck.*}: comparing Schwab's streamed minute bars with ours (README "Cross-check"). */
@Validated
@ConfigurationProperties(prefix = "thor.crosscheck")
public class CrossCheckProperties {

    /** The Schwab stream also subscribes CHART_EQUITY / CHART_FUTURES and sends the bars here (route option chart). */
    private boolean enabled = false;

    /**
     * Open, high, low and close agree when within this percentage of Schwab's price. Our bars are built from
     * level-one updates, which Schwab conflates: a trade between two updates (an extreme, the minute's first or
     * last trade) can be missing from ours. 0.02 % is about one cent on a $50 stock, or a few ticks of ES.
     */
    @NotNull @DecimalMin("0")
    private BigDecimal priceTolerancePct = new BigDecimal("0.02");

    /**
     * Volume agrees within this percentage or {@link #volumeToleranceAbs} units, the larger: our volume is the
     * rise of the cumulative day volume between updates, so trades reported just after a minute boundary land
     * in the next minute of ours.
     */
    @NotNull @DecimalMin("0")
    private BigDecimal volumeTolerancePct = new BigDecimal("5");

    @Min(0)
    private long volumeToleranceAbs = 100;

    /** A minute is compared once ours is final: its end plus bar grace and revision window (thor.engine.*). */
    @NotNull @DurationMin(millis = 0)
    private Duration settle = Duration.ofMinutes(6);

    /** How often chart bars whose minute has settled are compared. */
    @NotNull @DurationMin(millis = 10)
    private Duration checkInterval = Duration.ofSeconds(5);

    /** The most chart bars waiting for their minute to settle; beyond it the oldest are dropped (counted). */
    @Min(1)
    private int maxPending = 100_000;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean v) { this.enabled = v; }
    public BigDecimal getPriceTolerancePct() { return priceTolerancePct; }
    public void setPriceTolerancePct(BigDecimal v) { this.priceTolerancePct = v; }
    public BigDecimal getVolumeTolerancePct() { return volumeTolerancePct; }
    public void setVolumeTolerancePct(BigDecimal v) { this.volumeTolerancePct = v; }
    public long getVolumeToleranceAbs() { return volumeToleranceAbs; }
    public void setVolumeToleranceAbs(long v) { this.volumeToleranceAbs = v; }
    public Duration getSettle() { return settle; }
    public void setSettle(Duration v) { this.settle = v; }
    public Duration getCheckInterval() { return checkInterval; }
    public void setCheckInterval(Duration v) { this.checkInterval = v; }
    public int getMaxPending() { return maxPending; }
    public void setMaxPending(int v) { this.maxPending = v; }
}
