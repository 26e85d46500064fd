package routes.globalmarkets.calendar;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static routes.globalmarkets.calendar.Catalogs.calendar;
import static routes.globalmarkets.calendar.Catalogs.closedWeekdays;
import static routes.globalmarkets.calendar.Catalogs.dates;

/** The 2026 fixtures of reference/calendars.md §4 (NYSE, CME equity futures, London, Tokyo). */
class Fixtures2026Test {

    private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
    private static final LocalDate DEC_31 = LocalDate.of(2026, 12, 31);

    private static TradingSession session(MarketCalendar c, String date) {
        return c.sessionOn(LocalDate.parse(date)).orElseThrow(() -> new AssertionError("no session on " + date));
    }

    // §4.1: NYSE Group releases of 2024-11-08 and 2025-12-23.
    @Test
    void nyse2026() {
        MarketCalendar nyse = calendar("USA");
        assertThat(closedWeekdays(nyse, JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19",
                "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"));
        assertThat(nyse.sessions(JAN_1, DEC_31)).hasSize(251);
        assertThat(session(nyse, "2026-11-27").close()).isEqualTo(Instant.parse("2026-11-27T18:00:00Z"));
        assertThat(session(nyse, "2026-12-24").close()).isEqualTo(Instant.parse("2026-12-24T18:00:00Z"));
        // no half day when July 3 is itself the observed holiday; New Year's Eve is a full day
        assertThat(session(nyse, "2026-07-02").close()).isEqualTo(Instant.parse("2026-07-02T20:00:00Z"));
        assertThat(session(nyse, "2026-12-31").close()).isEqualTo(Instant.parse("2026-12-31T21:00:00Z"));
        assertThat(nyse.sessionOn(LocalDate.of(2027, 1, 1))).isEmpty();
        assertThat(session(nyse, "2026-01-02").open()).isEqualTo(Instant.parse("2026-01-02T14:30:00Z"));
        assertThat(nyse.isHoliday(LocalDate.of(2025, 1, 9))).isTrue();
    }

    @Test
    void nyseKnowsItsPublished2027And2028AndAnswersNoFurther() {
        MarketCalendar nyse = calendar("USA");
        assertThat(closedWeekdays(nyse, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31)))
                .containsExactlyElementsOf(dates("2027-01-01", "2027-01-18", "2027-02-15", "2027-03-26",
                        "2027-05-31", "2027-06-18", "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24"));
        // 2028-01-01 is a Saturday and is not moved to Friday 2027-12-31; Easter 2028 is April 16
        assertThat(nyse.sessionOn(LocalDate.of(2027, 12, 31))).isPresent();
        assertThat(closedWeekdays(nyse, LocalDate.of(2028, 1, 1), LocalDate.of(2028, 12, 31)))
                .containsExactlyElementsOf(dates("2028-01-17", "2028-02-21", "2028-04-14", "2028-05-29",
                        "2028-06-19", "2028-07-04", "2028-09-04", "2028-11-23", "2028-12-25"));
        assertThat(nyse.isProjected(LocalDate.of(2028, 12, 29))).isFalse();
        // published through 2028, which is also the end of the year after next: nothing further is answered
        assertThatThrownBy(() -> nyse.sessionOn(LocalDate.of(2029, 1, 2)))
                .isInstanceOf(OutsideValidityException.class).hasMessageContaining("USA");
    }

    // §4.2: CME Globex equity index futures, times in Chicago; the UTC instants below are CT + 6 h (CST)
    // or + 5 h (CDT).
    @Test
    void cmeNewYear() {
        MarketCalendar cme = calendar("CME_GLOBEX");
        TradingSession dec31 = cme.sessionOn(LocalDate.of(2025, 12, 31)).orElseThrow();
        assertThat(dec31.open()).isEqualTo(Instant.parse("2025-12-30T23:00:00Z"));
        assertThat(dec31.close()).isEqualTo(Instant.parse("2025-12-31T22:00:00Z"));
        assertThat(cme.sessionOn(JAN_1)).isEmpty();
        // no reopen on New Year's Eve: the next session opens 17:00 on New Year's Day for Friday Jan 2
        assertThat(session(cme, "2026-01-02").open()).isEqualTo(Instant.parse("2026-01-01T23:00:00Z"));
        assertThat(cme.nextOpenAfter(dec31.close())).contains(Instant.parse("2026-01-01T23:00:00Z"));
    }

    @Test
    void cmeHolidayMorningBelongsToTheNextTradeDate() {
        MarketCalendar cme = calendar("CME_GLOBEX");
        assertThat(cme.sessionOn(LocalDate.of(2026, 1, 19))).isEmpty();
        TradingSession tue = session(cme, "2026-01-20");
        assertThat(tue.open()).isEqualTo(Instant.parse("2026-01-18T23:00:00Z"));
        assertThat(tue.breaks()).containsExactly(new TradingSession.Break(
                Instant.parse("2026-01-19T18:00:00Z"), Instant.parse("2026-01-19T23:00:00Z")));
        assertThat(tue.close()).isEqualTo(Instant.parse("2026-01-20T22:00:00Z"));

        // the 12:00 halt and 17:00 reopen are a MARKET_CLOSED and a MARKET_OPENED for trade date Jan 20
        List<Transition> monday = cme.transitionsBetween(Instant.parse("2026-01-19T00:00:00Z"),
                Instant.parse("2026-01-20T00:00:00Z"));
        assertThat(monday).extracting(Transition::at, Transition::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-01-19T18:00:00Z"), MarketStatus.BREAK),
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-01-19T23:00:00Z"), MarketStatus.OPEN));
        assertThat(monday).allMatch(t -> t.session().date().equals(LocalDate.of(2026, 1, 20)));

        for (String holiday : List.of("2026-02-16", "2026-05-25", "2026-09-07")) {
            LocalDate h = LocalDate.parse(holiday);
            assertThat(cme.sessionOn(h)).as(holiday).isEmpty();
            TradingSession next = cme.sessionOn(h.plusDays(1)).orElseThrow();
            assertThat(next.breaks()).as(holiday).hasSize(1);
            assertThat(next.breaks().get(0).start().atZone(cme.zone()).toLocalTime()).hasToString("12:00");
            assertThat(next.breaks().get(0).end().atZone(cme.zone()).toLocalTime()).hasToString("17:00");
        }
    }

    @Test
    void cmeGoodFriday2026ClosesAt0815() {
        MarketCalendar cme = calendar("CME_GLOBEX");
        TradingSession gf = session(cme, "2026-04-03");
        assertThat(gf.open()).isEqualTo(Instant.parse("2026-04-02T22:00:00Z"));   // Thu 17:00 CT = 18:00 ET
        assertThat(gf.close()).isEqualTo(Instant.parse("2026-04-03T13:15:00Z"));  // 08:15 CT = 09:15 ET
        assertThat(session(cme, "2026-04-06").open()).isEqualTo(Instant.parse("2026-04-05T22:00:00Z"));
        // Good Friday 2025 was a full closure
        assertThat(cme.sessionOn(LocalDate.of(2025, 4, 18))).isEmpty();
    }

    @Test
    void cmeJuneteenthAndIndependenceDayRunIntoTheWeekend() {
        MarketCalendar cme = calendar("CME_GLOBEX");
        assertThat(cme.sessionOn(LocalDate.of(2026, 6, 19))).isEmpty();
        TradingSession mon = session(cme, "2026-06-22");
        assertThat(mon.open()).isEqualTo(Instant.parse("2026-06-18T22:00:00Z"));
        assertThat(mon.breaks()).containsExactly(new TradingSession.Break(
                Instant.parse("2026-06-19T17:00:00Z"), Instant.parse("2026-06-21T22:00:00Z")));
        assertThat(session(cme, "2026-06-18").close()).isEqualTo(Instant.parse("2026-06-18T21:00:00Z"));

        assertThat(cme.sessionOn(LocalDate.of(2026, 7, 3))).isEmpty();
        assertThat(session(cme, "2026-07-06").breaks().get(0).start()).isEqualTo(Instant.parse("2026-07-03T17:00:00Z"));
    }

    @Test
    void cmeThanksgivingAndChristmas() {
        MarketCalendar cme = calendar("CME_GLOBEX");
        assertThat(cme.sessionOn(LocalDate.of(2026, 11, 26))).isEmpty();
        TradingSession fri = session(cme, "2026-11-27");
        assertThat(fri.open()).isEqualTo(Instant.parse("2026-11-25T23:00:00Z"));
        assertThat(fri.breaks()).containsExactly(new TradingSession.Break(
                Instant.parse("2026-11-26T18:00:00Z"), Instant.parse("2026-11-26T23:00:00Z")));
        assertThat(fri.close()).isEqualTo(Instant.parse("2026-11-27T18:15:00Z"));   // 12:15 CT

        TradingSession eve = session(cme, "2026-12-24");
        assertThat(eve.close()).isEqualTo(Instant.parse("2026-12-24T18:15:00Z"));
        assertThat(cme.sessionOn(LocalDate.of(2026, 12, 25))).isEmpty();
        assertThat(cme.nextOpenAfter(eve.close())).contains(Instant.parse("2026-12-27T23:00:00Z"));

        TradingSession nye = session(cme, "2026-12-31");
        assertThat(nye.close()).isEqualTo(Instant.parse("2026-12-31T22:00:00Z"));
    }

    @Test
    void cmeDailyHaltIsAClosedHourBetweenTradeDates() {
        MarketCalendar cme = calendar("CME_GLOBEX");
        MarketState halt = cme.stateAt(Instant.parse("2026-03-10T21:30:00Z"));
        assertThat(halt.status()).isEqualTo(MarketStatus.CLOSED);
        assertThat(halt.since()).isEqualTo(Instant.parse("2026-03-10T21:00:00Z"));
        assertThat(halt.until()).isEqualTo(Instant.parse("2026-03-10T22:00:00Z"));
        // midnight inside a session is no change
        MarketState night = cme.stateAt(Instant.parse("2026-03-11T05:00:00Z"));
        assertThat(night.status()).isEqualTo(MarketStatus.OPEN);
        assertThat(night.since()).isEqualTo(Instant.parse("2026-03-10T22:00:00Z"));
        assertThat(night.until()).isEqualTo(Instant.parse("2026-03-11T21:00:00Z"));
        assertThat(night.session().date()).isEqualTo(LocalDate.of(2026, 3, 11));
        // the Carter day of mourning: equities open until 08:30 CT (CME notice of 2024-12-30)
        assertThat(cme.sessionOn(LocalDate.of(2025, 1, 9)).orElseThrow().close())
                .isEqualTo(Instant.parse("2025-01-09T14:30:00Z"));
    }

    // §4.3: London, from the XLON rules.
    @Test
    void london2026() {
        MarketCalendar lse = calendar("UK");
        assertThat(closedWeekdays(lse, JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
                "2026-12-25", "2026-12-28"));
        assertThat(lse.sessions(JAN_1, DEC_31)).hasSize(253);
        assertThat(session(lse, "2026-12-24").close()).isEqualTo(Instant.parse("2026-12-24T12:30:00Z"));
        assertThat(session(lse, "2026-12-31").close()).isEqualTo(Instant.parse("2026-12-31T12:30:00Z"));
        assertThat(lse.sessionOn(LocalDate.of(2026, 1, 2))).isPresent();
    }

    // §4.4: Tokyo, the weekdays missing from exchange_calendars tests/resources/xtks.csv plus Dec 31.
    @Test
    void tokyo2026() {
        MarketCalendar tse = calendar("JAPAN");
        assertThat(closedWeekdays(tse, JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-01-02", "2026-01-12", "2026-02-11", "2026-02-23", "2026-03-20",
                "2026-04-29", "2026-05-04", "2026-05-05", "2026-05-06", "2026-07-20", "2026-08-11",
                "2026-09-21", "2026-09-22", "2026-09-23", "2026-10-12", "2026-11-03", "2026-11-23",
                "2026-12-31"));
        List<TradingSession> sessions = tse.sessions(JAN_1, DEC_31);
        assertThat(sessions).hasSize(242);
        for (TradingSession s : sessions) {
            String day = s.date().toString();
            assertThat(s.open()).isEqualTo(Instant.parse(day + "T00:00:00Z"));
            assertThat(s.close()).isEqualTo(Instant.parse(day + "T06:30:00Z"));
            assertThat(s.breaks()).containsExactly(new TradingSession.Break(
                    Instant.parse(day + "T02:30:00Z"), Instant.parse(day + "T03:30:00Z")));
        }
    }
}
