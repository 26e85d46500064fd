package routes.coverage;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** {@code thor.coverage.*}: the app's heartbeat, from which a restart finds how long the app was down. */
@Validated
@ConfigurationProperties(prefix = "thor.coverage")
public class CoverageProperties {

    /** How often the heartbeat is written to Redis. */
    @NotNull @DurationMin(millis = 100)
    private Duration heartbeatInterval = Duration.ofSeconds(5);

    /**
     * A heartbeat older than this at startup means the app was down (from that beat to the restart). Must
     * exceed the interval by enough for a garbage-collection pause or a slow Redis.
     */
    @NotNull @DurationMin(millis = 300)
    private Duration downAfter = Duration.ofSeconds(15);

    /** The longest range the coverage API answers for in one call. */
    @NotNull @DurationMin(minutes = 1)
    private Duration maxRange = Duration.ofDays(31);

    public Duration getHeartbeatInterval() { return heartbeatInterval; }
    public void setHeartbeatInterval(Duration v) { this.heartbeatInterval = v; }
    public Duration getDownAfter() { return downAfter; }
    public void setDownAfter(Duration v) { this.downAfter = v; }
    public Duration getMaxRange() { return maxRange; }
    public void setMaxRange(Duration v) { this.maxRange = v; }
}
