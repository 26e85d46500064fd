package routes.livedata.schwab;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The {@code schwab:} Camel component, shaped like Camel's own (camel-timer): {@code schwab:levelone} is the
 * level-one stream of the one Schwab login this application has. Registered as the Spring bean
 * {@code schwab}, which is how Camel finds a component by its scheme.
 */
@Component("schwab")
public class SchwabComponent extends DefaultComponent {

    private final SchwabStreamer streamer;
    private final Subscriptions subscriptions;

    public SchwabComponent(SchwabStreamer streamer, Subscriptions subscriptions) {
        this.streamer = streamer;
        this.subscriptions = subscriptions;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!SchwabEndpoint.LEVEL_ONE.equals(remaining)) {
            throw new IllegalArgumentException("schwab:" + remaining + " is not a Schwab stream; the one there is is "
                    + "schwab:" + SchwabEndpoint.LEVEL_ONE);
        }
        SchwabEndpoint endpoint = new SchwabEndpoint(uri, this, streamer, subscriptions);
        endpoint.setService(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
