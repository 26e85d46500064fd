package routes.backfill;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code schwabBackfill}: the backfill's progress (requests pending, failed, symbols Schwab
 * does not serve, bars filled) and its last error. UP while nothing has failed, UNKNOWN otherwise or while
 * off; never DOWN: a vendor's history being away must not take the app out of service (CONTRACT §7).
 */
@Component("schwabBackfillHealthIndicator")
public class BackfillHealthIndicator implements HealthIndicator {

    private final BackfillWorker worker;
    private final BackfillProperties props;

    public BackfillHealthIndicator(BackfillWorker worker, BackfillProperties props) {
        this.worker = worker;
        this.props = props;
    }

    @Override
    public Health health() {
        BackfillWorker.Status s = worker.status();
        Health.Builder h = props.enabled() && s.failed() == 0 ? Health.up() : Health.unknown();
        h.withDetail("enabled", props.enabled()).withDetail("pending", s.pending()).withDetail("failed", s.failed())
                .withDetail("unsupportedSymbols", s.unsupported()).withDetail("barsFilled", s.barsFilled());
        if (s.lastFilledAt() != null) {
            h.withDetail("lastFilledAt", s.lastFilledAt().toString());
        }
        if (s.lastError() != null) {
            h.withDetail("lastError", s.lastError()).withDetail("lastErrorAt", s.lastErrorAt().toString());
        }
        return h.build();
    }
}
