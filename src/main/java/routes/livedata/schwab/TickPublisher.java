package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import routes.livedata.Tick;

import java.util.Collection;
import java.util.List;

/** Where the stream's output goes: the route of the {@code schwab:} consumer, on to the sink (and the cross-check). */
interface TickPublisher {

    /** These symbols start again from a baseline: Schwab is about to resend their whole quotes. */
    void baseline(Collection<String> symbols);

    /** The merged quotes of one frame, in order. */
    void publish(List<Tick> ticks);

    /** One CHART_EQUITY / CHART_FUTURES data entry ({@code service}, {@code timestamp}, {@code content}), as sent. */
    void chart(JsonNode entry);
}
