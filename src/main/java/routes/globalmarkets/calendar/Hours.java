package routes.globalmarkets.calendar;

import java.time.LocalDate;
import java.util.List;

/**
 * A market's regular hours from an effective date on (until the next version takes over): trading
 * segments and the breaks inside them, in local wall time.
 */
public record Hours(LocalDate effectiveFrom, List<Segment> segments, List<Window> breaks) {

    public Hours {
        segments = List.copyOf(segments);
        breaks = List.copyOf(breaks);
    }

    /**
     * A trading segment of a trade date; {@code openDayOffset} -1 opens the evening before (futures).
     */
    public record Segment(WallTime open, int openDayOffset, WallTime close) {
    }

    /** A break inside the segments, on the trade date itself. */
    public record Window(WallTime start, WallTime end) {
    }
}
