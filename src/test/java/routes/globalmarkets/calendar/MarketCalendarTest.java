package routes.globalmarkets.calendar;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static routes.globalmarkets.calendar.Catalogs.calendar;

class MarketCalendarTest {

    @Test
    void lunchBreakClosesAndReopens() {
        MarketCalendar tse = calendar("JAPAN");
        List<Transition> day = tse.transitionsBetween(Instant.parse("2026-03-02T00:00:00Z"),
                Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(day).extracting(Transition::at).containsExactly(Instant.parse("2026-03-02T00:00:00Z"),
                Instant.parse("2026-03-02T02:30:00Z"), Instant.parse("2026-03-02T03:30:00Z"),
                Instant.parse("2026-03-02T06:30:00Z"));
        assertThat(day).extracting(Transition::status).containsExactly(MarketStatus.OPEN, MarketStatus.BREAK,
                MarketStatus.OPEN, MarketStatus.CLOSED);
        assertThat(day).allMatch(t -> t.session().date().equals(LocalDate.of(2026, 3, 2)));

        MarketState lunch = tse.stateAt(Instant.parse("2026-03-02T03:00:00Z"));
        assertThat(lunch.status()).isEqualTo(MarketStatus.BREAK);
        assertThat(lunch.since()).isEqualTo(Instant.parse("2026-03-02T02:30:00Z"));
        assertThat(lunch.until()).isEqualTo(Instant.parse("2026-03-02T03:30:00Z"));
        assertThat(tse.isOpen(Instant.parse("2026-03-02T03:00:00Z"))).isFalse();
        assertThat(tse.nextOpenAfter(Instant.parse("2026-03-02T03:00:00Z"))).contains(Instant.parse("2026-03-02T03:30:00Z"));
        assertThat(tse.nextCloseAfter(Instant.parse("2026-03-02T01:00:00Z"))).contains(Instant.parse("2026-03-02T02:30:00Z"));
    }

    @Test
    void closedOverAWeekendPointsToMonday() {
        MarketCalendar nyse = calendar("USA");
        MarketState sat = nyse.stateAt(Instant.parse("2026-03-07T15:00:00Z"));
        assertThat(sat.status()).isEqualTo(MarketStatus.CLOSED);
        assertThat(sat.since()).isEqualTo(Instant.parse("2026-03-06T21:00:00Z"));
        assertThat(sat.until()).isEqualTo(Instant.parse("2026-03-09T13:30:00Z"));
        assertThat(sat.session()).isNull();
        // the open instant itself is open; the close instant is closed
        assertThat(nyse.isOpen(Instant.parse("2026-03-09T13:30:00Z"))).isTrue();
        assertThat(nyse.isOpen(Instant.parse("2026-03-09T20:00:00Z"))).isFalse();
        assertThat(nyse.sessionSpanning(Instant.parse("2026-03-09T15:00:00Z")).orElseThrow().date())
                .isEqualTo(LocalDate.of(2026, 3, 9));
    }

    @Test
    void aMarketOpenAroundTheClockNeverChangesAtMidnight() {
        MarketCalendar demo = Catalogs.resource("/markets/demo-24x7.yaml").find("DEMO_24X7").orElseThrow().calendar();
        MarketState s = demo.stateAt(Instant.parse("2026-06-15T00:00:00Z"));
        assertThat(s.status()).isEqualTo(MarketStatus.OPEN);
        // no validity and no dated lists: computed ahead from the year before the load to the year after next
        assertThat(s.since()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(s.until()).isEqualTo(Instant.parse("2029-01-01T00:00:00Z"));
        assertThat(demo.sessionOn(LocalDate.of(2031, 6, 15))).isPresent();
        assertThat(demo.isProjected(LocalDate.of(2031, 6, 15))).isFalse();
        assertThat(s.session().date()).isEqualTo(LocalDate.of(2026, 6, 15));
        assertThat(demo.transitionsBetween(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void hoursChangeOnTheirEffectiveDate() {
        MarketCalendar c = Catalogs.yaml("""
                markets:
                  - id: TOKYO_2024
                    timezone: Asia/Tokyo
                    weekdays: [MON, TUE, WED, THU, FRI]
                    hours:
                      - effective-from: 2024-10-01
                        sessions:
                          - { open: "09:00", close: "11:30" }
                          - { open: "12:30", close: "15:00" }
                      - effective-from: 2024-11-05
                        sessions:
                          - { open: "09:00", close: "11:30" }
                          - { open: "12:30", close: "15:30" }
                    valid-from: 2024-10-01
                    valid-to: 2024-11-30
                """).find("TOKYO_2024").orElseThrow().calendar();
        assertThat(c.sessionOn(LocalDate.of(2024, 11, 1)).orElseThrow().close()).isEqualTo(Instant.parse("2024-11-01T06:00:00Z"));
        assertThat(c.sessionOn(LocalDate.of(2024, 11, 5)).orElseThrow().close()).isEqualTo(Instant.parse("2024-11-05T06:30:00Z"));
        assertThat(c.hoursOn(LocalDate.of(2024, 11, 4)).effectiveFrom()).isEqualTo(LocalDate.of(2024, 10, 1));
    }

    @Test
    void pastItsPublishedListsAMarketProjectsThroughTheYearAfterNextAndNoFurther() {
        MarketCalendar tse = calendar("JAPAN");
        assertThat(tse.publishedTo()).isEqualTo(LocalDate.of(2027, 12, 31));
        assertThat(tse.projectedFrom()).isEqualTo(LocalDate.of(2028, 1, 1));
        assertThat(tse.isProjected(LocalDate.of(2027, 12, 30))).isFalse();
        assertThat(tse.isProjected(LocalDate.of(2028, 1, 4))).isTrue();
        // loaded on 2026-11-30: answers through 2028-12-31
        assertThat(tse.sessions(LocalDate.of(2028, 12, 1), LocalDate.of(2028, 12, 31))).isNotEmpty();
        assertThatThrownBy(() -> tse.sessions(LocalDate.of(2028, 12, 1), LocalDate.of(2029, 1, 31)))
                .isInstanceOf(OutsideValidityException.class)
                .hasMessageContaining("JAPAN").hasMessageContaining("2029-01-31").hasMessageContaining("2028-12-31");
        assertThatThrownBy(() -> tse.specialDays(2029)).isInstanceOf(OutsideValidityException.class);
        // beyond what it computes the calendar itself does not guess (GlobalMarkets keeps regular hours)...
        assertThatThrownBy(() -> tse.stateAt(Instant.parse("2029-01-04T01:00:00Z")))
                .isInstanceOf(OutsideValidityException.class);
        // ...which are the weekly hours without holidays: Monday 2029-01-01 10:00 Tokyo is open
        assertThat(tse.regularStateAt(Instant.parse("2029-01-01T01:00:00Z")).status()).isEqualTo(MarketStatus.OPEN);
        assertThat(tse.regularStateAt(Instant.parse("2029-01-01T03:00:00Z")).status()).isEqualTo(MarketStatus.BREAK);
        assertThat(tse.regularStateAt(Instant.parse("2029-01-06T03:00:00Z")).status()).isEqualTo(MarketStatus.CLOSED);
    }

    @Test
    void aFuturesCalendarStopsAnsweringWhereTheNextUnknownSessionWouldOpen() {
        MarketCalendar cme = calendar("CME_GLOBEX");
        // computed to 2028-12-31: a session for 2029-01-01 would open 17:00 CT on Sunday Dec 31
        assertThat(cme.horizon()).isEqualTo(Instant.parse("2028-12-31T23:00:00Z"));
        assertThat(cme.stateAt(Instant.parse("2028-12-31T22:30:00Z")).status()).isEqualTo(MarketStatus.CLOSED);
        assertThatThrownBy(() -> cme.stateAt(Instant.parse("2028-12-31T23:30:00Z")))
                .isInstanceOf(OutsideValidityException.class).hasMessageContaining("2029-01-01");
        assertThat(calendar("USA").horizon()).isEqualTo(Instant.parse("2029-01-01T05:00:00Z"));
    }

    @Test
    void specialDaysOfAYear() {
        List<SpecialDay> nyse = calendar("USA").specialDays(2026);
        assertThat(nyse).extracting(SpecialDay::date).isSorted();
        assertThat(nyse).filteredOn(SpecialDay::isHoliday).hasSize(10);
        assertThat(nyse).filteredOn(d -> d.kind() == SpecialDay.Kind.EARLY_CLOSE)
                .extracting(SpecialDay::date).containsExactly(LocalDate.of(2026, 11, 27), LocalDate.of(2026, 12, 24));
        assertThat(nyse.get(0).name()).isEqualTo("New Year's Day");
        List<SpecialDay> cme = calendar("CME_GLOBEX").specialDays(2026);
        assertThat(cme).filteredOn(d -> d.date().equals(LocalDate.of(2026, 1, 19))).singleElement()
                .satisfies(d -> {
                    assertThat(d.kind()).isEqualTo(SpecialDay.Kind.ABBREVIATED);
                    assertThat(d.time()).hasToString("12:00");
                });
        assertThat(calendar("BRAZIL").specialDays(2026)).filteredOn(d -> d.kind() == SpecialDay.Kind.LATE_OPEN)
                .extracting(SpecialDay::date).containsExactly(LocalDate.of(2026, 2, 18));
    }
}
