package routes.livedata.tos;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import routes.config.ThorProperties;

/**
 * Health component {@code tosExport}. UP while the last look at the export found it readable; UNKNOWN
 * when the poller is off, has not read a version yet, or cannot use the file (missing, unreadable, no
 * Symbol header), with the reason in {@code problem}. It is never DOWN: the desktop being closed for the
 * night must not take the app out of service, and Spring's aggregate ignores UNKNOWN, so
 * {@code /actuator/health} stays a statement about Redis and Postgres (CONTRACT §7).
 */
@Component("tosExportHealthIndicator")
public class TosExportHealthIndicator implements HealthIndicator {

    private final TosExportPoller poller;
    private final boolean enabled;

    public TosExportHealthIndicator(TosExportPoller poller, ThorProperties props) {
        this.poller = poller;
        this.enabled = props.livedata().tos().enabled();
    }

    @Override
    public Health health() {
        Health.Builder h = Health.unknown().withDetail("enabled", enabled).withDetail("file", poller.file().toString());
        if (!enabled) {
            return h.build();
        }
        TosExportPoller.Status s = poller.status();
        if (s.problem() == null && s.lastVersion() != null) {
            h.up();
        }
        if (s.problem() != null) {
            h.withDetail("problem", s.problem());
        } else if (s.lastVersion() == null) {
            h.withDetail("problem", "no version of the file has been read yet");
        }
        if (s.lastPoll() != null) {
            h.withDetail("lastPoll", s.lastPoll().toString());
        }
        if (s.lastVersion() != null) {
            h.withDetail("lastRead", s.lastVersion().toString()).withDetail("rows", s.rows());
        }
        if (s.lastError() != null) {
            h.withDetail("lastError", s.lastError()).withDetail("lastErrorAt", s.lastErrorAt().toString());
        }
        return h.build();
    }
}
