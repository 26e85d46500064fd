package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import routes.livedata.Tick;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The merged level-one quote per (service, key). Schwab sends only the fields that changed (reference A4),
 * so each update is laid over the last known values and a full tick is built from the result. Used by
 * the streamer thread only.
 */
final class QuoteState {

    private static final int MAX_DIGITS = 18;

    private final Map<String, Map<Integer, JsonNode>> quotes = new HashMap<>();
    private final StreamerMetrics metrics;

    QuoteState(StreamerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Merges one content item of a data frame.
     *
     * @param sentAt the frame's server time, the tick's time when the quote has no quote or trade time yet
     * @return the full tick, or null when the item changed nothing a tick carries
     */
    Tick merge(LevelOne service, JsonNode item, Instant sentAt) {
        JsonNode keyNode = item.get("key");
        if (keyNode == null || !keyNode.isTextual() || keyNode.asText().isBlank()) {
            metrics.reject("no-key", item.toString());
            return null;
        }
        String key = keyNode.asText();
        Map<Integer, JsonNode> quote = quotes.computeIfAbsent(service.service + '|' + key, k -> new HashMap<>());
        boolean changed = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (LevelOne.ITEM_EXTRAS.contains(f.getKey())) {
                continue;
            }
            int field = fieldNumber(f.getKey());
            if (!service.known(field)) {
                metrics.reject("unknown-field", service.service + " " + key + " field '" + f.getKey() + "'");
                continue;
            }
            if (!service.feedsTick(field)) {
                continue;
            }
            JsonNode v = f.getValue();
            boolean whole = service.wholeNumbers.contains(field);
            if (!v.isNumber() || (whole && !v.canConvertToExactIntegral())) {
                metrics.reject("wrong-type", service.service + " " + key + " field " + field + " = " + v);
                continue;
            }
            if (!inRange(v, whole)) {
                metrics.reject("out-of-range", service.service + " " + key + " field " + field + " = " + v);
                continue;
            }
            quote.put(field, v);
            changed = true;
        }
        return changed ? tick(service, key, quote, sentAt) : null;
    }

    /**
     * Sizes, volumes and times are longs, not negative (1e30 would wrap in {@code longValue}); a price never
     * reaches 10^18 nor, unless zero, falls below 10^-18, as in the TOS export (1E+999999999 would be written
     * to Redis as a billion digits).
     */
    private static boolean inRange(JsonNode v, boolean whole) {
        if (whole) {
            return v.canConvertToLong() && v.longValue() >= 0;
        }
        BigDecimal d = v.decimalValue();
        long magnitude = (long) d.precision() - d.scale();
        return magnitude <= MAX_DIGITS && (d.signum() == 0 || magnitude > -MAX_DIGITS);
    }

    void forget(LevelOne service, Iterable<String> keys) {
        keys.forEach(k -> quotes.remove(service.service + '|' + k));
    }

    /** After a reconnect the first frame per key carries every field again (reference A4). */
    void clear() {
        quotes.clear();
    }

    private static Tick tick(LevelOne s, String key, Map<Integer, JsonNode> q, Instant sentAt) {
        long eventMs = Math.max(whole(q, s.quoteTime, 0L), whole(q, s.tradeTime, 0L));
        Instant ts = eventMs > 0 ? Instant.ofEpochMilli(eventMs) : sentAt;
        return Tick.builder(s.symbolOf(key), ts, Tick.SOURCE_SCHWAB)
                .last(dec(q, s.last)).bid(dec(q, s.bid)).ask(dec(q, s.ask))
                .bidSize(whole(q, s.bidSize, null)).askSize(whole(q, s.askSize, null)).volume(whole(q, s.volume, null))
                .open(dec(q, s.open)).high(dec(q, s.high)).low(dec(q, s.low))
                .prevClose(dec(q, s.prevClose)).netChange(dec(q, s.netChange))
                .build();
    }

    private static int fieldNumber(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static BigDecimal dec(Map<Integer, JsonNode> q, int field) {
        JsonNode v = q.get(field);
        return v == null ? null : v.decimalValue();
    }

    private static Long whole(Map<Integer, JsonNode> q, int field, Long absent) {
        JsonNode v = q.get(field);
        return v == null ? absent : v.longValue();
    }
}
