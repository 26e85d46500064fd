package routes.coverage;

import org.junit.jupiter.api.Test;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketCatalog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The minutes that can hold a bar: those in which the market was open for at least part of the minute. A
 * session that opens mid-minute has that minute; a lunch break has none of its whole minutes; a closed day
 * has none; the answer is the same across a DST change (UTC minutes, the calendar's local hours).
 */
class OpenMinutesTest {

    static final Market M = MarketCatalog.load(new ByteArrayInputStream("""
            markets:
              - id: LUNCH
                name: Lunch break market
                mic: XLUN
                timezone: America/New_York
                weekdays: [MON, TUE, WED, THU, FRI]
                sessions:
                  - { open: "09:30:30", close: "11:30" }
                  - { open: "12:30", close: "16:00" }
                valid-from: 2026-01-01
                valid-to: 2026-12-31
                symbols: [X]
            """.getBytes(StandardCharsets.UTF_8)), "test.yaml", java.time.LocalDate.of(2026, 3, 1)).find("LUNCH").orElseThrow();

    @Test
    void theMinutesAMarketWasOpenIn() {
        // Tuesday 2026-03-10 (EDT, UTC-4): 13:30:30-15:30 and 16:30-20:00 UTC
        Instant from = Instant.parse("2026-03-10T13:00:00Z");
        BitSet open = OpenMinutes.of(M, from, Instant.parse("2026-03-10T21:00:00Z"));
        assertThat(open.nextSetBit(0)).isEqualTo(30);                 // 13:30, opened at 13:30:30
        assertThat(open.get(149)).isTrue();                           // 15:29
        assertThat(open.get(150, 210).isEmpty()).isTrue();            // 15:30-16:29: lunch
        assertThat(open.get(210)).isTrue();                           // 16:30
        assertThat(open.length() - 1).isEqualTo(419);                 // 19:59 the last
        assertThat(open.cardinality()).isEqualTo(120 + 210);
    }

    @Test
    void aWeekendAndBothSidesOfTheClockChange() {
        assertThat(OpenMinutes.of(M, Instant.parse("2026-03-07T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z"))
                .isEmpty()).isTrue();
        // Friday 2026-03-06 is EST (UTC-5): 14:30:30 opens, the 14:30 minute counts
        BitSet fri = OpenMinutes.of(M, Instant.parse("2026-03-06T14:00:00Z"), Instant.parse("2026-03-06T15:00:00Z"));
        assertThat(fri.nextSetBit(0)).isEqualTo(30);
        for (Instant t : List.of(Instant.parse("2026-03-09T13:29:00Z"), Instant.parse("2026-03-06T14:29:00Z"))) {
            assertThat(OpenMinutes.of(M, t, t.plusSeconds(60)).isEmpty()).as(t.toString()).isTrue();
        }
    }
}
