package routes.globalmarkets.calendar;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A time on the exchange's clock as the catalog writes it: "09:30", "24:00" (the start of the next day,
 * never "+24 h", which is wrong on 23- and 25-hour days), or "16:00 America/New_York" for a market whose
 * hours follow another country's clock (Mexico, Brazil follow US daylight saving).
 *
 * <p>An instant is computed per date from the local wall time with {@link ZonedDateTime#ofLocal}: a time
 * inside a DST gap moves forward by the length of the gap, a time inside an overlap takes the earlier
 * offset. Both are fixed rules, so the answer never depends on the JVM or on the order of calls.
 *
 * @param zone null for the market's own time zone
 */
public record WallTime(LocalTime time, boolean endOfDay, ZoneId zone) {

    /** Parses "HH:MM", "24:00" or "HH:MM Area/City"; throws {@link DateTimeException} on anything else. */
    public static WallTime parse(String text) {
        String t = text.trim();
        int space = t.indexOf(' ');
        ZoneId zone = null;
        if (space > 0) {
            zone = ZoneId.of(t.substring(space + 1).trim());
            t = t.substring(0, space);
        }
        if ("24:00".equals(t)) {
            return new WallTime(LocalTime.MIDNIGHT, true, zone);
        }
        return new WallTime(LocalTime.parse(t), false, zone);
    }

    /** The instant this time has on {@code date}, read in {@code marketZone} unless the time names its own. */
    public Instant on(LocalDate date, ZoneId marketZone) {
        LocalDateTime local = endOfDay ? date.plusDays(1).atStartOfDay() : LocalDateTime.of(date, time);
        return ZonedDateTime.ofLocal(local, zone == null ? marketZone : zone, null).toInstant();
    }

    @Override
    public String toString() {
        String hm = endOfDay ? "24:00" : time.toString();
        return zone == null ? hm : hm + " " + zone.getId();
    }
}
