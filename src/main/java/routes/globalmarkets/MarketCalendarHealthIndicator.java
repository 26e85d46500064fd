package routes.globalmarkets;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketCalendar;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health component {@code marketCalendar}: per market, the last published day, the first projected day and the
 * days of published data left, with the warning an operator should act on (60 days ahead). Always UP: a
 * projected calendar still captures, so it must not take the app out of service (CONTRACT §7 keeps
 * {@code /actuator/health} a statement about Redis and Postgres).
 */
@Component("marketCalendarHealthIndicator")
public class MarketCalendarHealthIndicator implements HealthIndicator {

    private final GlobalMarkets markets;
    private final Clock clock;

    public MarketCalendarHealthIndicator(GlobalMarkets markets, Clock clock) {
        this.markets = markets;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Health.Builder h = Health.up();
        Map<String, String> fallbacks = markets.validityProblems();
        for (Market m : markets.markets()) {
            MarketCalendar c = m.calendar();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("publishedTo", c.publishedTo() == null ? null : c.publishedTo().toString());
            d.put("projectedFrom", c.projectedFrom() == null ? null : c.projectedFrom().toString());
            d.put("computedThrough", c.validTo().toString());
            double left = markets.publishedDaysLeft(m, now);
            d.put("publishedDaysLeft", Double.isInfinite(left) ? null : (long) left);
            markets.validityWarning(m, now).ifPresent(w -> d.put("warning", w));
            if (fallbacks.containsKey(m.id())) {
                d.put("regularHoursFallback", fallbacks.get(m.id()));
            }
            h.withDetail(m.id(), d);
        }
        return h.build();
    }
}
