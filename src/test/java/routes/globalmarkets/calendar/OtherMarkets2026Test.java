package routes.globalmarkets.calendar;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.globalmarkets.calendar.Catalogs.calendar;
import static routes.globalmarkets.calendar.Catalogs.closedWeekdays;
import static routes.globalmarkets.calendar.Catalogs.dates;

/**
 * 2026 holidays of every market beyond the reference's four fixtures. For rule-based markets the dates
 * are worked out by hand from the rule's source (so they check the rules); for dated lists they pin the
 * published list the catalog cites.
 */
class OtherMarkets2026Test {

    private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
    private static final LocalDate DEC_31 = LocalDate.of(2026, 12, 31);

    private static Instant close(String market, String date) {
        return calendar(market).sessionOn(LocalDate.parse(date)).orElseThrow().close();
    }

    private static Instant open(String market, String date) {
        return calendar(market).sessionOn(LocalDate.parse(date)).orElseThrow().open();
    }

    // PRE_USA shares NYSE's holidays (issue 3); the morning is not shortened on NYSE half days.
    @Test
    void usPreMarket() {
        MarketCalendar pre = calendar("PRE_USA");
        assertThat(closedWeekdays(pre, JAN_1, DEC_31)).isEqualTo(closedWeekdays(calendar("USA"), JAN_1, DEC_31));
        assertThat(open("PRE_USA", "2026-11-27")).isEqualTo(Instant.parse("2026-11-27T09:00:00Z"));
        assertThat(close("PRE_USA", "2026-11-27")).isEqualTo(Instant.parse("2026-11-27T14:30:00Z"));
    }

    // TSX: Victoria Day is the Monday on or before May 24 (a Sunday in 2026); Boxing Day (Sat) -> Mon 28.
    @Test
    void toronto() {
        assertThat(closedWeekdays(calendar("CANADA"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-02-16", "2026-04-03", "2026-05-18", "2026-07-01", "2026-08-03",
                "2026-09-07", "2026-10-12", "2026-12-25", "2026-12-28"));
        assertThat(close("CANADA", "2026-12-24")).isEqualTo(Instant.parse("2026-12-24T18:00:00Z"));
    }

    // BMV (exchange_calendars xmex rules): Monday holidays, Holy Week; Dec 12 is a Saturday in 2026.
    @Test
    void mexicoFollowsNewYorkHours() {
        assertThat(closedWeekdays(calendar("MEXICO"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-02-02", "2026-03-16", "2026-04-02", "2026-04-03", "2026-05-01",
                "2026-09-16", "2026-11-02", "2026-11-16", "2026-12-25"));
        // 08:30-15:00 Mexico City (UTC-6) in US winter, 07:30-14:00 while New York is on daylight time
        assertThat(open("MEXICO", "2026-03-06")).isEqualTo(Instant.parse("2026-03-06T14:30:00Z"));
        assertThat(open("MEXICO", "2026-03-09")).isEqualTo(Instant.parse("2026-03-09T13:30:00Z"));
        assertThat(close("MEXICO", "2026-03-09")).isEqualTo(Instant.parse("2026-03-09T20:00:00Z"));
        assertThat(open("MEXICO", "2026-11-03").atZone(calendar("MEXICO").zone()).toLocalTime()).hasToString("08:30");
    }

    // Xetra (xetr rules): Dec 24 and 31 closed, Dec 26 is a Saturday; Dec 30 closes 14:00 CET.
    @Test
    void xetra() {
        assertThat(closedWeekdays(calendar("GERMANY"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-12-24", "2026-12-25", "2026-12-31"));
        assertThat(close("GERMANY", "2026-12-30")).isEqualTo(Instant.parse("2026-12-30T13:00:00Z"));
        assertThat(calendar("GERMANY").sessionOn(LocalDate.of(2026, 5, 25))).isPresent(); // Whit Monday trades
    }

    // Euronext Paris (xpar rules): six closures; 14:05 on Dec 24 and 31.
    @Test
    void paris() {
        assertThat(closedWeekdays(calendar("FRANCE"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-12-25"));
        assertThat(close("FRANCE", "2026-12-24")).isEqualTo(Instant.parse("2026-12-24T13:05:00Z"));
        assertThat(close("FRANCE", "2026-12-31")).isEqualTo(Instant.parse("2026-12-31T13:05:00Z"));
    }

    // SIX (xswx rules): Easter 2026-04-05, Ascension May 14, Whit Monday May 25; Aug 1 is a Saturday.
    @Test
    void zurich() {
        assertThat(closedWeekdays(calendar("SWITZERLAND"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-01-02", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14",
                "2026-05-25", "2026-12-24", "2026-12-25", "2026-12-31"));
    }

    // SSE notice c_20251222_10802507.
    @Test
    void shanghai() {
        MarketCalendar sse = calendar("CHINA");
        assertThat(closedWeekdays(sse, JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
                "2026-02-20", "2026-02-23", "2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05",
                "2026-06-19", "2026-09-25", "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"));
        TradingSession s = sse.sessionOn(LocalDate.of(2026, 3, 2)).orElseThrow();
        assertThat(s.open()).isEqualTo(Instant.parse("2026-03-02T01:30:00Z"));
        assertThat(s.breaks()).containsExactly(new TradingSession.Break(
                Instant.parse("2026-03-02T03:30:00Z"), Instant.parse("2026-03-02T05:00:00Z")));
        assertThat(s.close()).isEqualTo(Instant.parse("2026-03-02T07:00:00Z"));
    }

    // NSE/BSE 2026 circulars as recorded in exchange_calendars xbom.
    @Test
    void india() {
        assertThat(closedWeekdays(calendar("INDIA"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-15", "2026-01-26", "2026-03-03", "2026-03-26", "2026-03-31", "2026-04-03",
                "2026-04-14", "2026-05-01", "2026-05-28", "2026-06-26", "2026-09-14", "2026-10-02",
                "2026-10-20", "2026-11-10", "2026-11-24", "2026-12-25"));
        // the Union Budget weekend sessions (Saturday 2025, Sunday 2026)
        assertThat(open("INDIA", "2025-02-01")).isEqualTo(Instant.parse("2025-02-01T03:45:00Z"));
        assertThat(close("INDIA", "2026-02-01")).isEqualTo(Instant.parse("2026-02-01T10:00:00Z"));
    }

    // HKEX (xhkg rules and lunisolar tables): Ching Ming (Sun Apr 5) moves past Easter Monday to Apr 7.
    @Test
    void hongKong() {
        assertThat(closedWeekdays(calendar("HONG_KONG"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-02-17", "2026-02-18", "2026-02-19", "2026-04-03", "2026-04-06",
                "2026-04-07", "2026-05-01", "2026-05-25", "2026-06-19", "2026-07-01", "2026-10-01",
                "2026-10-19", "2026-12-25"));
        TradingSession eve = calendar("HONG_KONG").sessionOn(LocalDate.of(2026, 2, 16)).orElseThrow();
        assertThat(eve.close()).isEqualTo(Instant.parse("2026-02-16T04:00:00Z"));
        assertThat(eve.breaks()).isEmpty();
    }

    // KRX (xkrx.csv): election day 2026-06-03, year-end closure, 10:00 open on the first trading day.
    @Test
    void korea() {
        assertThat(closedWeekdays(calendar("KOREA"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-03-02", "2026-05-01",
                "2026-05-05", "2026-05-25", "2026-06-03", "2026-08-17", "2026-09-24", "2026-09-25",
                "2026-10-05", "2026-10-09", "2026-12-25", "2026-12-31"));
        assertThat(open("KOREA", "2026-01-02")).isEqualTo(Instant.parse("2026-01-02T01:00:00Z"));
        assertThat(open("KOREA", "2026-01-05")).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
    }

    // ASX (xasx rules): Anzac Day is a Saturday in 2026 and is not moved; 14:10 half days.
    @Test
    void sydney() {
        assertThat(closedWeekdays(calendar("AUSTRALIA"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-01-26", "2026-04-03", "2026-04-06", "2026-06-08", "2026-12-25", "2026-12-28"));
        assertThat(close("AUSTRALIA", "2026-12-24")).isEqualTo(Instant.parse("2026-12-24T03:10:00Z"));
        assertThat(close("AUSTRALIA", "2026-12-31")).isEqualTo(Instant.parse("2026-12-31T03:10:00Z"));
    }

    // SGX (xses list): half days on the eves of Chinese New Year, Christmas and New Year. Hari Raya Puasa
    // 2026-03-20 from the SGX Calendar 2026 revision 2 (reference calendars-2027.md §7: EC has a Saturday).
    @Test
    void singapore() {
        assertThat(closedWeekdays(calendar("SINGAPORE"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-02-17", "2026-02-18", "2026-03-20", "2026-04-03", "2026-05-01", "2026-05-27",
                "2026-06-01", "2026-08-10", "2026-11-09", "2026-12-25"));
        assertThat(close("SINGAPORE", "2026-02-16")).isEqualTo(Instant.parse("2026-02-16T04:00:00Z"));
        assertThat(calendar("SINGAPORE").sessionOn(LocalDate.of(2026, 3, 2)).orElseThrow().breaks()).hasSize(1);
    }

    // TWSE (xtai.csv).
    @Test
    void taiwan() {
        assertThat(closedWeekdays(calendar("TAIWAN"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-02-12", "2026-02-13", "2026-02-16", "2026-02-17", "2026-02-18",
                "2026-02-19", "2026-02-20", "2026-02-27", "2026-04-03", "2026-04-06", "2026-05-01",
                "2026-06-19", "2026-09-25", "2026-09-28", "2026-10-09", "2026-10-26", "2026-12-25"));
    }

    // B3 (bvmf rules): Easter 2026-04-05 gives Carnival Feb 16-17, Ash Wednesday Feb 18 (13:00 open) and
    // Corpus Christi Jun 4; the close follows New York's 16:00.
    @Test
    void saoPaulo() {
        assertThat(closedWeekdays(calendar("BRAZIL"), JAN_1, DEC_31)).containsExactlyElementsOf(dates(
                "2026-01-01", "2026-02-16", "2026-02-17", "2026-04-03", "2026-04-21", "2026-05-01",
                "2026-06-04", "2026-09-07", "2026-10-12", "2026-11-02", "2026-11-20", "2026-12-24",
                "2026-12-25", "2026-12-31"));
        assertThat(open("BRAZIL", "2026-02-18")).isEqualTo(Instant.parse("2026-02-18T16:00:00Z"));
        assertThat(close("BRAZIL", "2026-03-06")).isEqualTo(Instant.parse("2026-03-06T21:00:00Z")); // 18:00 BRT
        assertThat(close("BRAZIL", "2026-03-09")).isEqualTo(Instant.parse("2026-03-09T20:00:00Z")); // 17:00 BRT
        assertThat(open("BRAZIL", "2026-03-09")).isEqualTo(Instant.parse("2026-03-09T13:00:00Z"));
    }

    // JSE (xjse rules): Sunday holidays move to Monday (Women's Day -> Aug 10), Saturday ones are lost.
    @Test
    void johannesburg() {
        assertThat(closedWeekdays(calendar("SOUTH_AFRICA"), JAN_1, LocalDate.of(2026, 11, 1)))
                .containsExactlyElementsOf(dates("2026-01-01", "2026-04-03", "2026-04-06", "2026-04-27",
                        "2026-05-01", "2026-06-16", "2026-08-10", "2026-09-24"));
    }
}
