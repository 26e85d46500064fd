package routes.backfill;

import java.time.Instant;

/** A row of {@code backfill_request}: one symbol's range and what became of it. */
public record BackfillRequest(long id, String symbol, Instant from, Instant to, String scope, Long interruptionId,
                              String requestedBy, String state, int attempts, Instant nextAttemptAt, int barsFilled,
                              String lastError, Instant createdAt, Instant updatedAt) {

    public static final String PENDING = "PENDING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String UNSUPPORTED = "UNSUPPORTED";

    public static BackfillRequest of(java.sql.ResultSet rs) throws java.sql.SQLException {
        long interruption = rs.getLong("interruption_id");
        Long iid = rs.wasNull() ? null : interruption;
        return new BackfillRequest(rs.getLong("id"), rs.getString("symbol"), rs.getTimestamp("range_from").toInstant(),
                rs.getTimestamp("range_to").toInstant(), rs.getString("scope"), iid, rs.getString("requested_by"),
                rs.getString("state"), rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(),
                rs.getInt("bars_filled"), rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
