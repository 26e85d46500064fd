package routes.globalmarkets.calendar;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog example of CONTRACT §3, verbatim: no validity keys, no dated lists, so it answers for any year. */
class MinimalCatalogTest {

    static final String CONTRACT_EXAMPLE = """
            markets:
              - id: USA                 # upper-case key used in every Redis key, table row and event
                name: New York Stock Exchange
                mic: XNYS
                timezone: America/New_York
                weekdays: [MON, TUE, WED, THU, FRI]
                sessions:               # regular trading segments in local time; "24:00" is the end of the day
                  - { open: "09:30", close: "16:00" }
                enabled: true
                session-capture: true   # build session / 24h / 52-week figures for this market
                symbols: [ES, NQ, YM, RTY]
            """;

    @Test
    void theContractsMinimalCatalogLoadsAndAnswersFor2031() {
        Market usa = Catalogs.yaml(CONTRACT_EXAMPLE).find("USA").orElseThrow();
        MarketCalendar c = usa.calendar();
        assertThat(c.publishedTo()).isNull();
        assertThat(c.projectedFrom()).isNull();
        List<TradingSession> march = c.sessions(LocalDate.of(2031, 3, 3), LocalDate.of(2031, 3, 14));
        // ten weekdays; US daylight saving starts Sunday 2031-03-09: 14:30Z before, 13:30Z after
        assertThat(march).hasSize(10);
        assertThat(march.get(0).open()).isEqualTo(Instant.parse("2031-03-03T14:30:00Z"));
        assertThat(march.get(5).open()).isEqualTo(Instant.parse("2031-03-10T13:30:00Z"));
        assertThat(march.get(5).close()).isEqualTo(Instant.parse("2031-03-10T20:00:00Z"));
        assertThat(march).noneMatch(s -> c.isProjected(s.date()));
        // no holiday rules: Christmas 2031 (a Thursday) is a session; a Saturday is not
        assertThat(c.sessionOn(LocalDate.of(2031, 12, 25))).isPresent();
        assertThat(c.sessionOn(LocalDate.of(2031, 12, 27))).isEmpty();
        assertThat(c.specialDays(2031)).isEmpty();
        assertThat(c.lastAnswerable()).isEqualTo(LocalDate.of(MarketCalendar.LAST_YEAR, 12, 31));
        assertThat(usa.symbols()).containsExactly("ES", "NQ", "YM", "RTY");
    }

    @Test
    void aMarketWithDatedListsButNoValidToIsPublishedThroughItsLastDatedYear() {
        MarketCalendar c = Catalogs.yaml(CONTRACT_EXAMPLE.replace("    enabled: true\n",
                "    holidays: [2027-07-05, { month: 1, day: 1 }]\n    enabled: true\n")).find("USA").orElseThrow().calendar();
        assertThat(c.publishedTo()).isEqualTo(LocalDate.of(2027, 12, 31));
        assertThat(c.sessionOn(LocalDate.of(2027, 7, 5))).isEmpty();
        // 2028 is projected: the dated day does not come back (the yearly rule would go on)
        assertThat(c.isProjected(LocalDate.of(2028, 7, 5))).isTrue();
        assertThat(c.sessionOn(LocalDate.of(2028, 7, 5))).isPresent();
        assertThat(c.lastAnswerable()).isEqualTo(LocalDate.of(2028, 12, 31));
    }
}
