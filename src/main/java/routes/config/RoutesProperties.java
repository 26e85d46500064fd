package routes.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code thor.routes.*}: user routes and what every route shares (README "Extending Thor in YAML").
 *
 * @param directory        a folder whose *.camel.yaml files are loaded at startup beside the built-in routes;
 *                         empty: none
 * @param errorPauseMs     pause after a failed exchange before its route goes on (route-errors.camel.yaml)
 * @param errorLogInterval a failing route's error is logged at most this often per route and kind (always counted)
 * @param exitQueueSize    items each exit (seda:bars, seda:market-events) holds for slow user routes before it drops
 */
public record RoutesProperties(
        @NotNull @DefaultValue("") String directory,
        @Min(0) @DefaultValue("1000") long errorPauseMs,
        @NotNull @DurationMin(millis = 0) @DefaultValue("1m") Duration errorLogInterval,
        @Min(1) @DefaultValue("10000") int exitQueueSize) {
}
