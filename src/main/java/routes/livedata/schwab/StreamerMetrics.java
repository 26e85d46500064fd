package routes.livedata.schwab;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streamer's counters: frames in, ticks out, reconnects, and rejected input by kind. A reject is
 * logged the first time its kind is seen and only counted after that, so a bad feed cannot flood the log.
 */
@Component
public class StreamerMetrics {

    private static final Logger log = LoggerFactory.getLogger(StreamerMetrics.class);
    private static final int SAMPLE_CHARS = 200;

    private final MeterRegistry meters;
    private final Counter frames;
    private final Counter ticks;
    private final Counter reconnects;
    private final Counter charts;
    private final Map<String, Counter> rejects = new ConcurrentHashMap<>();

    public StreamerMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.frames = Counter.builder("thor.schwab.frames").description("Websocket frames received from Schwab")
                .register(meters);
        this.ticks = Counter.builder("thor.schwab.ticks").description("Ticks published from the Schwab stream")
                .register(meters);
        this.reconnects = Counter.builder("thor.schwab.reconnects")
                .description("Schwab stream reconnects after a lost or refused connection").register(meters);
        this.charts = Counter.builder("thor.schwab.chart.entries")
                .description("CHART_EQUITY / CHART_FUTURES data entries forwarded from the Schwab stream").register(meters);
    }

    void frame() {
        frames.increment();
    }

    void ticks(int n) {
        ticks.increment(n);
    }

    void chart() {
        charts.increment();
    }

    void reconnect() {
        reconnects.increment();
    }

    /** Counts one skipped piece of input; logs it if it is the first of its kind. */
    void reject(String reason, String what) {
        boolean first = !rejects.containsKey(reason);
        rejects.computeIfAbsent(reason, r -> Counter.builder("thor.schwab.rejects").tag("reason", r)
                .description("Schwab input skipped, by reason").register(meters)).increment();
        if (first) {
            log.warn("Schwab stream: skipped {} ({}); further ones are only counted in "
                    + "thor.schwab.rejects, reason={}", reason, sample(what), reason);
        }
    }

    long frames() {
        return (long) frames.count();
    }

    long ticksOut() {
        return (long) ticks.count();
    }

    long reconnects() {
        return (long) reconnects.count();
    }

    private static String sample(String s) {
        return s == null || s.length() <= SAMPLE_CHARS ? s : s.substring(0, SAMPLE_CHARS) + "...";
    }
}
