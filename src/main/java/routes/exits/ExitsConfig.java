package routes.exits;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import routes.config.RoutesProperties;

/** The exits bean ({@code exits} in the YAML routes), sized by {@code thor.routes.exit-queue-size}. */
@Configuration
public class ExitsConfig {

    @Bean("exits")
    Exits exits(CamelContext camel, MeterRegistry meters, RoutesProperties props) {
        return new Exits(camel, meters, props.exitQueueSize(),
                props.errorLogInterval().toMillis());
    }
}
