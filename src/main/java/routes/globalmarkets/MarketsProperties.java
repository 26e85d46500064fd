package routes.globalmarkets;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code thor.markets.*}: GlobalMarkets, the clock.
 *
 * @param location            the market catalog, a Spring resource
 * @param additionalLocations more catalogs whose markets are added to the main one (ids must not repeat)
 * @param boardInterval       how often market:{id} is refreshed (route globalmarkets-status-board)
 * @param clockCron           Quartz cron (UTC) of the market clock (route globalmarkets-clock); each fire emits the
 *                            transitions since the last
 */
public record MarketsProperties(
        @NotBlank @DefaultValue("classpath:markets/markets.yaml") String location,
        @NotNull @DefaultValue List<String> additionalLocations,
        @NotNull @DurationMin(millis = 10) @DefaultValue("1s") Duration boardInterval,
        @NotBlank @DefaultValue("* * * * * ?") String clockCron) {
}
