package routes.livedata.schwab;

import routes.livedata.Tick;

import java.util.Collection;
import java.util.List;

/** Where the stream's output goes: the route of the {@code schwab:} consumer, on to the sink. */
interface TickPublisher {

    /** These symbols start again from a baseline: Schwab is about to resend their whole quotes. */
    void baseline(Collection<String> symbols);

    /** The merged quotes of one frame, in order. */
    void publish(List<Tick> ticks);
}
