package routes.globalmarkets;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketState;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps {@code market:{id}} (CONTRACT §5) showing each market's status and its next open and close. */
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
        return h;
    }

    public void refresh() {
        Instant now = clock.instant();
        for (Market m : markets.markets()) {
            redis.opsForHash().putAll("market:" + m.id(), view(m, now));
        }
    }
}
