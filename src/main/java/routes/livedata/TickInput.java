package routes.livedata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry of user routes into LiveData ({@code direct:ticks}, CONTRACT §8): one tick or many, each a
 * {@code Map} or JSON text with the §5 field names, become {@link Tick}s published through the one
 * {@link TickSink}. {@code ts} (epoch ms) defaults to the time the message arrived, {@code source} to
 * {@code ROUTE}. An item that cannot be read is counted and named in a {@link RejectedTicksException} on
 * the exchange after the good items of the same message went through.
 */
@Component("tickInput")
public class TickInput {

    public static final String SOURCE_ROUTE = "ROUTE";

    private static final Logger log = LoggerFactory.getLogger(TickInput.class);
    /** Fields that make a tick worth publishing: a trade price or a quote. */
    private static final Set<String> VALUES = Set.of("last", "bid", "ask", "bid_size", "ask_size", "volume");
    private static final Set<String> KNOWN = Set.of("symbol", "ts", "source", "last", "bid", "ask", "bid_size",
            "ask_size", "volume", "open", "high", "low", "prev_close", "net_change");

    private final TickSink sink;
    private final Clock clock;
    private final ObjectReader json;
    private final MeterRegistry meters;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Set<String> loggedOnce = ConcurrentHashMap.newKeySet();

    public TickInput(TickSink sink, Clock clock, ObjectMapper mapper, MeterRegistry meters) {
        this.sink = sink;
        this.clock = clock;
        this.json = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .without(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES); // 0.30 stays 0.30
        this.meters = meters;
    }

    /** The route step: reads the body, publishes the good ticks, then fails the exchange if any were bad. */
    public int publish(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (!(body instanceof Map || body instanceof Collection || body instanceof Object[] || body instanceof String)) {
            body = exchange.getIn().getBody(String.class); // a file, bytes or a stream: its text
        }
        return publish(body);
    }

    /** Same, for a body already in hand. */
    public int publish(Object body) {
        Instant received = clock.instant();
        List<Object> items = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        flatten(body, items, reasons);
        List<Tick> ticks = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item instanceof Rejected r) {
                reasons.add(r.reason);
                continue;
            }
            try {
                ticks.add(tick(item, received));
            } catch (IllegalArgumentException e) {
                String where = items.size() == 1 ? "the tick" : "item " + (i + 1);
                reasons.add(where + ": " + e.getMessage());
                count(e.getMessage());
            }
        }
        int published = ticks.isEmpty() ? 0 : sink.publish(ticks);
        if (!reasons.isEmpty()) {
            throw new RejectedTicksException(published, reasons);
        }
        return published;
    }

    /** Items in order: Maps, JSON objects read into Maps; what cannot be read becomes a {@link Rejected}. */
    private void flatten(Object body, List<Object> items, List<String> reasons) {
        if (body == null) {
            count("no body");
            items.add(new Rejected("the message has no body"));
        } else if (body instanceof Map<?, ?> m) {
            items.add(m);
        } else if (body instanceof Collection<?> c) {
            for (Object o : c) {
                flattenItem(o, items);
            }
        } else if (body instanceof Object[] a) {
            for (Object o : a) {
                flattenItem(o, items);
            }
        } else {
            flattenItem(body, items);
        }
    }

    private void flattenItem(Object o, List<Object> items) {
        if (o instanceof Map<?, ?>) {
            items.add(o);
        } else if (o instanceof String s) {
            JsonNode node;
            try {
                node = json.readTree(s);
            } catch (JsonProcessingException e) {
                count("not JSON");
                items.add(new Rejected("item " + (items.size() + 1) + ": not JSON text: "
                        + e.getOriginalMessage()));
                return;
            }
            if (node == null || node.isMissingNode()) {
                count("not JSON");
                items.add(new Rejected("item " + (items.size() + 1) + ": empty text"));
            } else if (node.isArray()) {
                node.forEach(n -> items.add(n.isObject() ? fields(n) : notAnObject(n, items)));
            } else if (node.isObject()) {
                items.add(fields(node));
            } else {
                items.add(notAnObject(node, items));
            }
        } else {
            count("not a tick");
            items.add(new Rejected("item " + (items.size() + 1) + ": a " + (o == null ? "null" : o.getClass().getSimpleName())
                    + " is not a tick (send a Map or JSON text)"));
        }
    }

    /** A JSON object's fields; numbers stay exact decimals (read with USE_BIG_DECIMAL_FOR_FLOATS). */
    private static Map<String, Object> fields(JsonNode object) {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            f.put(e.getKey(), v.isNull() ? null : v.isNumber() ? v.decimalValue() : v.isValueNode() ? v.asText() : v.toString());
        });
        return f;
    }

    private Rejected notAnObject(JsonNode n, List<Object> items) {
        count("not a tick");
        return new Rejected("item " + (items.size() + 1) + ": JSON " + n.getNodeType().name().toLowerCase()
                + " is not a tick object");
    }

    /** One item's fields as a Tick; the message of the exception says which field is wrong and why. */
    Tick tick(Object item, Instant received) {
        Map<?, ?> f = (Map<?, ?>) item;
        for (Object k : f.keySet()) {
            if (!KNOWN.contains(String.valueOf(k))) {
                throw new IllegalArgumentException("unknown field '" + k + "' (fields: " + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
            }
        }
        String symbol = text(f.get("symbol"));
        if (symbol == null) {
            throw new IllegalArgumentException("field 'symbol' is missing");
        }
        if (VALUES.stream().noneMatch(k -> text(f.get(k)) != null)) {
            throw new IllegalArgumentException(symbol + ": needs 'last' or a quote field (bid, ask, bid_size, ask_size, volume)");
        }
        String ts = text(f.get("ts"));
        Instant time = received;
        if (ts != null) {
            try {
                time = Instant.ofEpochMilli(Long.parseLong(ts));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(symbol + ": field 'ts' is not epoch milliseconds: " + ts);
            }
        }
        String source = text(f.get("source"));
        Tick.Builder b = Tick.builder(symbol, time, source == null ? SOURCE_ROUTE : source);
        b.last(price(f, "last", symbol)).bid(price(f, "bid", symbol)).ask(price(f, "ask", symbol))
                .open(price(f, "open", symbol)).high(price(f, "high", symbol)).low(price(f, "low", symbol))
                .prevClose(price(f, "prev_close", symbol)).netChange(price(f, "net_change", symbol))
                .bidSize(count(f, "bid_size", symbol)).askSize(count(f, "ask_size", symbol))
                .volume(count(f, "volume", symbol));
        return b.build();
    }

    /** A value as text; null, blank and JSON null are absent (unknown, never zero). */
    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = v instanceof BigDecimal d ? d.toPlainString() : v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private static BigDecimal price(Map<?, ?> f, String field, String symbol) {
        String s = text(f.get(field));
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(symbol + ": field '" + field + "' is not a number: " + s);
        }
    }

    private static Long count(Map<?, ?> f, String field, String symbol) {
        String s = text(f.get(field));
        if (s == null) {
            return null;
        }
        try {
            long v = new BigDecimal(s).longValueExact();
            if (v < 0) {
                throw new IllegalArgumentException(symbol + ": field '" + field + "' is negative: " + s);
            }
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(symbol + ": field '" + field + "' is not a whole number: " + s);
        }
    }

    /** Counted by reason ({@code thor.ticks.rejected{source=ROUTE}}); logged once per reason. */
    private void count(String detail) {
        String reason = reasonOf(detail);
        rejected.computeIfAbsent(reason, r -> Counter.builder("thor.ticks.rejected").tag("source", SOURCE_ROUTE)
                .tag("reason", r).description("Ticks sent to direct:ticks that could not be read, by reason")
                .register(meters)).increment();
        if (loggedOnce.add(reason)) {
            log.warn("direct:ticks: a tick was rejected ({}): {}; further ones for this reason are only counted "
                    + "(thor.ticks.rejected) and named on the sending exchange", reason, detail);
        }
    }

    /** A short, bounded metric tag from a message (no symbols or values in tags). */
    private static String reasonOf(String detail) {
        if (detail.startsWith("unknown field")) {
            return "unknown-field";
        }
        if (detail.contains("'symbol' is missing")) {
            return "no-symbol";
        }
        if (detail.contains("needs 'last'")) {
            return "no-values";
        }
        if (detail.contains("not JSON") || detail.equals("no body")) {
            return "not-json";
        }
        if (detail.contains("not a tick")) {
            return "not-a-tick";
        }
        return "bad-value";
    }

    private record Rejected(String reason) {
    }
}
