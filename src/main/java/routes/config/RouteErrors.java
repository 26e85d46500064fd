package routes.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Called by the shared {@code thor-errors} route configuration for every failed exchange: counts it
 * ({@code thor.route.errors{route,exception}}) and logs each kind at most once per {@code thor.routes.error-log-interval}, so an outage
 * gives a readable log rather than thousands of stack traces.
 */
@Component("routeErrors")
public class RouteErrors {

    private static final Logger log = LoggerFactory.getLogger(RouteErrors.class);
    /** thor.routes.error-log-interval */
    private final long logEveryMs;

    private final MeterRegistry meters;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public RouteErrors(MeterRegistry meters, RoutesProperties props) {
        this.meters = meters;
        this.logEveryMs = props.errorLogInterval().toMillis();
    }

    public void record(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String route = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
        String kind = e == null ? "unknown" : rootCause(e).getClass().getSimpleName();
        counters.computeIfAbsent(route + '|' + kind, k -> Counter.builder("thor.route.errors")
                .tag("route", route).tag("exception", kind)
                .description("Failed exchanges, by route and root exception").register(meters)).increment();
        long now = System.nanoTime() / 1_000_000;
        Long prev = lastLogged.get(route + '|' + kind);
        if (prev == null || now - prev >= logEveryMs) {
            lastLogged.put(route + '|' + kind, now);
            log.warn("Route {} failed: {} (logged at most every {} ms per route and kind; counted in "
                    + "thor.route.errors)", route, e == null ? "unknown" : rootCause(e).toString(), logEveryMs, e);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
