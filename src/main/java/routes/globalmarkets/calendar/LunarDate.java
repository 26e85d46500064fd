package routes.globalmarkets.calendar;

import com.ibm.icu.impl.CalendarAstronomer;
import com.ibm.icu.util.Calendar;
import com.ibm.icu.util.ChineseCalendar;
import com.ibm.icu.util.DangiCalendar;
import com.ibm.icu.util.GregorianCalendar;
import com.ibm.icu.util.IslamicCalendar;
import com.ibm.icu.util.TimeZone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A holiday on another calendar, computed by ICU4J rather than typed in: a day of the Chinese lunisolar
 * calendar (China's time, as Hong Kong, Taiwan and Singapore keep it), of the Korean one (Seoul's time: Seollal
 * can fall a day after the Chinese New Year), of the tabular (civil) Islamic calendar, or the local day on which
 * the sun reaches an ecliptic longitude (Qingming 15°, Japan's equinoxes 0° and 180°).
 *
 * <p>ICU computes new moons and solar terms astronomically, a few minutes off at worst: a new moon within minutes
 * of midnight can move a festival by a day (ICU 76.1 puts the 2027 Chinese New Year on Feb 7, the published date
 * is Feb 6). That is why these rules serve projected years only, and published lists win while they last.
 *
 * @param month the lunar or Islamic month (1-12); unused for a solar term
 * @param day   the day of the month, or the solar longitude in degrees for a solar term
 */
public record LunarDate(Kind kind, int month, int day) {

    public enum Kind {
        CHINESE("chinese"), KOREAN("korean"), ISLAMIC("islamic"), SOLAR_TERM("solar-term");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** Every date in Gregorian {@code year} this day falls on (an Islamic date can fall twice, or not at all). */
    public List<LocalDate> in(int year, ZoneId marketZone) {
        return switch (kind) {
            case CHINESE -> List.of(lunisolar(new ChineseCalendar(TimeZone.getTimeZone("Asia/Shanghai")), year));
            case KOREAN -> {
                DangiCalendar c = new DangiCalendar();
                c.setTimeZone(TimeZone.getTimeZone("Asia/Seoul"));
                yield List.of(lunisolar(c, year));
            }
            case ISLAMIC -> islamic(year);
            case SOLAR_TERM -> List.of(solarTerm(year, marketZone));
        };
    }

    /** The day of the lunar year that begins in {@code year} (a lunar year starts between Jan 21 and Feb 20). */
    private LocalDate lunisolar(Calendar lunar, int year) {
        GregorianCalendar g = new GregorianCalendar(lunar.getTimeZone());
        g.clear();
        g.set(year, Calendar.JULY, 1, 12, 0);
        lunar.setTimeInMillis(g.getTimeInMillis());
        int lunarYear = lunar.get(Calendar.EXTENDED_YEAR);
        lunar.clear();
        lunar.set(Calendar.EXTENDED_YEAR, lunarYear);
        lunar.set(Calendar.MONTH, month - 1);
        lunar.set(Calendar.IS_LEAP_MONTH, 0);
        lunar.set(Calendar.DAY_OF_MONTH, day);
        lunar.set(Calendar.HOUR_OF_DAY, 12);
        return gregorian(lunar.getTimeInMillis(), lunar.getTimeZone());
    }

    private List<LocalDate> islamic(int year) {
        TimeZone utc = TimeZone.getTimeZone("UTC");
        IslamicCalendar c = new IslamicCalendar(utc);
        c.setCalculationType(IslamicCalendar.CalculationType.ISLAMIC_CIVIL);
        List<LocalDate> out = new ArrayList<>();
        GregorianCalendar g = new GregorianCalendar(utc);
        g.clear();
        g.set(year, Calendar.JANUARY, 1, 12, 0);
        c.setTimeInMillis(g.getTimeInMillis());
        int first = c.get(Calendar.EXTENDED_YEAR);
        for (int iy = first; iy <= first + 1; iy++) {
            c.clear();
            c.set(Calendar.EXTENDED_YEAR, iy);
            c.set(Calendar.MONTH, month - 1);
            c.set(Calendar.DAY_OF_MONTH, day);
            c.set(Calendar.HOUR_OF_DAY, 12);
            LocalDate d = gregorian(c.getTimeInMillis(), utc);
            if (d.getYear() == year) {
                out.add(d);
            }
        }
        return out;
    }

    /** The local day on which the sun reaches {@code day} degrees of longitude in {@code year}. */
    private LocalDate solarTerm(int year, ZoneId zone) {
        long start = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant().toEpochMilli();
        // from the first of January the sun reaches any longitude once before the next year's
        long at = new CalendarAstronomer(start).getSunTime(Math.toRadians(day), true);
        return LocalDate.ofInstant(Instant.ofEpochMilli(at), zone);
    }

    private static LocalDate gregorian(long millis, TimeZone zone) {
        GregorianCalendar g = new GregorianCalendar(zone);
        g.setTimeInMillis(millis);
        return LocalDate.of(g.get(Calendar.YEAR), g.get(Calendar.MONTH) + 1, g.get(Calendar.DAY_OF_MONTH));
    }

    @Override
    public String toString() {
        return kind == Kind.SOLAR_TERM ? kind.key + " " + day + "°" : kind.key + " " + month + "/" + day;
    }
}
