package routes.backfill;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One of Schwab's 1-minute candles ({@code CandleList.candles[]}, reference §1.3): {@code datetime} is the
 * start of the minute (derived, never stated by Schwab; every observed value is on a :00 boundary).
 */
public record Candle(Instant minute, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, long volume) {
}
