package routes.backfill;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import routes.engine.figures.SessionSupervisor;
import routes.globalmarkets.calendar.TradingSession;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Route {@code backfill-revise-session}: a finalized session's figures folded again from its bars (the same
 * {@code sql/session-figures.sql} the finalizer uses, so a revised row is what the finalizer would have
 * written had the bars been there) for the symbols a backfill gave bars.
 */
@Component("sessionRevisions")
public class SessionRevisions {

    /** Parameters of {@code sql/session-figures.sql}; the session goes where {@code sessionSupervisor.finalRows} reads it. */
    public Map<String, Object> query(@Body BackfillWorker.Revision r, Exchange exchange) {
        TradingSession s = r.session();
        exchange.setProperty(SessionSupervisor.SESSION, s);
        Map<String, Object> q = new HashMap<>();
        q.put("market", s.marketId());
        q.put("symbols", r.symbols());
        q.put("session_date", s.date());
        q.put("from", ts(BackfillPlanner.floorMinute(s.open())));
        q.put("to", ts(s.close()));
        return q;
    }

    private static OffsetDateTime ts(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
