package routes.coverage;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code thor.coverage.*}: the app's heartbeat, from which a restart finds how long the app was down.
 *
 * @param heartbeatInterval how often the heartbeat is written to Redis
 * @param downAfter         a heartbeat older than this at startup means the app was down (from that beat to the
 *                          restart). Must exceed the interval by enough for a garbage-collection pause or a slow Redis
 * @param maxRange          the longest range the coverage API answers for in one call
 */
public record CoverageProperties(
        @NotNull @DurationMin(millis = 100) @DefaultValue("5s") Duration heartbeatInterval,
        @NotNull @DurationMin(millis = 300) @DefaultValue("15s") Duration downAfter,
        @NotNull @DurationMin(minutes = 1) @DefaultValue("31d") Duration maxRange) {
}
