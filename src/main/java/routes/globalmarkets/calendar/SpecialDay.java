package routes.globalmarkets.calendar;

import java.time.LocalDate;

/**
 * A date on which a market departs from its regular hours: closed, closed as a trade date but trading a
 * short session that belongs to the next trade date (CME on US holidays), closing early or opening late.
 *
 * @param time the early close, the late open, or the end of an abbreviated holiday session; null when closed
 */
public record SpecialDay(LocalDate date, String name, Kind kind, WallTime time) {

    public enum Kind {
        /** No trading at all. */
        CLOSED,
        /** No trade date, but a short session until {@code time} that counts for the next trade date. */
        ABBREVIATED,
        EARLY_CLOSE,
        LATE_OPEN
    }

    /** True when the date is no trade date of its own. */
    public boolean isHoliday() {
        return kind == Kind.CLOSED || kind == Kind.ABBREVIATED;
    }
}
