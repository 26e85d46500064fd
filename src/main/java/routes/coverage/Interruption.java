package routes.coverage;

import java.time.Instant;

/**
 * A stretch of time in which a source was not delivering (a row of {@code feed_interruption}).
 *
 * @param symbol  null: every symbol of the source
 * @param endedAt null: still going on
 */
public record Interruption(long id, String source, String symbol, Instant startedAt, Instant endedAt, String reason) {

    /** True when the interruption overlaps {@code [from, to)}; an open one lasts until {@code now}. */
    public boolean overlaps(Instant from, Instant to, Instant now) {
        Instant end = endedAt == null ? now : endedAt;
        return startedAt.isBefore(to) && end.isAfter(from);
    }

    public boolean covers(String sym) {
        return symbol == null || symbol.equals(sym);
    }
}
