package routes.globalmarkets.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a holiday, an early close or a late open finds its date in a year: a fixed date, a day of a month,
 * the nth (or last) weekday of a month, an offset from Western Easter, or a day of a lunisolar or Islamic
 * calendar ({@link LunarDate}); then a shift in days, a weekend observance and a weekday filter. Political
 * holidays (elections, bridge days) are written as fixed dates.
 *
 * @param date     a single dated occurrence, or null for a yearly rule
 * @param month    1-12 for a yearly rule by month
 * @param day      day of month; with a weekday it anchors the search ("Monday on or before May 24"); a
 *                 rule on 29 February has no date in other years
 * @param weekday  with nth: the nth such weekday on or after the anchor (nth &lt; 0: on or before it)
 * @param easter   days from Western Easter Sunday (Good Friday -2)
 * @param shift    days added after the above (day after Thanksgiving: +1)
 * @param on       weekdays on which the rule applies at all (empty: every day)
 * @param fromYear first year the rule applies (null: always)
 * @param toYear   last year the rule applies (null: always)
 * @param time     close time (early close, abbreviated holiday) or open time (late open); null for closures
 * @param lunar    a day of another calendar computed by ICU (Chinese, Korean, Islamic, solar term), or null
 * @param projectedOnly true for a rule that only projects: it places no date up to the market's published end
 */
public record DayRule(String name, LocalDate date, Integer month, Integer day, DayOfWeek weekday, int nth,
                      Integer easter, int shift, Observance observance, Set<DayOfWeek> on, Integer fromYear,
                      Integer toYear, WallTime time, LunarDate lunar, boolean projectedOnly) {

    public DayRule {
        on = Set.copyOf(on);
    }

    /** A rule on the Gregorian calendar that applies in published and projected years alike. */
    public DayRule(String name, LocalDate date, Integer month, Integer day, DayOfWeek weekday, int nth,
                   Integer easter, int shift, Observance observance, Set<DayOfWeek> on, Integer fromYear,
                   Integer toYear, WallTime time) {
        this(name, date, month, day, weekday, nth, easter, shift, observance, on, fromYear, toYear, time, null, false);
    }

    /** What happens when the date falls on a weekend. */
    public enum Observance {
        /** Nothing: a weekend holiday is simply lost. */
        NONE("none"),
        /** Saturday to the Friday before, Sunday to the Monday after (US). */
        NEAREST_WEEKDAY("nearest-weekday"),
        /** Sunday to Monday; a Saturday holiday is lost (NYSE New Year, South Africa). */
        SUNDAY_TO_MONDAY("sunday-to-monday"),
        /** Saturday or Sunday to the next Monday-Friday that is not already a holiday (UK Christmas and Boxing Day). */
        NEXT_FREE_WEEKDAY("next-free-weekday"),
        /** Saturday or Sunday to the Friday before (half days on Christmas Eve). */
        PREVIOUS_FRIDAY("previous-friday"),
        /** Sunday to the next weekday that is not already a holiday; Saturday kept (Hong Kong, Japan, Korea's Seollal). */
        SUNDAY_TO_NEXT_FREE_WEEKDAY("sunday-to-next-free-weekday");

        private final String key;

        Observance(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Observance of(String key) {
            for (Observance o : values()) {
                if (o.key.equals(key)) {
                    return o;
                }
            }
            return null;
        }
    }

    /** Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int dayOfMonth = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, dayOfMonth);
    }

    /** The date before weekend observance in {@code year}, or null when the rule does not apply that year. */
    LocalDate unobserved(int year) {
        List<LocalDate> all = unobserved(year, ZoneOffset.UTC);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Every date before weekend observance in {@code year} (a lunar rule's local days in {@code zone}). */
    List<LocalDate> unobserved(int year, ZoneId zone) {
        if ((fromYear != null && year < fromYear) || (toYear != null && year > toYear)) {
            return List.of();
        }
        if (lunar != null) {
            List<LocalDate> out = new ArrayList<>();
            for (LocalDate d : lunar.in(year, zone)) {
                out.add(d.plusDays(shift));
            }
            return out;
        }
        LocalDate d = gregorian(year);
        return d == null ? List.of() : List.of(d);
    }

    private LocalDate gregorian(int year) {
        if (month != null && day != null && day > YearMonth.of(year, month).lengthOfMonth()) {
            return null; // 29 February: no such day outside leap years, so no date that year
        }
        LocalDate d;
        if (date != null) {
            d = date.getYear() == year ? date : null;
        } else if (easter != null) {
            d = easterSunday(year).plusDays(easter);
        } else if (weekday != null) {
            if (nth > 0) {
                LocalDate anchor = LocalDate.of(year, month, day == null ? 1 : day);
                d = anchor.with(TemporalAdjusters.nextOrSame(weekday)).plusWeeks(nth - 1L);
            } else {
                LocalDate anchor = day == null ? LocalDate.of(year, month, 1).with(TemporalAdjusters.lastDayOfMonth())
                        : LocalDate.of(year, month, day);
                d = anchor.with(TemporalAdjusters.previousOrSame(weekday)).minusWeeks(-nth - 1L);
            }
        } else {
            d = LocalDate.of(year, month, day);
        }
        return d == null ? null : d.plusDays(shift);
    }

    /**
     * Resolves rules for one year into dated special days. Dates that need no moving are placed first, so
     * "next free weekday" never lands on a day another rule already holds (UK 2022: Boxing Day Monday the
     * 26th, Christmas moved to Tuesday the 27th). The first rule wins when two land on the same date.
     */
    static Map<LocalDate, SpecialDay> resolve(Collection<DayRule> rules, int year, SpecialDay.Kind kind) {
        return resolve(rules, year, kind, ZoneOffset.UTC, null);
    }

    /**
     * As {@link #resolve(Collection, int, SpecialDay.Kind)} for a market in {@code zone} whose dated lists end
     * on {@code publishedTo} (null: none): a projected-only rule places nothing up to that day.
     */
    static Map<LocalDate, SpecialDay> resolve(Collection<DayRule> rules, int year, SpecialDay.Kind kind,
                                              ZoneId zone, LocalDate publishedTo) {
        Map<LocalDate, SpecialDay> out = new LinkedHashMap<>();
        List<DayRule> toMove = new ArrayList<>();
        List<LocalDate> toMoveFrom = new ArrayList<>();
        for (DayRule r : rules) {
            for (LocalDate d : r.unobserved(year, zone)) {
                if (isWeekend(d) && r.observance != Observance.NONE) {
                    toMove.add(r);
                    toMoveFrom.add(d);
                } else {
                    r.place(out, d, kind, publishedTo);
                }
            }
        }
        for (int i = 0; i < toMove.size(); i++) {
            DayRule r = toMove.get(i);
            LocalDate d = toMoveFrom.get(i);
            LocalDate observed = switch (r.observance) {
                case NEAREST_WEEKDAY -> d.getDayOfWeek() == DayOfWeek.SATURDAY ? d.minusDays(1) : d.plusDays(1);
                case SUNDAY_TO_MONDAY -> d.getDayOfWeek() == DayOfWeek.SUNDAY ? d.plusDays(1) : null;
                case PREVIOUS_FRIDAY -> d.with(TemporalAdjusters.previous(DayOfWeek.FRIDAY));
                case NEXT_FREE_WEEKDAY -> nextFreeWeekday(out, d);
                case SUNDAY_TO_NEXT_FREE_WEEKDAY -> d.getDayOfWeek() == DayOfWeek.SUNDAY ? nextFreeWeekday(out, d) : d;
                case NONE -> d;
            };
            if (observed != null) {
                r.place(out, observed, kind, publishedTo);
            }
        }
        return out;
    }

    private static LocalDate nextFreeWeekday(Map<LocalDate, SpecialDay> taken, LocalDate d) {
        LocalDate n = d.plusDays(1);
        while (isWeekend(n) || taken.containsKey(n)) {
            n = n.plusDays(1);
        }
        return n;
    }

    private void place(Map<LocalDate, SpecialDay> out, LocalDate d, SpecialDay.Kind kind, LocalDate publishedTo) {
        if (!on.isEmpty() && !on.contains(d.getDayOfWeek())) {
            return;
        }
        if (projectedOnly && publishedTo != null && !d.isAfter(publishedTo)) {
            return;
        }
        SpecialDay.Kind k = kind == SpecialDay.Kind.CLOSED && time != null ? SpecialDay.Kind.ABBREVIATED : kind;
        out.putIfAbsent(d, new SpecialDay(d, name, k, time));
    }

    private static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
