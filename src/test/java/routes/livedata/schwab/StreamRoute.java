package routes.livedata.schwab;

import org.apache.camel.CamelContext;

import java.util.concurrent.TimeUnit;

/** The route {@code livedata-schwab-stream}, started and stopped as an operator would (Hawtio, the route controller). */
final class StreamRoute {

    static final String ID = "livedata-schwab-stream";

    private final CamelContext camel;

    StreamRoute(CamelContext camel) {
        this.camel = camel;
    }

    void start() {
        try {
            camel.getRouteController().startRoute(ID);
        } catch (Exception e) {
            throw new IllegalStateException("route " + ID + " did not start", e);
        }
    }

    void stop() {
        try {
            camel.getRouteController().stopRoute(ID, 10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("route " + ID + " did not stop", e);
        }
    }
}
