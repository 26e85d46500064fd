package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import routes.livedata.Tick;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code data} part of a frame (reference A2.2): entries per service, each with items per key, every item
 * merged into its quote. An entry or item that cannot be read is counted and skipped; its neighbours still count.
 */
final class LevelOneFrames {

    private final QuoteState quotes;
    private final StreamerMetrics metrics;
    private final Clock clock;

    LevelOneFrames(QuoteState quotes, StreamerMetrics metrics, Clock clock) {
        this.quotes = quotes;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The ticks of a frame's data entries, in order. */
    List<Tick> ticks(Iterable<JsonNode> data) {
        List<Tick> ticks = new ArrayList<>();
        for (JsonNode d : data) {
            LevelOne service = LevelOne.of(d.path("service").isTextual() ? d.path("service").asText() : null);
            if (service == null) {
                metrics.reject("unknown-service", d.path("service").asText("(none)"));
                continue;
            }
            JsonNode sent = d.path("timestamp");
            Instant sentAt = sent.canConvertToLong() ? Instant.ofEpochMilli(sent.asLong()) : clock.instant();
            JsonNode content = d.path("content");
            if (!content.isArray()) {
                metrics.reject("bad-data", d.toString());
                continue;
            }
            for (JsonNode item : content) {
                if (!item.isObject()) {
                    metrics.reject("bad-data", item.toString());
                    continue;
                }
                try {
                    Tick t = quotes.merge(service, item, sentAt);
                    if (t != null) {
                        ticks.add(t);
                    }
                } catch (RuntimeException ex) {
                    // a bug must cost this item only, never its neighbours or the connection
                    metrics.reject("bad-item", ex + " in " + item);
                }
            }
        }
        return ticks;
    }

    void forget(LevelOne service, Iterable<String> keys) {
        quotes.forget(service, keys);
    }

    void clear() {
        quotes.clear();
    }
}
