package routes.livedata.demo;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code thor.livedata.demo.*}: the built-in simulated feed.
 *
 * @param enabled        run the demo feed
 * @param ticksPerSecond updates per second over all symbols
 * @param seed           random seed; the same seed gives the same walk
 * @param interval       how often the feed hands its due updates to the sink (route livedata-demo-feed)
 */
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @Min(1) @DefaultValue("20") int ticksPerSecond,
        @DefaultValue("42") long seed,
        @NotNull @DurationMin(millis = 1) @DefaultValue("100ms") Duration interval) {
}
