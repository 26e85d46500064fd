package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import routes.livedata.Tick;
import routes.livedata.schwab.FieldTable.Checked;
import routes.livedata.schwab.FieldTable.Field;
import routes.livedata.schwab.LevelOne.Role;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The merged level-one quote per (service, key). Schwab sends only the fields that changed (reference A4),
 * so each update is laid over the last known values and a full tick is built from the result. Any field
 * may be missing from any item, the first one included (an index has no bid, ask, sizes or volume), so
 * every tick field is optional. Used by the streamer thread only.
 */
final class QuoteState {

    /** A price of 0 that means "none yet" (reference A5): the field is dropped from the quote. */
    private static final Object NONE = new Object();

    private final Map<String, Map<Role, Object>> quotes = new HashMap<>();
    private final StreamerMetrics metrics;

    QuoteState(StreamerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Merges one content item of a data frame. Bad fields are counted and skipped; the item's good fields
     * still count.
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
        Map<Role, Object> update = new EnumMap<>(Role.class);
        boolean changed = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (LevelOne.ITEM_EXTRAS.contains(e.getKey())) {
                continue;
            }
            Field f = service.table.field(e.getKey());
            if (f == null) {
                metrics.reject("unknown-field", service.service + " " + key + " field '" + e.getKey() + "'");
                continue;
            }
            Checked c = FieldTable.check(f, e.getValue());
            if (c.reject() != null) {
                metrics.reject(c.reject(), service.service + " " + key + " field " + f.number() + " " + f.name()
                        + " = " + e.getValue());
            } else if (f.role() != null) {
                update.put(f.role(), c.value() == null ? NONE : c.value());
                changed = true;
            }
        }
        if (!changed) {
            return null;
        }
        Map<Role, Object> quote = quotes.computeIfAbsent(service.service + '|' + key, k -> new EnumMap<>(Role.class));
        update.forEach((role, v) -> {
            if (v == NONE) {
                quote.remove(role);
            } else {
                quote.put(role, v);
            }
        });
        return tick(service.symbolOf(key), quote, sentAt);
    }

    void forget(LevelOne service, Iterable<String> keys) {
        keys.forEach(k -> quotes.remove(service.service + '|' + k));
    }

    /** After a reconnect the first frame per key carries the quote again (reference A4). */
    void clear() {
        quotes.clear();
    }

    private static Tick tick(String symbol, Map<Role, Object> q, Instant sentAt) {
        long quoteMs = millis(q, Role.QUOTE_TIME);
        long tradeMs = millis(q, Role.TRADE_TIME);
        long eventMs = Math.max(quoteMs, tradeMs);
        return Tick.builder(symbol, eventMs > 0 ? Instant.ofEpochMilli(eventMs) : sentAt, Tick.SOURCE_SCHWAB)
                .last(dec(q, Role.LAST)).bid(dec(q, Role.BID)).ask(dec(q, Role.ASK))
                .bidSize(whole(q, Role.BID_SIZE)).askSize(whole(q, Role.ASK_SIZE)).volume(whole(q, Role.VOLUME))
                .open(dec(q, Role.OPEN)).high(dec(q, Role.HIGH)).low(dec(q, Role.LOW))
                .prevClose(dec(q, Role.PREV_CLOSE)).netChange(dec(q, Role.NET_CHANGE))
                .tradeTime(tradeMs > 0 ? Instant.ofEpochMilli(tradeMs) : null)
                .build();
    }

    private static BigDecimal dec(Map<Role, Object> q, Role r) {
        return (BigDecimal) q.get(r);
    }

    private static Long whole(Map<Role, Object> q, Role r) {
        return (Long) q.get(r);
    }

    /** A time field, 0 when unknown. */
    private static long millis(Map<Role, Object> q, Role r) {
        Long v = (Long) q.get(r);
        return v == null ? 0 : v;
    }
}
