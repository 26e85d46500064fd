package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import routes.livedata.Tick;

import java.util.Collection;
import java.util.List;

/**
 * Runs the stream while the route runs on this instance (under {@code master:}, only on the cluster's leader
 * of {@code schwab}), and turns what it yields into exchanges on the streamer thread, in order: a baseline
 * is routed before the resent quotes it announces. A failed exchange went through the route's error handling
 * ({@code thor-errors}); the stream goes on.
 */
final class SchwabConsumer extends DefaultConsumer implements TickPublisher {

    private final SchwabStreamer streamer;

    SchwabConsumer(SchwabEndpoint endpoint, Processor processor, SchwabStreamer streamer) {
        super(endpoint, processor);
        this.streamer = streamer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        streamer.start(this);
    }

    @Override
    protected void doStop() throws Exception {
        streamer.stop();
        super.doStop();
    }

    @Override
    public void baseline(Collection<String> symbols) {
        route(List.copyOf(symbols), "baseline");
    }

    @Override
    public void publish(List<Tick> ticks) {
        route(ticks, "ticks");
    }

    @Override
    public void chart(JsonNode entry) {
        route(entry, "chart");
    }

    private void route(Object body, String kind) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader(SchwabEndpoint.KIND, kind);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Schwab " + kind + " not delivered", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
