package routes.livedata.tos;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;

import java.time.Instant;

/**
 * Health component {@code tosExport}. UP while the last look at the export found it readable and it is not
 * frozen; UNKNOWN when the poller is off, has not read a version yet, cannot use the file (missing, unreadable,
 * no Symbol header), or the coverage check found it frozen (readable, but no row changed for
 * {@code thor.livedata.tos.frozen-after} while a market of its symbols is open), with the reason in
 * {@code problem}; {@code contentChangedAt} says when a row last changed, {@code frozenSince} and
 * {@code frozenSymbols} since when and for which symbols it is frozen. It is never DOWN: the desktop being closed for the
 * night must not take the app out of service, and Spring's aggregate ignores UNKNOWN, so
 * {@code /actuator/health} stays a statement about Redis and Postgres (CONTRACT §7).
 */
@Component("tosExportHealthIndicator")
public class TosExportHealthIndicator implements HealthIndicator {

    private final TosExportPoller poller;
    private final boolean enabled;

    public TosExportHealthIndicator(TosExportPoller poller, LiveDataProperties props) {
        this.poller = poller;
        this.enabled = props.tos().enabled();
    }

    @Override
    public Health health() {
        Health.Builder h = Health.unknown().withDetail("enabled", enabled).withDetail("file", poller.file().toString());
        if (!enabled) {
            return h.build();
        }
        TosExportPoller.Status s = poller.status();
        TosExportPoller.Frozen frozen = poller.frozen();
        if (s.problem() == null && s.lastVersion() != null && frozen == null) {
            h.up();
        }
        if (s.problem() != null) {
            h.withDetail("problem", s.problem());
        } else if (s.lastVersion() == null) {
            h.withDetail("problem", "no version of the file has been read yet");
        } else if (frozen != null) {
            h.withDetail("problem", "frozen since " + frozen.since() + ": no row changed while the market of "
                    + frozen.symbols() + " is open (Excel, RTD or thinkorswim stalled?)");
        }
        if (frozen != null) {
            h.withDetail("frozenSince", frozen.since().toString()).withDetail("frozenSymbols", frozen.symbols());
        }
        Instant changed = poller.contentChangedAt();
        if (changed != null) {
            h.withDetail("contentChangedAt", changed.toString());
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
