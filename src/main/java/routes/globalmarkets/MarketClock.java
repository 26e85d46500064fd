package routes.globalmarkets;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.Transition;
import routes.globalmarkets.calendar.MarketStatus;
import routes.globalmarkets.calendar.OutsideValidityException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The market clock: each fire of the Quartz route asks which transitions happened between the previous fire
 * and now, and turns each into a {@link MarketEvent} with its scheduled instant. The position ("checked up
 * to") lives in Redis, so a restart resumes where the clock stopped: transitions missed while the app was
 * down are caught up, each once, and none is invented. On the very first start there is no position: the
 * clock starts from now and emits nothing for the past (the board still shows every market's status).
 */
@Component("marketClock")
public class MarketClock {

    private static final Logger log = LoggerFactory.getLogger(MarketClock.class);
    static final String POSITION = "globalmarkets:clock:checked-through";
    public static final String STREAM = "events:markets";
    static final String THROUGH = "thor.clock.through";

    private final GlobalMarkets markets;
    private final MarketBoard board;
    private final StringRedisTemplate redis;
    private final Clock clock;

    public MarketClock(GlobalMarkets markets, MarketBoard board, StringRedisTemplate redis, Clock clock) {
        this.markets = markets;
        this.board = board;
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * The transitions of enabled markets in {@code (checked-through, now]}, oldest first; {@code now} is kept
     * on the exchange for {@link #advance}.
     */
    public List<MarketEvent> due(Exchange exchange) {
        Instant now = clock.instant();
        exchange.setProperty(THROUGH, now);
        String p = redis.opsForValue().get(POSITION);
        if (p == null) {
            redis.opsForValue().setIfAbsent(POSITION, Long.toString(now.toEpochMilli()));
            return List.of();
        }
        Instant from = Instant.ofEpochMilli(Long.parseLong(p));
        List<MarketEvent> events = new ArrayList<>();
        for (Market m : markets.markets()) {
            if (m.enabled()) {
                events.addAll(transitions(m, from, now));
            }
        }
        events.sort(Comparator.comparing(MarketEvent::at).thenComparing(MarketEvent::market));
        return events;
    }

    /**
     * Open/close events of one market in {@code (from, to]}, from the calendar's transitions. Only a change
     * of open-ness is an event: OPEN after CLOSED or BREAK opens, CLOSED or BREAK after OPEN closes (a lunch
     * break closes and reopens).
     */
    static List<MarketEvent> transitions(Market m, Instant from, Instant to) {
        List<MarketEvent> out = new ArrayList<>();
        boolean wasOpen;
        try {
            wasOpen = m.calendar().stateAt(from).status() == MarketStatus.OPEN;
        } catch (OutsideValidityException e) {
            return out;
        }
        for (Transition t : m.calendar().transitionsBetween(from.plusNanos(1), to.plusNanos(1))) {
            boolean isOpen = t.status() == MarketStatus.OPEN;
            if (isOpen != wasOpen) {
                out.add(new MarketEvent(isOpen ? MarketEvent.Type.MARKET_OPENED : MarketEvent.Type.MARKET_CLOSED,
                        m.id(), t.at(), t.session().date()));
            }
            wasOpen = isOpen;
        }
        return out;
    }

    /** Publishes a first-written event on {@code events:markets} and refreshes the market's board entry. */
    public void publish(MarketEvent e) {
        redis.opsForStream().add(StreamRecords.string(e.fields()).withStreamKey(STREAM));
        markets.market(e.market()).ifPresent(m -> redis.opsForHash().putAll("market:" + m.id(), board.view(m, clock.instant())));
        log.info("{} {} at {} (session {})", e.market(), e.type(), e.at(), e.sessionDate());
    }

    /** Moves the position forward once every due event went out (a failure keeps it, so they come again). */
    public void advance(Exchange exchange) {
        Instant now = exchange.getProperty(THROUGH, Instant.class);
        if (now == null) {
            return;
        }
        String p = redis.opsForValue().get(POSITION);
        if (p == null || Long.parseLong(p) < now.toEpochMilli()) {
            redis.opsForValue().set(POSITION, Long.toString(now.toEpochMilli()));
        }
    }
}
