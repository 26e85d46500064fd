package routes.exits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.globalmarkets.MarketEvent;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The publish-subscribe exits for user routes (CONTRACT §8): {@code seda:bars} gets each bar once it is in
 * Postgres, {@code seda:market-events} each market open/close. Both are bounded SEDA queues; the flush and
 * the clock only ever offer to them, so a slow or failing user route can fill its queue but never holds up
 * the Postgres write or the clock: an item that finds the queue full is dropped and counted
 * ({@code thor.exits.dropped{exit}}), and nothing is queued while no route consumes an exit.
 */
public class Exits {

    private static final Logger log = LoggerFactory.getLogger(Exits.class);

    private final Exit bars;
    private final Exit marketEvents;
    private final long logEveryMs;

    public static final String BARS = "seda:bars";
    public static final String MARKET_EVENTS = "seda:market-events";

    /**
     * Made with the Camel context, before it starts: the queues then exist, bounded and publish-subscribe, before
     * any route consumes them (a subscriber without {@code multipleConsumers=true} fails at startup, saying so).
     */
    public Exits(CamelContext camel, MeterRegistry meters, int queueSize, long logEveryMs) {
        this.bars = new Exit("bars", exit(camel, BARS, queueSize), meters);
        this.marketEvents = new Exit("market-events", exit(camel, MARKET_EVENTS, queueSize), meters);
        this.logEveryMs = logEveryMs;
    }

    private static SedaEndpoint exit(CamelContext camel, String uri, int queueSize) {
        SedaEndpoint e = camel.getEndpoint(uri + "?multipleConsumers=true&size=" + queueSize, SedaEndpoint.class);
        e.getQueue(); // creates the shared queue now, with this size
        return e;
    }

    /** After a flush committed: each stored bar, as its intraday_bar_1m columns. */
    public int storedBars(List<Map<String, Object>> rows) {
        if (rows == null || rows.isEmpty() || !bars.hasConsumers()) {
            return 0;
        }
        int n = 0;
        for (Map<String, Object> row : rows) {
            n += bars.offer(storedBar(row)) ? 1 : 0;
        }
        return n;
    }

    /** A market event once it is recorded: {@code market, type, at, session_date}. */
    public boolean marketEvent(MarketEvent e) {
        if (!marketEvents.hasConsumers()) {
            return false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("market", e.market());
        body.put("type", e.type().name());
        body.put("at", e.at().toString());
        body.put("session_date", e.sessionDate().toString());
        return marketEvents.offer(body);
    }

    /** The columns of one stored bar; times as ISO-8601 UTC text so {@code marshal: json} needs no time module. */
    static Map<String, Object> storedBar(Map<String, Object> row) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("market", row.get("market"));
        b.put("symbol", row.get("symbol"));
        b.put("bucket_start", iso(row.get("bucket_start")));
        for (String price : List.of("open", "high", "low", "close")) {
            b.put(price, row.get(price));
        }
        b.put("volume", row.get("volume"));
        b.put("tick_count", row.get("tick_count"));
        b.put("vwap", row.get("vwap") instanceof BigDecimal v ? v : null);
        b.put("origin", row.get("origin") == null ? "TRADES" : row.get("origin")); // history bars say so
        b.put("revision", row.get("revision"));
        b.put("high_at", iso(row.get("high_at")));
        b.put("low_at", iso(row.get("low_at")));
        return b;
    }

    private static String iso(Object t) {
        if (t instanceof OffsetDateTime o) {
            return o.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
        }
        return t == null ? null : t.toString();
    }

    /** One exit: its queue, its drop counter, its last drop log. */
    private final class Exit {
        final String name;
        final SedaEndpoint endpoint;
        final Counter offered;
        final Counter dropped;
        volatile long lastLogged = Long.MIN_VALUE;

        Exit(String name, SedaEndpoint endpoint, MeterRegistry meters) {
            this.name = name;
            this.endpoint = endpoint;
            this.offered = Counter.builder("thor.exits.offered").tag("exit", name)
                    .description("Items handed to a user-route exit (seda:bars, seda:market-events)").register(meters);
            this.dropped = Counter.builder("thor.exits.dropped").tag("exit", name)
                    .description("Items dropped because the exit's queue was full (its user routes are too slow)")
                    .register(meters);
        }

        boolean hasConsumers() {
            var ref = endpoint.getQueueReference();
            return ref != null && ref.hasConsumers();
        }

        boolean offer(Object body) {
            Exchange x = endpoint.createExchange();
            x.getIn().setBody(body);
            if (endpoint.getQueue().offer(x)) {
                offered.increment();
                return true;
            }
            dropped.increment();
            long now = System.nanoTime() / 1_000_000;
            if (lastLogged == Long.MIN_VALUE || now - lastLogged >= logEveryMs) {
                lastLogged = now;
                log.warn("Exit seda:{} is full ({} waiting): an item was dropped. Its user routes do not keep up; the "
                        + "Postgres write and the clock go on (counted in thor.exits.dropped; logged at most every {} ms)",
                        name, endpoint.getQueue().size(), logEveryMs);
            }
            return false;
        }
    }
}
