package routes.globalmarkets;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A market opened or closed (CONTRACT §5 {@code events:markets}): {@code at} is the scheduled instant of the
 * transition (not when the clock noticed it), {@code sessionDate} the local trade date of the session.
 * A lunch break is a close followed by an open.
 */
public record MarketEvent(Type type, String market, Instant at, LocalDate sessionDate) {

    public enum Type { MARKET_OPENED, MARKET_CLOSED }

    /** For camel-sql: timestamptz binds as OffsetDateTime. */
    public OffsetDateTime atTimestamp() {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("type", type.name());
        f.put("market", market);
        f.put("at", at.toString());
        f.put("session_date", sessionDate.toString());
        return f;
    }
}
