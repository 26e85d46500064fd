package routes.globalmarkets;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketState;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps {@code market:{id}} (CONTRACT §5) showing each market's status, its next open and close, and from which
 * day its calendar is projected ({@code projected_from}).
 */
@Component("marketBoard")
public class MarketBoard {

    private final GlobalMarkets markets;
    private final StringRedisTemplate redis;
    private final Clock clock;

    public MarketBoard(GlobalMarkets markets, StringRedisTemplate redis, Clock clock) {
        this.markets = markets;
        this.redis = redis;
        this.clock = clock;
    }

    /** The fields of {@code market:{id}} at an instant. */
    public Map<String, String> view(Market m, Instant now) {
        MarketState s = markets.stateAt(m, now);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("status", s.status().name());
        h.put("since", s.since() == null ? "" : s.since().toString());
        h.put("next_open", m.calendar().nextOpenAfter(now).map(Instant::toString).orElse(""));
        h.put("next_close", m.calendar().nextCloseAfter(now).map(Instant::toString).orElse(""));
        h.put("enabled", Boolean.toString(m.enabled()));
        // the first day of the market's calendar that is projected rather than published ("" when none is)
        LocalDate projected = m.calendar().projectedFrom();
        h.put("projected_from", projected == null ? "" : projected.toString());
        return h;
    }

    public void refresh() {
        Instant now = clock.instant();
        markets.warnPublishedEnds(now);
        for (Market m : markets.markets()) {
            redis.opsForHash().putAll("market:" + m.id(), view(m, now));
        }
    }
}
