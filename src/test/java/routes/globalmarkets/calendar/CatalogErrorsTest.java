package routes.globalmarkets.calendar;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad catalog fails at load with a message naming the source, the market and the key. */
class CatalogErrorsTest {

    private static final String HEAD = """
            markets:
              - id: XMKT
                timezone: Europe/London
                weekdays: [MON, TUE, WED, THU, FRI]
                valid-from: 2026-01-01
                valid-to: 2026-12-31
            """;

    private static void fails(String yaml, String... parts) {
        var assertion = assertThatThrownBy(() -> Catalogs.yaml(yaml)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("test.yaml");
        for (String p : parts) {
            assertion.hasMessageContaining(p);
        }
    }

    @Test
    void unknownKeyIsNamedWithItsPath() {
        fails(HEAD + """
                    sessions: [{ open: "08:00", close: "16:30" }]
                    holidays:
                      - { month: 1, weekdy: MON }
                """, "markets[0].holidays[0].weekdy");
    }

    @Test
    void badTimesNameTheSegment() {
        fails(HEAD + "    sessions: [{ open: \"08:00\", close: \"25:00\" }]\n", "XMKT", "sessions[0].close", "25:00");
        fails(HEAD + "    sessions: [{ open: \"16:00\", close: \"08:00\" }]\n", "XMKT", "sessions[0]", "is not before");
        fails(HEAD + "    sessions: [{ open: \"08:00\", close: \"16:00 Mars/Olympus\" }]\n", "sessions[0].close");
        fails(HEAD + "    sessions: [{ open: \"17:00\", open-day-offset: -2, close: \"16:00\" }]\n",
                "sessions[0].open-day-offset");
    }

    @Test
    void holidayRulesAreChecked() {
        String sessions = "    sessions: [{ open: \"08:00\", close: \"16:30\" }]\n";
        fails(HEAD + sessions + "    holidays: [{ month: 12, day: 25, observe: monday-ish }]\n",
                "XMKT", "holidays[0].observe", "next-free-weekday");
        fails(HEAD + sessions + "    holidays: [{ date: 2026-12-25, easter: 1 }]\n", "holidays[0]", "exactly one");
        fails(HEAD + sessions + "    holidays: [{ month: 2, day: 30 }]\n", "holidays[0].day");
        fails(HEAD + sessions + "    holidays: [{ month: 5, weekday: MON, nth: 0 }]\n", "holidays[0].nth");
        fails(HEAD + sessions + "    holidays: [2026-13-01]\n", "holidays[0].date");
        fails(HEAD + sessions + "    early-closes: [{ date: 2026-12-24 }]\n", "early-closes[0].close", "missing");
        fails(HEAD + sessions + "    late-opens: [{ date: 2026-12-24, close: \"12:00\" }]\n", "late-opens[0].close");
        fails(HEAD + sessions + "    holidays-of: NOPE\n", "holidays-of", "NOPE");
    }

    @Test
    void versionedHoursAreChecked() {
        fails(HEAD + """
                    sessions: [{ open: "08:00", close: "16:30" }]
                    hours:
                      - effective-from: 2026-01-01
                        sessions: [{ open: "08:00", close: "16:30" }]
                """, "either 'hours' or 'sessions'");
        fails(HEAD + """
                    hours:
                      - effective-from: 2026-02-01
                        sessions: [{ open: "08:00", close: "16:30" }]
                """, "hours[0].effective-from", "after valid-from");
        fails(HEAD + """
                    hours:
                      - effective-from: 2026-01-01
                        sessions: [{ open: "08:00", close: "16:30" }]
                      - effective-from: 2025-06-01
                        sessions: [{ open: "08:00", close: "16:00" }]
                """, "hours[1].effective-from", "not after");
    }

    @Test
    void identityIsRequiredAndValidityIsCheckedWhenGiven() {
        String sessions = "    sessions: [{ open: \"08:00\", close: \"16:30\" }]\n";
        fails(HEAD.replace("    valid-to: 2026-12-31\n", "    valid-to: 2025-12-31\n") + sessions,
                "XMKT", "valid-to", "before valid-from");
        fails(HEAD.replace("    valid-to: 2026-12-31\n", "    valid-to: 2199-12-31\n") + sessions, "XMKT", "valid-to");
        fails(HEAD.replace("id: XMKT", "id: lower") + sessions, "key 'id'");
        fails("markets: []\n", "markets");
        // validity is optional (CONTRACT §3): without valid-to the market loads
        Catalogs.yaml(HEAD.replace("    valid-to: 2026-12-31\n", "") + sessions);
    }
}
