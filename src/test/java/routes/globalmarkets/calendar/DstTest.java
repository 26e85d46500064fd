package routes.globalmarkets.calendar;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.globalmarkets.calendar.Catalogs.calendar;

/**
 * The weeks around every 2026 DST change of reference/calendars.md §4.5 (US 03-08 / 11-01, UK-EU 03-29 /
 * 10-25, Sydney 04-05 / 10-04), and the fixed rules for local times inside a gap or an overlap.
 */
class DstTest {

    private static Instant open(String market, String date) {
        return calendar(market).sessionOn(LocalDate.parse(date)).orElseThrow().open();
    }

    private static Instant close(String market, String date) {
        return calendar(market).sessionOn(LocalDate.parse(date)).orElseThrow().close();
    }

    @Test
    void newYorkAndLondonAcrossTheWeeksWhereTheyDiffer() {
        // before any change: 5 h apart
        assertThat(open("USA", "2026-03-06")).isEqualTo(Instant.parse("2026-03-06T14:30:00Z"));
        assertThat(open("UK", "2026-03-06")).isEqualTo(Instant.parse("2026-03-06T08:00:00Z"));
        // US on daylight time, UK not yet: 4 h apart
        assertThat(open("USA", "2026-03-09")).isEqualTo(Instant.parse("2026-03-09T13:30:00Z"));
        assertThat(open("UK", "2026-03-27")).isEqualTo(Instant.parse("2026-03-27T08:00:00Z"));
        assertThat(open("GERMANY", "2026-03-27")).isEqualTo(Instant.parse("2026-03-27T08:00:00Z"));
        // both on summer time
        assertThat(open("UK", "2026-03-30")).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
        assertThat(open("GERMANY", "2026-03-30")).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
        // autumn: Europe back first (10-25), the US a week later (11-01)
        assertThat(open("UK", "2026-10-23")).isEqualTo(Instant.parse("2026-10-23T07:00:00Z"));
        assertThat(open("UK", "2026-10-26")).isEqualTo(Instant.parse("2026-10-26T08:00:00Z"));
        assertThat(open("USA", "2026-10-30")).isEqualTo(Instant.parse("2026-10-30T13:30:00Z"));
        assertThat(open("USA", "2026-11-02")).isEqualTo(Instant.parse("2026-11-02T14:30:00Z"));
        assertThat(open("CANADA", "2026-11-02")).isEqualTo(Instant.parse("2026-11-02T14:30:00Z"));
    }

    @Test
    void cmeSundayOpensOnTheDstDaysThemselves() {
        // DST starts 02:00 Sunday 03-08; the 17:00 open that evening is already CDT
        assertThat(close("CME_GLOBEX", "2026-03-06")).isEqualTo(Instant.parse("2026-03-06T22:00:00Z"));
        assertThat(open("CME_GLOBEX", "2026-03-09")).isEqualTo(Instant.parse("2026-03-08T22:00:00Z"));
        assertThat(close("CME_GLOBEX", "2026-03-09")).isEqualTo(Instant.parse("2026-03-09T21:00:00Z"));
        // and ends 02:00 Sunday 11-01
        assertThat(open("CME_GLOBEX", "2026-11-02")).isEqualTo(Instant.parse("2026-11-01T23:00:00Z"));
        assertThat(close("CME_GLOBEX", "2026-10-30")).isEqualTo(Instant.parse("2026-10-30T21:00:00Z"));
    }

    @Test
    void sydneyAcrossTheSouthernChanges() {
        assertThat(open("AUSTRALIA", "2026-04-02")).isEqualTo(Instant.parse("2026-04-01T23:00:00Z")); // AEDT +11
        assertThat(open("AUSTRALIA", "2026-04-07")).isEqualTo(Instant.parse("2026-04-07T00:00:00Z")); // AEST +10
        assertThat(open("AUSTRALIA", "2026-10-02")).isEqualTo(Instant.parse("2026-10-02T00:00:00Z"));
        assertThat(open("AUSTRALIA", "2026-10-05")).isEqualTo(Instant.parse("2026-10-04T23:00:00Z"));
    }

    @Test
    void zonesWithoutDstDoNotMove() {
        for (String market : new String[]{"JAPAN", "HONG_KONG", "CHINA", "KOREA", "SINGAPORE", "TAIWAN", "INDIA"}) {
            MarketCalendar c = calendar(market);
            Instant march = c.sessionOn(LocalDate.of(2026, 3, 10)).orElseThrow().open();
            Instant april = c.sessionOn(LocalDate.of(2026, 4, 1)).orElseThrow().open();
            assertThat(Duration.between(march, april)).as(market).isEqualTo(Duration.ofDays(22));
        }
    }

    private static final String GAP_AND_OVERLAP = """
            markets:
              - id: NIGHT
                timezone: America/New_York
                weekdays: [MON, TUE, WED, THU, FRI, SAT, SUN]
                sessions:
                  - { open: "01:30", close: "02:30" }
                  - { open: "03:00", close: "24:00" }
                valid-from: 2026-03-01
                valid-to: 2026-11-30
            """;

    @Test
    void aTimeInsideTheSpringGapMovesForwardByTheGap() {
        MarketCalendar c = Catalogs.yaml(GAP_AND_OVERLAP).find("NIGHT").orElseThrow().calendar();
        TradingSession s = c.sessionOn(LocalDate.of(2026, 3, 8)).orElseThrow();
        // 01:30 EST = 06:30Z; 02:30 does not exist and becomes 03:30 EDT = 07:30Z, after the 03:00 EDT
        // reopen: the break disappears instead of running backwards
        assertThat(s.open()).isEqualTo(Instant.parse("2026-03-08T06:30:00Z"));
        assertThat(s.breaks()).isEmpty();
        // 24:00 is the start of the next day (a 23-hour day), not open + 24 h
        assertThat(s.close()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
        assertThat(c.sessionOn(LocalDate.of(2026, 3, 8))).contains(s);
    }

    @Test
    void aTimeInsideTheAutumnOverlapTakesTheEarlierOffset() {
        MarketCalendar c = Catalogs.yaml(GAP_AND_OVERLAP).find("NIGHT").orElseThrow().calendar();
        TradingSession s = c.sessionOn(LocalDate.of(2026, 11, 1)).orElseThrow();
        // 01:30 happens twice; the first (EDT, -4) counts
        assertThat(s.open()).isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
        // 02:30 EST = 07:30Z to 03:00 EST = 08:00Z
        assertThat(s.breaks()).containsExactly(new TradingSession.Break(
                Instant.parse("2026-11-01T07:30:00Z"), Instant.parse("2026-11-01T08:00:00Z")));
        assertThat(s.close()).isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));   // a 25-hour day
    }
}
