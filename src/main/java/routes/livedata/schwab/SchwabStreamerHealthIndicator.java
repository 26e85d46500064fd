package routes.livedata.schwab;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code schwabStreamer} in /actuator/health. Only a dead login is OUT_OF_SERVICE: nothing but a person
 * can fix it, so it should alert someone, and the overall status then reads OUT_OF_SERVICE (HTTP 503)
 * too, never DOWN: DOWN stays reserved for Redis and Postgres, and the liveness probe is unaffected, so
 * nothing restarts the app over a login a restart cannot fix. Connecting, reconnecting, standby (another
 * instance streams), idle (nothing subscribed) and disabled are normal moments and stay UP, with the
 * state in the details.
 */
@Component
public class SchwabStreamerHealthIndicator implements HealthIndicator {

    private final SchwabStreamer streamer;

    public SchwabStreamerHealthIndicator(SchwabStreamer streamer) {
        this.streamer = streamer;
    }

    @Override
    public Health health() {
        SchwabStreamer.Status s = streamer.status();
        Health.Builder h = s.state() == SchwabStreamer.State.LOGIN_REQUIRED ? Health.outOfService() : Health.up();
        h.withDetail("state", s.state()).withDetail("detail", s.detail()).withDetail("since", String.valueOf(s.since()));
        if (s.lastTickAt() != null) {
            h.withDetail("lastTickAt", s.lastTickAt().toString());
        }
        if (s.refreshTokenExpiresAt() != null) {
            h.withDetail("refreshTokenExpiresAt", s.refreshTokenExpiresAt().toString());
        }
        return h.build();
    }
}
