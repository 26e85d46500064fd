package routes.globalmarkets.calendar;

import com.ibm.icu.util.Calendar;
import com.ibm.icu.util.ChineseCalendar;
import com.ibm.icu.util.DangiCalendar;
import com.ibm.icu.util.IslamicCalendar;
import com.ibm.icu.util.TimeZone;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.globalmarkets.calendar.Catalogs.calendar;
import static routes.globalmarkets.calendar.Catalogs.closedWeekdays;
import static routes.globalmarkets.calendar.Catalogs.dates;

/**
 * 2028 is projected for every market but New York. The lunisolar days are checked two ways: against dates
 * known from published almanacs (Lunar New Year 2028 is January 26, in Korea January 27; Mid-Autumn and Chuseok
 * October 3; Dragon Boat May 28; Qingming April 4; Japan's equinoxes March 20 and September 22), and against
 * ICU read the other way round here: every day of 2028 converted to the lunar calendar, the day whose fields
 * match kept (the catalog's code goes from the lunar fields to the date). Then each market's 2028 closures,
 * worked out by hand from those dates and the holiday rules.
 */
class Projected2028Test {

    private static final LocalDate JAN_1 = LocalDate.of(2028, 1, 1);
    private static final LocalDate DEC_31 = LocalDate.of(2028, 12, 31);

    /** The days of {@code year} whose fields on {@code cal} are (month, day), not a leap month. */
    private static List<LocalDate> byScanning(Calendar cal, int year, int month, int day) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            cal.setTimeInMillis(d.atTime(12, 0).atZone(ZoneId.of(cal.getTimeZone().getID())).toInstant().toEpochMilli());
            boolean leap = cal instanceof ChineseCalendar && cal.get(Calendar.IS_LEAP_MONTH) == 1;
            if (!leap && cal.get(Calendar.MONTH) + 1 == month && cal.get(Calendar.DAY_OF_MONTH) == day) {
                out.add(d);
            }
        }
        return out;
    }

    private static ChineseCalendar chinese() {
        return new ChineseCalendar(TimeZone.getTimeZone("Asia/Shanghai"));
    }

    private static DangiCalendar korean() {
        DangiCalendar c = new DangiCalendar();
        c.setTimeZone(TimeZone.getTimeZone("Asia/Seoul"));
        return c;
    }

    @Test
    void lunisolarDaysAgreeWithAlmanacsAndWithIcuReadTheOtherWay() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        record Case(LunarDate rule, ZoneId zone, String almanac, Calendar scan) {
        }
        for (Case c : List.of(
                new Case(new LunarDate(LunarDate.Kind.CHINESE, 1, 1), shanghai, "2028-01-26", chinese()),
                new Case(new LunarDate(LunarDate.Kind.CHINESE, 5, 5), shanghai, "2028-05-28", chinese()),
                new Case(new LunarDate(LunarDate.Kind.CHINESE, 8, 15), shanghai, "2028-10-03", chinese()),
                new Case(new LunarDate(LunarDate.Kind.CHINESE, 4, 8), shanghai, "2028-05-02", chinese()),
                new Case(new LunarDate(LunarDate.Kind.CHINESE, 9, 9), shanghai, "2028-10-26", chinese()),
                new Case(new LunarDate(LunarDate.Kind.KOREAN, 1, 1), ZoneId.of("Asia/Seoul"), "2028-01-27", korean()),
                new Case(new LunarDate(LunarDate.Kind.KOREAN, 8, 15), ZoneId.of("Asia/Seoul"), "2028-10-03", korean()))) {
            assertThat(c.rule().in(2028, c.zone())).as(c.rule().toString()).containsExactly(LocalDate.parse(c.almanac()));
            assertThat(byScanning(c.scan(), 2028, c.rule().month(), c.rule().day())).as(c.rule() + " scanned")
                    .containsExactly(LocalDate.parse(c.almanac()));
        }
        // the tabular Islamic calendar: Shawwal 1 and Dhu al-Hijjah 10 of 2028, scanned the same way
        IslamicCalendar civil = new IslamicCalendar(TimeZone.getTimeZone("UTC"));
        civil.setCalculationType(IslamicCalendar.CalculationType.ISLAMIC_CIVIL);
        assertThat(new LunarDate(LunarDate.Kind.ISLAMIC, 10, 1).in(2028, ZoneId.of("UTC")))
                .isEqualTo(byScanning(civil, 2028, 10, 1)).hasSize(1);
        assertThat(new LunarDate(LunarDate.Kind.ISLAMIC, 12, 10).in(2028, ZoneId.of("UTC")))
                .isEqualTo(byScanning(civil, 2028, 12, 10)).hasSize(1);
        // 2033 has Eid al-Fitr twice (January and December): both are returned
        assertThat(new LunarDate(LunarDate.Kind.ISLAMIC, 10, 1).in(2033, ZoneId.of("UTC"))).hasSize(2);
        // solar terms: Qingming (15°) and Japan's equinoxes (0°, 180°) as the almanacs give them
        assertThat(new LunarDate(LunarDate.Kind.SOLAR_TERM, 0, 15).in(2028, shanghai)).containsExactly(LocalDate.of(2028, 4, 4));
        assertThat(new LunarDate(LunarDate.Kind.SOLAR_TERM, 0, 15).in(2027, shanghai)).containsExactly(LocalDate.of(2027, 4, 5));
        assertThat(new LunarDate(LunarDate.Kind.SOLAR_TERM, 0, 0).in(2028, ZoneId.of("Asia/Tokyo"))).containsExactly(LocalDate.of(2028, 3, 20));
        assertThat(new LunarDate(LunarDate.Kind.SOLAR_TERM, 0, 180).in(2028, ZoneId.of("Asia/Tokyo"))).containsExactly(LocalDate.of(2028, 9, 22));
        assertThat(new LunarDate(LunarDate.Kind.SOLAR_TERM, 0, 0).in(2027, ZoneId.of("Asia/Tokyo"))).containsExactly(LocalDate.of(2027, 3, 21));
    }

    // LNY Wed-Fri Jan 26-28 (eve Tue 25: half day); Ching Ming Tue Apr 4; Easter Apr 16; Buddha Tue May 2;
    // Tuen Ng Sun May 28 -> Mon 29; National Day Sun Oct 1 -> Mon 2; day after Mid-Autumn Wed Oct 4.
    @Test
    void hongKong2028() {
        MarketCalendar hk = calendar("HONG_KONG");
        assertThat(closedWeekdays(hk, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2028-01-26", "2028-01-27",
                "2028-01-28", "2028-04-04", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-02", "2028-05-29",
                "2028-10-02", "2028-10-04", "2028-10-26", "2028-12-25", "2028-12-26"));
        assertThat(hk.sessionOn(LocalDate.of(2028, 1, 25)).orElseThrow().close().toString()).isEqualTo("2028-01-25T04:00:00Z");
        assertThat(hk.sessions(JAN_1, DEC_31)).allMatch(s -> hk.isProjected(s.date()));
    }

    // Seollal Jan 26-28 (Korean New Year Thu Jan 27); Chuseok Oct 2-4 (its day is National Foundation Day too:
    // the substitute for that overlap is not modelled, Oct 5 trades); Dec 31 a Sunday -> Fri Dec 29.
    @Test
    void korea2028() {
        assertThat(closedWeekdays(calendar("KOREA"), JAN_1, DEC_31)).containsExactlyElementsOf(dates("2028-01-26",
                "2028-01-27", "2028-01-28", "2028-03-01", "2028-05-01", "2028-05-02", "2028-05-05", "2028-06-06",
                "2028-07-17", "2028-08-15", "2028-10-02", "2028-10-03", "2028-10-04", "2028-10-09", "2028-12-25",
                "2028-12-29"));
    }

    // CNY Jan 26-27; Hari Raya Puasa Sun Feb 27 -> Mon 28 (tabular); Haji Fri May 5; Vesak (4/15) Tue May 9;
    // Deepavali is not computed and trades.
    @Test
    void singapore2028() {
        MarketCalendar sgx = calendar("SINGAPORE");
        assertThat(closedWeekdays(sgx, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2028-01-26", "2028-01-27",
                "2028-02-28", "2028-04-14", "2028-05-01", "2028-05-05", "2028-05-09", "2028-08-09", "2028-12-25"));
        assertThat(sgx.sessionOn(LocalDate.of(2028, 1, 25)).orElseThrow().close().toString()).isEqualTo("2028-01-25T04:00:00Z");
    }

    // LNY eve and days 1-3 Jan 25-28; Children's Day and Tomb Sweeping both Tue Apr 4; Dragon Boat Sun May 28 -> Mon 29.
    @Test
    void taiwan2028() {
        assertThat(closedWeekdays(calendar("TAIWAN"), JAN_1, DEC_31)).containsExactlyElementsOf(dates("2028-01-25",
                "2028-01-26", "2028-01-27", "2028-01-28", "2028-02-28", "2028-04-04", "2028-05-01", "2028-05-29",
                "2028-09-28", "2028-10-03", "2028-10-10", "2028-10-25", "2028-12-25"));
    }

    // Statutory days only: eve and Spring Festival Jan 25-28, Qingming Apr 4, Labour Day May 1-2, Mid-Autumn and
    // National Day Oct 2-3 (Oct 1 is a Sunday; Dragon Boat Sun May 28); the bridge days trade.
    @Test
    void shanghai2028() {
        assertThat(closedWeekdays(calendar("CHINA"), JAN_1, DEC_31)).containsExactlyElementsOf(dates("2028-01-25",
                "2028-01-26", "2028-01-27", "2028-01-28", "2028-04-04", "2028-05-01", "2028-05-02", "2028-10-02",
                "2028-10-03"));
    }

    // The exchange's Jan 3; Happy Mondays Jan 10, Jul 17, Sep 18, Oct 9; equinoxes Mon Mar 20 and Fri Sep 22.
    @Test
    void tokyo2028() {
        assertThat(closedWeekdays(calendar("JAPAN"), JAN_1, DEC_31)).containsExactlyElementsOf(dates("2028-01-03",
                "2028-01-10", "2028-02-11", "2028-02-23", "2028-03-20", "2028-05-03", "2028-05-04", "2028-05-05",
                "2028-07-17", "2028-08-11", "2028-09-18", "2028-09-22", "2028-10-09", "2028-11-03", "2028-11-23"));
    }

    // CME: Good Friday Apr 14 keeps the 08:15 session (payrolls unknown); July 3 (Monday) closes 12:15.
    @Test
    void cmeGlobex2028() {
        MarketCalendar cme = calendar("CME_GLOBEX");
        assertThat(cme.sessionOn(LocalDate.of(2028, 4, 14)).orElseThrow().close().toString()).isEqualTo("2028-04-14T13:15:00Z");
        assertThat(cme.sessionOn(LocalDate.of(2028, 7, 3)).orElseThrow().close().toString()).isEqualTo("2028-07-03T17:15:00Z");
        assertThat(cme.sessionOn(LocalDate.of(2028, 7, 4))).isEmpty();
        assertThat(cme.isProjected(LocalDate.of(2028, 1, 3))).isTrue();
    }
}
