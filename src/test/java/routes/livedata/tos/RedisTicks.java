package routes.livedata.tos;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the integration tests read back: the {@code ticks} stream and hashes, counters, and waiting. */
final class RedisTicks {

    private RedisTicks() {
    }

    static List<Map<String, String>> stream(StringRedisTemplate redis) {
        List<MapRecord<String, Object, Object>> records = redis.opsForStream().range("ticks", Range.unbounded());
        return records == null ? List.of() : records.stream().map(r -> {
            Map<String, String> m = new LinkedHashMap<>();
            r.getValue().forEach((k, v) -> m.put((String) k, (String) v));
            return m;
        }).toList();
    }

    /** The fields a TOS tick must have: symbol, ts, source, then the given field/value pairs. */
    static Map<String, String> tick(String symbol, long ts, String... fieldValues) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("symbol", symbol);
        for (int i = 0; i < fieldValues.length; i += 2) {
            m.put(fieldValues[i], fieldValues[i + 1]);
        }
        m.put("ts", Long.toString(ts));
        m.put("source", "TOS");
        return m;
    }

    /**
     * The stream entry of an update that is no trade (CONTRACT §5): the tick without {@code last}. A symbol's
     * first read is such a baseline, and so is a row where only Bid, Ask or sizes moved.
     */
    static Map<String, String> quote(Map<String, String> tick) {
        Map<String, String> m = new LinkedHashMap<>(tick);
        m.remove("last");
        return m;
    }

    /** The stream entry of a trade: the tick and its {@code size} (the rise of the cumulative volume). */
    static Map<String, String> trade(Map<String, String> tick, long size) {
        Map<String, String> m = new LinkedHashMap<>(tick);
        m.put("size", Long.toString(size));
        return m;
    }

    static double count(MeterRegistry meters, String name, String... tags) {
        Counter c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time: %s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until the poller has read {@code n} more versions and then polled twice more. */
    static void awaitReadsAndQuiet(MeterRegistry meters, double readsBefore, int n) throws InterruptedException {
        await(n + " more versions read", () -> count(meters, "thor.tos.files.read") >= readsBefore + n);
        double polls = count(meters, "thor.tos.polls");
        await("two more polls", () -> count(meters, "thor.tos.polls") >= polls + 2);
    }
}
