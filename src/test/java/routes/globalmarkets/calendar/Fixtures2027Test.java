package routes.globalmarkets.calendar;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.globalmarkets.calendar.Catalogs.calendar;
import static routes.globalmarkets.calendar.Catalogs.closedWeekdays;
import static routes.globalmarkets.calendar.Catalogs.dates;

/**
 * The 2027 rows of reference/calendars-2027.md, written from its tables (weekdays marked closed; half days,
 * late opens). Where a row is UNCERTAIN the catalog chose to trade; those days are checked to trade, and the
 * reason is in markets.yaml. China and India have no published 2027 list: their 2027 is projected.
 */
class Fixtures2027Test {

    private static final LocalDate JAN_1 = LocalDate.of(2027, 1, 1);
    private static final LocalDate DEC_31 = LocalDate.of(2027, 12, 31);

    private static TradingSession session(String market, String date) {
        return calendar(market).sessionOn(LocalDate.parse(date)).orElseThrow(() -> new AssertionError(market + " " + date));
    }

    private static void published(MarketCalendar c) {
        for (TradingSession s : c.sessions(JAN_1, DEC_31)) {
            assertThat(c.isProjected(s.date())).as(c.marketId() + " " + s.date()).isFalse();
        }
    }

    // §1: CME's 2027 schedule (Lean PR #9733) and NYSE 2027. Times: CT + 6 h (CST) or + 5 h (CDT).
    @Test
    void cmeGlobex() {
        MarketCalendar cme = calendar("CME_GLOBEX");
        published(cme);
        assertThat(closedWeekdays(cme, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2027-01-01", "2027-01-18",
                "2027-02-15", "2027-03-26", "2027-05-31", "2027-06-18", "2027-07-05", "2027-09-06", "2027-11-25",
                "2027-12-24"));
        // Globex reopens Sunday Jan 3 17:00 for trade date Jan 4
        assertThat(session("CME_GLOBEX", "2027-01-04").open()).isEqualTo(Instant.parse("2027-01-03T23:00:00Z"));
        // MLK: halt 12:00, reopen 17:00, all for trade date Jan 19
        assertThat(session("CME_GLOBEX", "2027-01-19").breaks()).containsExactly(new TradingSession.Break(
                Instant.parse("2027-01-18T18:00:00Z"), Instant.parse("2027-01-18T23:00:00Z")));
        // Good Friday: no trading; Thursday closes 16:00, Sunday reopens 17:00
        assertThat(session("CME_GLOBEX", "2027-03-25").close()).isEqualTo(Instant.parse("2027-03-25T21:00:00Z"));
        assertThat(session("CME_GLOBEX", "2027-03-29").open()).isEqualTo(Instant.parse("2027-03-28T22:00:00Z"));
        // Juneteenth observed Friday Jun 18: its morning belongs to Monday Jun 21
        assertThat(session("CME_GLOBEX", "2027-06-21").breaks()).containsExactly(new TradingSession.Break(
                Instant.parse("2027-06-18T17:00:00Z"), Instant.parse("2027-06-20T22:00:00Z")));
        // no 12:15 close on Friday Jul 2 (Jul 3 is a Saturday)
        assertThat(session("CME_GLOBEX", "2027-07-02").close()).isEqualTo(Instant.parse("2027-07-02T21:00:00Z"));
        assertThat(session("CME_GLOBEX", "2027-11-26").close()).isEqualTo(Instant.parse("2027-11-26T18:15:00Z"));
        // Dec 23 is the last trade date before Christmas (close NOT FOUND: regular); Dec 31 trades to its close
        assertThat(session("CME_GLOBEX", "2027-12-23").close()).isEqualTo(Instant.parse("2027-12-23T22:00:00Z"));
        assertThat(session("CME_GLOBEX", "2027-12-31").close()).isEqualTo(Instant.parse("2027-12-31T22:00:00Z"));
        assertThat(session("CME_GLOBEX", "2027-12-27").open()).isEqualTo(Instant.parse("2027-12-26T23:00:00Z"));
    }

    // §2: Cabinet Office list and NAOJ equinoxes; Dec 31 exchange holiday.
    @Test
    void tokyo() {
        MarketCalendar tse = calendar("JAPAN");
        published(tse);
        assertThat(closedWeekdays(tse, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2027-01-01", "2027-01-11",
                "2027-02-11", "2027-02-23", "2027-03-22", "2027-04-29", "2027-05-03", "2027-05-04", "2027-05-05",
                "2027-07-19", "2027-08-11", "2027-09-20", "2027-09-23", "2027-10-11", "2027-11-03", "2027-11-23",
                "2027-12-31"));
        assertThat(session("JAPAN", "2027-09-21").close()).isEqualTo(Instant.parse("2027-09-21T06:30:00Z"));
    }

    // §5: 2027 gazette (LNY 4th day given), half days on the eves.
    @Test
    void hongKong() {
        MarketCalendar hk = calendar("HONG_KONG");
        published(hk);
        assertThat(closedWeekdays(hk, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2027-01-01", "2027-02-08",
                "2027-02-09", "2027-03-26", "2027-03-29", "2027-04-05", "2027-05-13", "2027-06-09", "2027-07-01",
                "2027-09-16", "2027-10-01", "2027-10-08", "2027-12-27"));
        for (String eve : List.of("2027-02-05", "2027-12-24", "2027-12-31")) {
            TradingSession s = session("HONG_KONG", eve);
            assertThat(s.close()).as(eve).isEqualTo(Instant.parse(eve + "T04:00:00Z"));
            assertThat(s.breaks()).as(eve).isEmpty();
        }
        assertThat(session("HONG_KONG", "2027-09-15").close()).isEqualTo(Instant.parse("2027-09-15T08:00:00Z"));
    }

    // §6: agreed rows; UNCERTAIN May 3 and Jul 19 trade; the first trading day opens 10:00.
    @Test
    void korea() {
        MarketCalendar krx = calendar("KOREA");
        published(krx);
        assertThat(closedWeekdays(krx, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2027-01-01", "2027-02-08",
                "2027-02-09", "2027-03-01", "2027-05-05", "2027-05-13", "2027-08-16", "2027-09-14", "2027-09-15",
                "2027-09-16", "2027-10-04", "2027-10-11", "2027-12-27", "2027-12-31"));
        assertThat(session("KOREA", "2027-01-04").open()).isEqualTo(Instant.parse("2027-01-04T01:00:00Z"));
        assertThat(session("KOREA", "2027-01-05").open()).isEqualTo(Instant.parse("2027-01-05T00:00:00Z"));
        assertThat(krx.sessionOn(LocalDate.of(2027, 5, 3))).isPresent();
        assertThat(krx.sessionOn(LocalDate.of(2027, 7, 19))).isPresent();
    }

    // §7: MOM 2027 list; half days by SGX practice.
    @Test
    void singapore() {
        MarketCalendar sgx = calendar("SINGAPORE");
        published(sgx);
        assertThat(closedWeekdays(sgx, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2027-01-01", "2027-02-08",
                "2027-03-10", "2027-03-26", "2027-05-17", "2027-05-20", "2027-08-09", "2027-10-28"));
        for (String eve : List.of("2027-02-05", "2027-12-24", "2027-12-31")) {
            assertThat(session("SINGAPORE", eve).close()).as(eve).isEqualTo(Instant.parse(eve + "T04:00:00Z"));
        }
    }

    // §8: DGPA 2027; UNCERTAIN Feb 2-3 (no-trading days) and Apr 30 trade.
    @Test
    void taiwan() {
        MarketCalendar twse = calendar("TAIWAN");
        published(twse);
        assertThat(closedWeekdays(twse, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2027-01-01", "2027-02-04",
                "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-03-01", "2027-04-05", "2027-04-06",
                "2027-06-09", "2027-09-15", "2027-09-28", "2027-10-11", "2027-10-25", "2027-12-24", "2027-12-31"));
        for (String open : List.of("2027-02-02", "2027-02-03", "2027-04-30")) {
            assertThat(twse.sessionOn(LocalDate.parse(open))).as(open).isPresent();
        }
    }

    // §9: B3 rules (Easter 2027-03-28); Ash Wednesday opens 13:00 (16:00Z).
    @Test
    void saoPaulo() {
        MarketCalendar b3 = calendar("BRAZIL");
        published(b3);
        assertThat(closedWeekdays(b3, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2027-01-01", "2027-02-08",
                "2027-02-09", "2027-03-26", "2027-04-21", "2027-05-27", "2027-09-07", "2027-10-12", "2027-11-02",
                "2027-11-15", "2027-12-24", "2027-12-31"));
        assertThat(session("BRAZIL", "2027-02-10").open()).isEqualTo(Instant.parse("2027-02-10T16:00:00Z"));
    }

    // §10: the rest of 2026 (the Nov 4 election; Dec 26 is a Saturday, so Dec 28 trades) and 2027.
    @Test
    void johannesburg() {
        MarketCalendar jse = calendar("SOUTH_AFRICA");
        assertThat(closedWeekdays(jse, LocalDate.of(2026, 11, 2), LocalDate.of(2026, 12, 31)))
                .containsExactlyElementsOf(dates("2026-11-04", "2026-12-16", "2026-12-25"));
        published(jse);
        assertThat(closedWeekdays(jse, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2027-01-01", "2027-03-22",
                "2027-03-26", "2027-03-29", "2027-04-27", "2027-06-16", "2027-08-09", "2027-09-24", "2027-12-16",
                "2027-12-27"));
    }

    // §3: no 2027 notice; the statutory weekday days the reference dates are closed, every session provisional.
    // (Spring Festival eve Fri Feb 5 trades: ICU 76.1 puts the New Year on Feb 7, see markets.yaml.)
    @Test
    void shanghaiIsProjected() {
        MarketCalendar sse = calendar("CHINA");
        assertThat(sse.projectedFrom()).isEqualTo(JAN_1);
        assertThat(closedWeekdays(sse, JAN_1, DEC_31)).contains(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 8),
                LocalDate.of(2027, 4, 5), LocalDate.of(2027, 6, 9), LocalDate.of(2027, 9, 15), LocalDate.of(2027, 10, 1));
        assertThat(sse.sessions(JAN_1, DEC_31)).allMatch(s -> sse.isProjected(s.date()));
    }

    // §4: no 2027 list; fixed dates and Good Friday close, the festivals (Holi Mar 22, Id Mar 10, Diwali Oct 29) trade.
    @Test
    void indiaIsProjected() {
        MarketCalendar nse = calendar("INDIA");
        assertThat(closedWeekdays(nse, JAN_1, DEC_31)).containsExactlyElementsOf(dates("2027-01-26", "2027-03-26",
                "2027-04-14"));
        for (String festival : List.of("2027-03-10", "2027-03-22", "2027-10-29")) {
            assertThat(nse.sessionOn(LocalDate.parse(festival))).as(festival).isPresent();
            assertThat(nse.isProjected(LocalDate.parse(festival))).isTrue();
        }
    }
}
