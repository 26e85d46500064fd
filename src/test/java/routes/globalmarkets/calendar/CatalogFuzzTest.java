package routes.globalmarkets.calendar;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Mutated catalogs (issue 8, "Bad input"): the built-in and the test catalogs with keys deleted,
 * duplicated and renamed, values replaced by wrong types and broken times, dates, zones and weekdays, text
 * truncated, tabs and random bytes injected. {@link MarketCatalog#load} must either give a catalog or throw
 * a {@link CatalogException} naming a key (or saying the text cannot be read), within a few seconds.
 * Seeded: a failure prints the seed and the case number, and {@code -Dfuzz.seed=...} replays it.
 */
class CatalogFuzzTest {

    private static final int CASES = 2_000;
    /** Per case: the biggest legal catalog loads in well under a second; more is a hang. */
    private static final Duration PER_CASE = Duration.ofSeconds(5);

    private static final String[] BASES = {"/markets/markets.yaml", "/markets/demo-24x7.yaml",
            "/markets/always-open.yaml", "/markets/clock-day.yaml", "/markets/tape.yaml"};

    private static final String[] KEYS = {"markets", "id", "name", "mic", "timezone", "weekdays", "sessions", "breaks",
            "hours", "effective-from", "holidays", "holidays-of", "early-closes", "late-opens", "extra-days",
            "valid-from", "valid-to", "enabled", "session-capture", "symbols", "open", "close", "open-day-offset",
            "start", "end", "date", "month", "day", "weekday", "nth", "easter", "shift", "observe", "on", "from", "to",
            "Id", "valid_from", "weekdy", "sesions", ""};

    /** Values that are wrong somewhere: types, times, dates, zones, weekdays, numbers, YAML oddities. */
    private static final String[] VALUES = {"", "~", "null", "[]", "{}", "[~]", "[[]]", "[{}]", "{ a: 1 }", "[MON, ~]",
            "\"\"", "\" \"", "true", "false", "yes", "0", "-1", "1", "2", "5", "6", "12", "13", "29", "31", "32", "-6",
            "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1e400", "-0", "0x1F", ".nan", ".inf",
            "1.5",
            "\"25:00\"", "\"24:00\"", "\"24:01\"", "\"23:59:60\"", "\"9:30\"", "\"09:30 \"", "\"09:30 Mars/Olympus\"",
            "\"09:30 America/New_York\"", "\"16:00  \"", "\"xx:yy\"", "\"-01:00\"", "\"00:00\"", "\"12:00 UTC+25\"",
            "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "0000-01-01", "9999-12-31",
            "+999999999-12-31", "-999999999-01-01", "+10000-01-01", "-0001-01-01", "2026-01-01T00:00", "20260101",
            "1900-01-01", "2100-12-31",
            "UTC", "Z", "Europe/Nowhere", "GMT+99", "+25:00", "America/New_York ", "Etc/GMT-14", "EST", "\"\\u0000\"",
            "MON", "mon", "Monday", "MO", "MONDAY-ish", "[MON, FUNDAY]", "[SAT, SUN]", "[\"\", MON]", "[FRI, FRI]",
            "none", "nearest-weekday", "next-free-weekday", "monday-ish", "{ month: 2, day: 29 }", "[{ month: 2, day: 29 }]",
            "[{ month: 2, day: 29, weekday: FRI, nth: -1 }]",
            "[{ month: 2, day: 29, weekday: MON }]", "[{ month: 2, day: 29, observe: next-free-weekday, close: \"12:00\" }]",
            "[{ easter: -400 }]", "[{ easter: 40000000 }]", "[{ month: 1, day: 1, shift: -2147483648 }]", "[~]",
            "{ month: 2, day: 29, weekday: MON }", "{ month: 2, day: 29, weekday: MON, nth: -1 }",
            "{ month: 2, day: 29, observe: next-free-weekday }", "{ easter: -400 }", "{ easter: 2147483647 }",
            "{ month: 12, day: 25, shift: 2147483647 }", "{ month: 12, day: 25, shift: -2147483648 }",
            "{ month: 1, weekday: MON, nth: 6 }", "{ date: ~ }", "[2026-02-30]", "{ open: ~, close: ~ }",
            "[{ open: \"09:00\" }]", "[{ start: \"12:00\", end: \"11:00\" }]", "[{ effective-from: ~ }]",
            "&a [MON]", "*a", "*nope", "!!binary aGVsbG8=", "!!int x", "!!timestamp 2026-01-01", "!foo bar",
            "|\n  multi\n  line", ">-\n  folded", "'single ''quoted'''", "\"unterminated", "[unbalanced", "{ a: ",
            "\u00e9\u00e8\u4e2d\u6587", "\ud83d\ude00", "\u202e2026-01-01", "\u00a009:30", "x".repeat(5000)};

    /** List items that replace a "- { ... }" line: holidays, sessions and breaks gone wrong in every key. */
    private static final String[] ITEMS = {"{ month: 2, day: 29 }", "{ month: 2, day: 29, weekday: FRI, nth: -1 }",
            "{ month: 2, day: 29, weekday: MON, nth: 2 }", "{ month: 2, day: 29, observe: next-free-weekday }",
            "{ month: 2, day: 29, close: \"12:00\" }", "{ month: 2, day: 30 }", "{ month: 4, day: 31 }",
            "{ easter: -400 }", "{ easter: 40000000 }", "{ month: 1, day: 1, shift: -2147483648 }",
            "{ month: 12, day: 31, shift: 2147483647, observe: next-free-weekday }", "{ month: 5, weekday: SUN, nth: 5 }",
            "{ month: 5, weekday: SUN, nth: -5, day: 1 }", "{ month: 1, day: 1, from: 2030, to: 2020 }",
            "{ month: 1, day: 1, on: [] }", "{ month: 1, day: 1, on: [XYZ] }", "{ month: 1, day: 1, on: ~ }",
            "{ date: 2026-02-29 }", "{ date: 2024-02-29 }", "{ date: \"\" }", "{}", "~", "[]", "2026-02-29",
            "{ name: ~, date: 2026-01-01 }", "{ open: \"24:00\", close: \"24:00\" }",
            "{ open: \"00:00\", close: \"00:00\" }", "{ open: \"23:00\", open-day-offset: -1, close: \"23:00\" }",
            "{ open: \"17:00 America/Chicago\", open-day-offset: -1, close: \"16:00 Asia/Tokyo\" }",
            "{ start: ~, end: \"12:00\" }", "{ start: \"11:30\", end: \"11:30\" }",
            "{ effective-from: 2026-01-01, sessions: ~ }", "{ open: [09:30], close: { h: 16 } }"};

    @Test
    void mutatedCatalogsLoadOrFailNamingAKey() throws IOException {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("CatalogFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Random rnd = new Random(seed);
        List<String> bases = new ArrayList<>();
        for (String b : BASES) {
            try (InputStream in = CatalogFuzzTest.class.getResourceAsStream(b)) {
                bases.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        bases.addAll(singleMarkets(bases.get(0)));
        for (String b : bases) {
            // the unmutated inputs are good: a mutation that fails is the mutation's doing
            load(b.getBytes(StandardCharsets.UTF_8), "base");
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            // the big file costs ~20 ms a load; small catalogs most of the time keep the run short
            String base = rnd.nextInt(8) == 0 ? bases.get(0) : bases.get(1 + rnd.nextInt(bases.size() - 1));
            List<String> applied = new ArrayList<>();
            byte[] text = mutate(base, rnd, applied);
            String label = "seed " + seed + " case " + i + " " + applied;
            try {
                String outcome = assertTimeoutPreemptively(PER_CASE, () -> load(text, label), () -> "hang: " + label);
                outcomes.merge(outcome, 1, Integer::sum);
            } catch (AssertionError e) {
                // keep going: one run shows every kind of failure, not only the first
                failures.add(e.getMessage());
            }
        }
        System.out.printf("CatalogFuzzTest: %d mutated catalogs in %d ms: %s%n", CASES,
                (System.nanoTime() - start) / 1_000_000, outcomes);
        if (!failures.isEmpty()) {
            // one example per kind of failure (the text after the label, digits and quotes aside)
            Map<String, String> kinds = new LinkedHashMap<>();
            for (String f : failures) {
                String tail = f.substring(f.indexOf("]: ") + 3);
                String kind = tail.replaceAll("'[^']*'|\\d+", "").lines().findFirst().orElse("");
                kinds.putIfAbsent(kind.substring(0, Math.min(90, kind.length())), f);
            }
            kinds.values().forEach(f -> System.out.println("FAILED " + f));
            fail("%d of %d mutated catalogs failed (seed %d), %d kinds; an example of each is printed above",
                    failures.size(), CASES, seed, kinds.size());
        }
        // the mutations must reach the checks, not only the YAML parser
        assertThat(outcomes.getOrDefault("loaded", 0)).isGreaterThan(CASES / 50);
        assertThat(outcomes.getOrDefault("key", 0)).isGreaterThan(CASES / 4);
        assertThat(outcomes.getOrDefault("cannot read", 0)).isGreaterThan(CASES / 50);
    }

    /** What earlier runs found, kept as fixed cases: each escaped as an NPE, a DateTimeException or "key ''". */
    @Test
    void theCasesTheFuzzFound() {
        String head = "markets:\n  - id: XMKT\n    timezone: UTC\n    weekdays: [MON, TUE, WED, THU, FRI]\n";
        String sessions = "    sessions: [{ open: \"08:00\", close: \"16:30\" }]\n";
        String valid = "    valid-from: 2025-01-01\n    valid-to: 2027-12-31\n";
        assertThat(load(bytes(head + sessions + valid + "    holidays:\n"), "empty list")).isEqualTo("loaded");
        assertThat(load(bytes(head + "    sessions:\n" + valid), "no sessions")).isEqualTo("key");
        assertThat(load(bytes(head + "    sessions: [~]\n" + valid), "null session")).isEqualTo("key");
        assertThat(load(bytes(head + sessions + "    breaks: [~]\n" + valid), "null break")).isEqualTo("key");
        assertThat(load(bytes(head + "    hours: [~]\n" + valid), "null hours")).isEqualTo("key");
        assertThat(load(bytes("- markets\n"), "top-level list")).isEqualTo("key");
        assertThat(load(bytes(""), "empty file")).isEqualTo("key");
        assertThat(load(bytes(head + sessions + "    valid-from: -0001-01-01\n    valid-to: 2027-12-31\n"), "year -1"))
                .isEqualTo("key");
        assertThat(load(bytes(head + sessions + "    valid-from: 2025-01-01\n    valid-to: 9999-12-31\n"), "year 9999"))
                .isEqualTo("key");
        // a 29 February rule holds in leap years only
        MarketCatalog leap = MarketCatalog.load(new ByteArrayInputStream(bytes(head + sessions
                + "    valid-from: 2027-01-01\n    valid-to: 2028-12-31\n"
                + "    holidays: [{ month: 2, day: 29 }, { month: 2, day: 29, weekday: MON, nth: 1 }]\n")), "leap.yaml", Catalogs.TODAY);
        MarketCalendar c = leap.find("XMKT").orElseThrow().calendar();
        assertThat(c.specialDays(2027)).isEmpty();
        assertThat(c.specialDays(2028)).extracting(SpecialDay::date)
                .containsExactly(java.time.LocalDate.of(2028, 2, 29), java.time.LocalDate.of(2028, 3, 6));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** "loaded", "key" or "cannot read"; anything else fails with the case's label and text. */
    private static String load(byte[] text, String label) {
        try {
            MarketCatalog c = MarketCatalog.load(new ByteArrayInputStream(text), "fuzz.yaml", Catalogs.TODAY);
            assertThat(c.markets()).as(label).isNotEmpty();
            return "loaded";
        } catch (CatalogException e) {
            String m = e.getMessage();
            assertThat(m).as(label).startsWith("market catalog fuzz.yaml: ");
            if (m.contains(": cannot read: ")) {
                return "cannot read";
            }
            if (NAMED_KEY.matcher(m).find() || EMPTY_ENTRY.matcher(m).find()) {
                return "key";
            }
            return fail("%s: the message names no key: %s%n--- catalog ---%n%s", label, m, show(text));
        } catch (RuntimeException | Error e) {
            if (e instanceof AssertionError a) {
                throw a;
            }
            throw new AssertionError(label + ": " + e + " escaped\n--- catalog ---\n" + show(text), e);
        }
    }

    /** key 'something' with a non-empty key; or "markets[3] is empty". */
    private static final Pattern NAMED_KEY = Pattern.compile("key '[^']+'");
    private static final Pattern EMPTY_ENTRY = Pattern.compile("markets\\[\\d+] is empty");

    private static String show(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8);
        return s.length() > 3000 ? s.substring(0, 3000) + "..." : s;
    }

    /** Each market of the built-in file on its own (holidays-of needs its source market, kept in front). */
    private static List<String> singleMarkets(String file) {
        String body = file.substring(file.indexOf("\nmarkets:\n") + "\nmarkets:\n".length());
        String[] blocks = body.split("\n(?=  - id: )");
        Map<String, String> byId = new LinkedHashMap<>();
        for (String b : blocks) {
            Matcher m = Pattern.compile("  - id: (\\S+)").matcher(b);
            if (m.find()) {
                byId.put(m.group(1), b);
            }
        }
        List<String> out = new ArrayList<>();
        for (String b : byId.values()) {
            Matcher of = Pattern.compile("holidays-of: (\\S+)").matcher(b);
            String prefix = of.find() ? byId.get(of.group(1)) + "\n" : "";
            out.add("markets:\n" + prefix + b + "\n");
        }
        assertThat(out).hasSizeGreaterThan(10);
        return out;
    }

    private static byte[] mutate(String base, Random rnd, List<String> applied) {
        List<String> lines = new ArrayList<>(Arrays.asList(base.split("\n", -1)));
        int n = 1 + rnd.nextInt(4);
        byte[] raw = null;
        for (int k = 0; k < n; k++) {
            int op = rnd.nextInt(100);
            int at = rnd.nextInt(lines.size());
            if (op >= 82 && op < 85) {
                at = itemLine(lines, rnd, at); // most lines are no list item: look for one
            }
            if (op < 30) {
                applied.add("value@" + at);
                lines.set(at, replaceValue(lines.get(at), rnd));
            } else if (op < 40) {
                applied.add("delete@" + at);
                lines.remove(at);
                if (lines.isEmpty()) {
                    lines.add("");
                }
            } else if (op < 48) {
                applied.add("duplicate@" + at);
                lines.add(at, lines.get(at));
            } else if (op < 58) {
                applied.add("rekey@" + at);
                lines.set(at, renameKey(lines.get(at), rnd));
            } else if (op < 64) {
                applied.add("indent@" + at);
                String l = lines.get(at);
                lines.set(at, rnd.nextBoolean() ? "  " + l : l.replaceFirst("^ {1,2}", ""));
            } else if (op < 70) {
                applied.add("tab@" + at);
                String l = lines.get(at);
                int p = l.isEmpty() ? 0 : rnd.nextInt(l.length() + 1);
                lines.set(at, l.substring(0, p) + "\t" + l.substring(p));
            } else if (op < 76) {
                int to = rnd.nextInt(lines.size());
                applied.add("swap@" + at + "," + to);
                String l = lines.get(at);
                lines.set(at, lines.get(to));
                lines.set(to, l);
            } else if (op < 82) {
                applied.add("cut@" + at);
                String l = lines.get(at);
                lines.set(at, l.substring(0, l.isEmpty() ? 0 : rnd.nextInt(l.length())));
            } else if (op < 82 + 3 && lines.get(at).contains("- {")) {
                applied.add("item@" + at);
                String l = lines.get(at);
                lines.set(at, l.substring(0, l.indexOf("- {") + 2) + ITEMS[rnd.nextInt(ITEMS.length)]);
            } else if (op < 88) {
                applied.add("insert@" + at);
                lines.add(at, lines.get(at).replaceFirst("\\S.*", "") + KEYS[rnd.nextInt(KEYS.length)] + ": "
                        + VALUES[rnd.nextInt(VALUES.length)]);
            } else {
                raw = bytes(lines, raw);
                int kind = rnd.nextInt(3);
                if (kind == 0) {
                    int len = rnd.nextInt(raw.length + 1);
                    applied.add("truncate@" + len);
                    raw = Arrays.copyOf(raw, len);
                } else {
                    int count = 1 + rnd.nextInt(8);
                    applied.add((kind == 1 ? "bytes" : "controls") + "x" + count);
                    for (int j = 0; j < count && raw.length > 0; j++) {
                        raw[rnd.nextInt(raw.length)] = (byte) (kind == 1 ? rnd.nextInt(256) : rnd.nextInt(32));
                    }
                }
                lines = new ArrayList<>(Arrays.asList(new String(raw, StandardCharsets.ISO_8859_1).split("\n", -1)));
                raw = null;
            }
        }
        // lines that went through bytes are Latin-1 text: write them back byte for byte
        String joined = String.join("\n", lines);
        return applied.stream().anyMatch(a -> a.startsWith("truncate") || a.startsWith("bytes") || a.startsWith("controls"))
                ? joined.getBytes(StandardCharsets.ISO_8859_1) : joined.getBytes(StandardCharsets.UTF_8);
    }

    private static int itemLine(List<String> lines, Random rnd, int fallback) {
        for (int tries = 0; tries < 50; tries++) {
            int at = rnd.nextInt(lines.size());
            if (lines.get(at).contains("- {")) {
                return at;
            }
        }
        return fallback;
    }

    private static byte[] bytes(List<String> lines, byte[] raw) {
        return raw != null ? raw : String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z][\\w-]*):( +)([^,}\\n]*)");

    /** One "key: value" of the line (block or flow style) gets a value from {@link #VALUES}. */
    private static String replaceValue(String line, Random rnd) {
        Matcher m = KEY_VALUE.matcher(line);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[]{m.start(3), m.end(3)});
        }
        String v = VALUES[rnd.nextInt(VALUES.length)];
        if (spans.isEmpty()) {
            // a list item ("- 2026-01-01") or a flow list: replace the item text
            int dash = line.indexOf("- ");
            return dash >= 0 ? line.substring(0, dash + 2) + v : line + v;
        }
        int[] s = spans.get(rnd.nextInt(spans.size()));
        return line.substring(0, s[0]) + v + line.substring(s[1]);
    }

    private static String renameKey(String line, Random rnd) {
        Matcher m = KEY_VALUE.matcher(line);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[]{m.start(1), m.end(1)});
        }
        if (spans.isEmpty()) {
            return line;
        }
        int[] s = spans.get(rnd.nextInt(spans.size()));
        return line.substring(0, s[0]) + KEYS[rnd.nextInt(KEYS.length)] + line.substring(s[1]);
    }
}
