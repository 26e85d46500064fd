package routes.crosscheck;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One of Schwab's streamed minute bars (CHART_EQUITY or CHART_FUTURES), for the bar symbol (a future's key
 * loses its '/'). {@code minute} is Chart Time, the start of the candle's minute (reference §3.3).
 */
public record ChartBar(String symbol, Instant minute, BigDecimal open, BigDecimal high, BigDecimal low,
                       BigDecimal close, BigDecimal volume) {
}
