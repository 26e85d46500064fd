package routes.cluster;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code thor.cluster.*}: the Redis leases behind the {@code master:} endpoints.
 *
 * @param lease    how long a leader holds a namespace without renewing it: a dead leader is replaced this long
 *                 after its last renewal
 * @param memberId this instance's name in the cluster; empty: host name, process id and a random suffix
 */
public record ClusterProperties(
        @NotNull @DurationMin(millis = 100) @DefaultValue("10s") Duration lease,
        @NotNull @DefaultValue("") String memberId) {
}
