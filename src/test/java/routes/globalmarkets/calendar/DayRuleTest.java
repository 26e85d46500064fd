package routes.globalmarkets.calendar;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DayRuleTest {

    private static DayRule fixed(String name, int month, int day, DayRule.Observance o) {
        return new DayRule(name, null, month, day, null, 0, null, 0, o, Set.of(), null, null, null);
    }

    @Test
    void westernEaster() {
        // published Easter Sundays
        assertThat(DayRule.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(DayRule.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(DayRule.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(DayRule.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(DayRule.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
    }

    @Test
    void nthAndLastWeekdays() {
        DayRule mlk = new DayRule("MLK", null, 1, null, DayOfWeek.MONDAY, 3, null, 0, DayRule.Observance.NONE,
                Set.of(), null, null, null);
        DayRule memorial = new DayRule("Memorial", null, 5, null, DayOfWeek.MONDAY, -1, null, 0,
                DayRule.Observance.NONE, Set.of(), null, null, null);
        DayRule victoria = new DayRule("Victoria", null, 5, 24, DayOfWeek.MONDAY, -1, null, 0,
                DayRule.Observance.NONE, Set.of(), null, null, null);
        DayRule dayAfterThanksgiving = new DayRule("Fri", null, 11, null, DayOfWeek.THURSDAY, 4, null, 1,
                DayRule.Observance.NONE, Set.of(), null, null, null);
        assertThat(mlk.unobserved(2026)).isEqualTo(LocalDate.of(2026, 1, 19));
        assertThat(memorial.unobserved(2026)).isEqualTo(LocalDate.of(2026, 5, 25));
        assertThat(victoria.unobserved(2026)).isEqualTo(LocalDate.of(2026, 5, 18));
        assertThat(victoria.unobserved(2027)).isEqualTo(LocalDate.of(2027, 5, 24));
        assertThat(dayAfterThanksgiving.unobserved(2026)).isEqualTo(LocalDate.of(2026, 11, 27));
    }

    @Test
    void nextFreeWeekdayNeverLandsOnAnotherHoliday() {
        List<DayRule> uk = List.of(fixed("Christmas", 12, 25, DayRule.Observance.NEXT_FREE_WEEKDAY),
                fixed("Boxing Day", 12, 26, DayRule.Observance.NEXT_FREE_WEEKDAY));
        // 2022: Christmas on Sunday, Boxing Day on Monday -> Christmas moves to Tuesday
        assertThat(DayRule.resolve(uk, 2022, SpecialDay.Kind.CLOSED).keySet())
                .containsExactlyInAnyOrder(LocalDate.of(2022, 12, 26), LocalDate.of(2022, 12, 27));
        // 2027: both on the weekend -> Monday and Tuesday
        Map<LocalDate, SpecialDay> y2027 = DayRule.resolve(uk, 2027, SpecialDay.Kind.CLOSED);
        assertThat(y2027.get(LocalDate.of(2027, 12, 27)).name()).isEqualTo("Christmas");
        assertThat(y2027.get(LocalDate.of(2027, 12, 28)).name()).isEqualTo("Boxing Day");
    }

    @Test
    void observances() {
        assertThat(DayRule.resolve(List.of(fixed("J4", 7, 4, DayRule.Observance.NEAREST_WEEKDAY)), 2026,
                SpecialDay.Kind.CLOSED)).containsOnlyKeys(LocalDate.of(2026, 7, 3));
        assertThat(DayRule.resolve(List.of(fixed("J4", 7, 4, DayRule.Observance.NEAREST_WEEKDAY)), 2027,
                SpecialDay.Kind.CLOSED)).containsOnlyKeys(LocalDate.of(2027, 7, 5));
        // a Saturday holiday is lost under sunday-to-monday (NYSE New Year 2028, JSE)
        assertThat(DayRule.resolve(List.of(fixed("NY", 1, 1, DayRule.Observance.SUNDAY_TO_MONDAY)), 2028,
                SpecialDay.Kind.CLOSED)).isEmpty();
        assertThat(DayRule.resolve(List.of(fixed("Eve", 12, 24, DayRule.Observance.PREVIOUS_FRIDAY)), 2028,
                SpecialDay.Kind.EARLY_CLOSE)).containsOnlyKeys(LocalDate.of(2028, 12, 22));
        // a holiday with a close time is an abbreviated session, not a closure
        DayRule abbreviated = new DayRule("MLK", null, 1, null, DayOfWeek.MONDAY, 3, null, 0,
                DayRule.Observance.NONE, Set.of(), null, null, WallTime.parse("12:00"));
        assertThat(DayRule.resolve(List.of(abbreviated), 2026, SpecialDay.Kind.CLOSED)
                .get(LocalDate.of(2026, 1, 19)).kind()).isEqualTo(SpecialDay.Kind.ABBREVIATED);
    }

    @Test
    void weekdayFilterAndYearRange() {
        DayRule july3 = new DayRule("Jul 3", null, 7, 3, null, 0, null, 0, DayRule.Observance.NONE,
                Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY), 2022, 2026,
                WallTime.parse("13:00"));
        assertThat(DayRule.resolve(List.of(july3), 2025, SpecialDay.Kind.EARLY_CLOSE)).containsOnlyKeys(LocalDate.of(2025, 7, 3));
        assertThat(DayRule.resolve(List.of(july3), 2026, SpecialDay.Kind.EARLY_CLOSE)).isEmpty(); // a Friday
        assertThat(july3.unobserved(2021)).isNull();
        assertThat(july3.unobserved(2027)).isNull();
    }

    @Test
    void sundayToTheNextFreeWeekdayKeepsSaturdayAndSkipsHolidaysAlreadyPlaced() {
        DayRule easterMonday = new DayRule("Easter Monday", null, null, null, null, 0, 1, 0, DayRule.Observance.NONE,
                Set.of(), null, null, null);
        // Hong Kong 2026: Ching Ming on Sunday April 5 goes past Easter Monday (April 6) to Tuesday April 7
        DayRule chingMing = new DayRule("Ching Ming", null, null, null, null, 0, null, 0,
                DayRule.Observance.SUNDAY_TO_NEXT_FREE_WEEKDAY, Set.of(), null, null, null,
                new LunarDate(LunarDate.Kind.SOLAR_TERM, 0, 15), false);
        assertThat(DayRule.resolve(List.of(chingMing, easterMonday), 2026, SpecialDay.Kind.CLOSED,
                java.time.ZoneId.of("Asia/Hong_Kong"), null).keySet())
                .containsExactlyInAnyOrder(LocalDate.of(2026, 4, 6), LocalDate.of(2026, 4, 7));
        // a Saturday holiday stays where it is (Labour Day 2027)
        assertThat(DayRule.resolve(List.of(fixed("Labour", 5, 1, DayRule.Observance.SUNDAY_TO_NEXT_FREE_WEEKDAY)),
                2027, SpecialDay.Kind.CLOSED).keySet()).containsExactly(LocalDate.of(2027, 5, 1));
        // a projected-only rule places nothing up to the published end
        DayRule projected = new DayRule("NY", null, 1, 1, null, 0, null, 0, DayRule.Observance.NONE, Set.of(), null,
                null, null, null, true);
        assertThat(DayRule.resolve(List.of(projected), 2027, SpecialDay.Kind.CLOSED, java.time.ZoneOffset.UTC,
                LocalDate.of(2027, 12, 31))).isEmpty();
        assertThat(DayRule.resolve(List.of(projected), 2028, SpecialDay.Kind.CLOSED, java.time.ZoneOffset.UTC,
                LocalDate.of(2027, 12, 31))).containsOnlyKeys(LocalDate.of(2028, 1, 1));
    }
}
