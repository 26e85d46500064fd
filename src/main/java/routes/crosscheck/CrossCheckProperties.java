package routes.crosscheck;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * {@code thor.crosscheck.*}: comparing Schwab's streamed minute bars with ours (README "Cross-check").
 *
 * @param enabled            the Schwab stream also subscribes CHART_EQUITY / CHART_FUTURES and sends their bars to
 *                           direct:chart-bars (the stream route's {@code chart} option reads this key)
 * @param priceTolerancePct  open, high, low and close agree when within this percentage of Schwab's price. Our bars
 *                           are built from level-one updates, which Schwab conflates: a trade between two updates (an
 *                           extreme, the minute's first or last trade) can be missing from ours. 0.02 % is about one
 *                           cent on a $50 stock, or a few ticks of ES
 * @param volumeTolerancePct volume agrees within this percentage or {@code volumeToleranceAbs} units, the larger:
 *                           our volume is the rise of the cumulative day volume between updates, so trades reported
 *                           just after a minute boundary land in the next minute of ours
 * @param volumeToleranceAbs see {@code volumeTolerancePct}
 * @param settle             a minute is compared once ours is final: its end plus bar grace and revision window
 *                           (thor.engine.*)
 * @param checkInterval      how often chart bars whose minute has settled are compared
 * @param maxPending         the most chart bars waiting for their minute to settle; beyond it the oldest are dropped
 *                           (counted)
 */
public record CrossCheckProperties(
        @DefaultValue("false") boolean enabled,
        @NotNull @DecimalMin("0") @DefaultValue("0.02") BigDecimal priceTolerancePct,
        @NotNull @DecimalMin("0") @DefaultValue("5") BigDecimal volumeTolerancePct,
        @Min(0) @DefaultValue("100") long volumeToleranceAbs,
        @NotNull @DurationMin(millis = 0) @DefaultValue("6m") Duration settle,
        @NotNull @DurationMin(millis = 10) @DefaultValue("5s") Duration checkInterval,
        @Min(1) @DefaultValue("100000") int maxPending) {
}
