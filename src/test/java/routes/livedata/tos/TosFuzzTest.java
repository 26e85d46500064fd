package routes.livedata.tos;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import routes.config.ThorProperties;
import routes.livedata.Tick;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thinkorswim export under fuzz (issue 8, "Bad input"): generated exports full of malformed rows (garbage
 * numbers, 32nds out of range, huge, tiny, NaN and Infinity values, unicode and control characters, empty,
 * option and duplicate symbols, extremely long cells, extra cells) mixed with good rows in every legal
 * spelling, plus whole reads that are half-written (cut short, a quote left open, a row with the wrong
 * separator or too few cells) or have no header. Everything goes through {@link TosExportPoller#poll}, the
 * route's own entry point, as CSV and as .xlsx.
 *
 * <p>The oracle is independent of the parser: each generated cell carries the value it means (or
 * "unreadable", or "nothing"), each row the reject it deserves. Asserted per file: nothing but the documented
 * {@link UnusableRead} is thrown (the poller turns it into a skipped read), each good row yields exactly its
 * expected tick field by field and nothing else is published, and the counters grow by exactly the rejects
 * generated, by reason and by field. Seeded: the seed is printed; {@code -Dfuzz.seed=...} replays a run.
 */
class TosFuzzTest {

    private static final int FILES = 260;
    private static final int ROWS_PER_FILE = 90;

    enum Field {
        LAST("Last", false), BID("Bid", false), ASK("Ask", false), BID_SIZE("BidSize", true),
        ASK_SIZE("AskSize", true), VOLUME("Volume", true), OPEN("Open", false), HIGH("24High", false),
        LOW("24Low", false), PREV_CLOSE("Close", false), NET_CHANGE("NetChange", false);

        final String header;
        final boolean count;

        Field(String header, boolean count) {
            this.header = header;
            this.count = count;
        }

        String tag() {
            return name().toLowerCase();
        }
    }

    /** A cell: its text and what it means. */
    record Cell(String text, Object value, boolean unreadable) {
        static Cell of(String text, Object value) {
            return new Cell(text, value, false);
        }

        static Cell nothing(String text) {
            return new Cell(text, null, false);
        }

        static Cell bad(String text) {
            return new Cell(text, null, true);
        }
    }

    /** A row as generated: symbol text, what the symbol means, one cell per field, extra cells at the end. */
    static final class Row {
        String symbolText;
        String symbol; // the root, or null when the symbol cell is empty or unsupported
        String reject; // the row's expected reject reason, or null
        final Map<Field, Cell> cells = new EnumMap<>(Field.class);
        final List<String> extra = new ArrayList<>();
        boolean malformed;
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Random rnd;
    private int symbolCounter;

    @Test
    void malformedRowsAreCountedAndTheGoodRowsAroundThemPublishedExactly() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("TosFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        rnd = new Random(seed);
        TosExportPoller csvPoller = poller("export.csv");
        TosExportPoller xlsxPoller = poller("export.xlsx");

        int malformedRows = 0;
        int goodRows = 0;
        int unusableReads = 0;
        Map<String, Integer> rejectsByReason = new TreeMap<>();
        Map<String, Integer> unreadableByField = new TreeMap<>();
        long start = System.nanoTime();
        for (int f = 0; f < FILES; f++) {
            boolean xlsx = f % 10 == 9; // one export in ten is a workbook
            String label = "seed " + seed + " file " + f + (xlsx ? " (xlsx)" : " (csv)");
            List<Field> columns = new ArrayList<>(List.of(Field.values()));
            Collections.shuffle(columns, rnd);
            List<String> header = header(columns);
            List<Row> rows = new ArrayList<>();
            Map<String, Integer> expectRejects = new HashMap<>();
            Map<String, Integer> expectUnreadable = new HashMap<>();
            Map<String, Tick> expectTicks = new LinkedHashMap<>();
            Instant modified = Instant.ofEpochMilli(1_780_000_000_000L + f * 1000L);
            Set<String> seen = new HashSet<>();
            for (int r = 0; r < ROWS_PER_FILE; r++) {
                Row row = rnd.nextInt(100) < 60 ? malformedRow(seen, xlsx) : goodRow(xlsx);
                if (!xlsx && row.extra.stream().anyMatch(c -> !Cells.strip(c).isEmpty())) {
                    // in CSV, cells beyond the header may be a shifted row: rejected before anything is read
                    row.reject = ExportParser.EXTRA_CELLS;
                    row.symbol = null;
                }
                rows.add(row);
                expect(row, seen, modified, expectRejects, expectUnreadable, expectTicks);
            }
            int unusable = xlsx ? (rnd.nextInt(10) == 0 ? 1 : 0) : (rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(6) : 0);
            byte[] content = xlsx ? workbook(header, columns, rows) : csv(header, columns, rows, unusable);
            if (xlsx && unusable > 0) {
                content = Arrays.copyOf(content, rnd.nextInt(content.length)); // a workbook caught mid-save
            }
            String reason = unusable == 0 ? null : unusable == 5 || unusable == 6 ? UnusableRead.NO_SYMBOL_HEADER
                    : UnusableRead.HALF_WRITTEN;

            TosExportPoller poller = xlsx ? xlsxPoller : csvPoller;
            Map<String, Double> before = counts();
            List<Tick> ticks;
            try {
                ticks = poller.poll(content, modified.toEpochMilli());
            } catch (RuntimeException e) {
                throw new AssertionError(label + ": " + e + " escaped the poller", e);
            }
            Map<String, Double> delta = delta(before, counts());
            if (reason != null) {
                unusableReads++;
                assertThat(ticks).as(label + ": nothing from an unusable read").isEmpty();
                assertThat(delta).as(label + ": only the skipped read is counted")
                        .containsExactlyEntriesOf(Map.of("thor.tos.reads.skipped|" + reason, 1.0));
                continue;
            }
            Map<String, Double> expected = new TreeMap<>();
            expectRejects.forEach((k, v) -> expected.put("thor.tos.rows.rejected|" + k, v.doubleValue()));
            expectUnreadable.forEach((k, v) -> expected.put("thor.tos.cells.unreadable|" + k, v.doubleValue()));
            assertThat(delta).as(label + ": counters by reason and field").isEqualTo(expected);

            Map<String, Tick> got = new LinkedHashMap<>();
            for (Tick t : ticks) {
                assertThat(got.put(t.symbol(), t)).as(label + ": one tick per symbol, " + t.symbol()).isNull();
                // the sink writes these strings: a value that cannot be written must never get this far
                t.toFields().values().forEach(v -> assertThat(v.length()).as(label + " " + t).isLessThan(64));
            }
            assertThat(got.keySet()).as(label + ": exactly the good rows publish").isEqualTo(expectTicks.keySet());
            for (Tick want : expectTicks.values()) {
                assertThat(got.get(want.symbol())).as(label + ": " + want.symbol()).isEqualTo(want);
            }
            poller.published();
            for (Row row : rows) {
                if (row.malformed) {
                    malformedRows++;
                } else {
                    goodRows++;
                }
            }
            expectRejects.forEach((k, v) -> rejectsByReason.merge(k, v, Integer::sum));
            expectUnreadable.forEach((k, v) -> unreadableByField.merge(k, v, Integer::sum));
        }
        System.out.printf("TosFuzzTest: %d exports (%d unusable reads) in %d ms: %d malformed rows, %d good rows; "
                        + "rows rejected %s; cells unreadable %s%n", FILES, unusableReads,
                (System.nanoTime() - start) / 1_000_000, malformedRows, goodRows, rejectsByReason, unreadableByField);
        assertThat(malformedRows).isGreaterThanOrEqualTo(10_000);
        // every reason and every field took part (a generator gone quiet would otherwise pass unnoticed)
        assertThat(rejectsByReason.keySet()).containsExactlyInAnyOrder(ExportParser.NO_SYMBOL,
                ExportParser.UNSUPPORTED_SYMBOL, ExportParser.DUPLICATE_SYMBOL, ExportParser.NO_VALUES,
                ExportParser.EXTRA_CELLS);
        assertThat(unreadableByField).hasSize(Field.values().length);
        assertThat(unusableReads).isGreaterThan(5);
        assertThat(counter("thor.tos.reads.skipped", "reason", UnusableRead.HALF_WRITTEN)
                + counter("thor.tos.reads.skipped", "reason", UnusableRead.NO_SYMBOL_HEADER)).isEqualTo(unusableReads);
    }

    /** The parser's rules, written out: symbol, duplicate, cells, no-values; the tick of a good row. */
    private static void expect(Row row, Set<String> seen, Instant modified, Map<String, Integer> rejects,
                               Map<String, Integer> unreadable, Map<String, Tick> ticks) {
        if (row.reject != null) {
            rejects.merge(row.reject, 1, Integer::sum);
            if (row.symbol != null) {
                seen.add(row.symbol);
            }
            return; // a rejected symbol's cells are never read
        }
        seen.add(row.symbol);
        Object[] v = new Object[Field.values().length];
        boolean any = false;
        for (Field f : Field.values()) {
            Cell c = row.cells.get(f);
            if (c.unreadable()) {
                unreadable.merge(f.tag(), 1, Integer::sum);
            } else if (c.value() != null) {
                v[f.ordinal()] = c.value();
                any = true;
            }
        }
        if (!any) {
            row.reject = ExportParser.NO_VALUES;
            row.malformed = true;
            rejects.merge(ExportParser.NO_VALUES, 1, Integer::sum);
            return;
        }
        ticks.put(row.symbol, new Tick(row.symbol, modified, Tick.SOURCE_TOS, (BigDecimal) v[0], (BigDecimal) v[1],
                (BigDecimal) v[2], (Long) v[3], (Long) v[4], (Long) v[5], (BigDecimal) v[6], (BigDecimal) v[7],
                (BigDecimal) v[8], (BigDecimal) v[9], (BigDecimal) v[10]));
    }

    // --- rows ---

    private Row goodRow(boolean xlsx) {
        Row row = new Row();
        row.symbol = freshSymbol();
        row.symbolText = symbolSpelling(row.symbol);
        for (Field f : Field.values()) {
            row.cells.put(f, rnd.nextInt(6) == 0 ? empty() : good(f));
        }
        if (row.cells.get(Field.LAST).value() == null) {
            row.cells.put(Field.LAST, goodPrice(false)); // at least one value, so the row publishes
        }
        if (rnd.nextInt(8) == 0) {
            addExtraCells(row, xlsx); // more cells than the header: the header's columns still read right
        }
        return row;
    }

    private Row malformedRow(Set<String> seen, boolean xlsx) {
        Row row = new Row();
        row.malformed = true;
        int kind = rnd.nextInt(100);
        if (kind < 10) {
            row.symbolText = pick(NO_SYMBOL);
            row.reject = ExportParser.NO_SYMBOL;
        } else if (kind < 22) {
            row.symbolText = unsupportedSymbol(xlsx);
            row.reject = ExportParser.UNSUPPORTED_SYMBOL;
        } else if (kind < 32 && !seen.isEmpty()) {
            row.symbol = pick(new ArrayList<>(seen));
            row.symbolText = symbolSpelling(row.symbol);
            row.reject = ExportParser.DUPLICATE_SYMBOL;
        } else if (kind < 40) {
            row.symbol = freshSymbol(); // every cell empty or unreadable: no values
            row.symbolText = symbolSpelling(row.symbol);
            for (Field f : Field.values()) {
                // a zero price is "not yet"; a zero size or change is a real value, so those stay empty
                boolean zeroIsValue = f.count || f == Field.NET_CHANGE;
                row.cells.put(f, rnd.nextBoolean() || zeroIsValue ? empty() : zeroPrice());
            }
            if (rnd.nextBoolean()) {
                Field f = pick(Arrays.asList(Field.values()));
                row.cells.put(f, garbage(f, xlsx));
            }
            return withExtraCells(row, xlsx);
        } else {
            row.symbol = freshSymbol(); // a good symbol with some bad cells between good ones
            row.symbolText = symbolSpelling(row.symbol);
            int bad = 1 + rnd.nextInt(4);
            List<Field> fields = new ArrayList<>(List.of(Field.values()));
            Collections.shuffle(fields, rnd);
            for (Field f : Field.values()) {
                row.cells.put(f, fields.indexOf(f) < bad ? garbage(f, xlsx) : rnd.nextInt(5) == 0 ? empty() : good(f));
            }
            return withExtraCells(row, xlsx);
        }
        for (Field f : Field.values()) {
            // a rejected row's cells are never read: any text, even garbage
            row.cells.put(f, rnd.nextBoolean() ? good(f) : garbage(f, xlsx));
        }
        return withExtraCells(row, xlsx);
    }

    private Row withExtraCells(Row row, boolean xlsx) {
        if (rnd.nextInt(6) == 0) {
            addExtraCells(row, xlsx);
        }
        return row;
    }

    private void addExtraCells(Row row, boolean xlsx) {
        row.malformed = true;
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            row.extra.add(garbage(Field.LAST, xlsx).text());
        }
    }

    private String freshSymbol() {
        return "FZ" + Integer.toString(symbolCounter++, 36).toUpperCase();
    }

    /** The ways thinkorswim and traders write one root. */
    private String symbolSpelling(String root) {
        return switch (rnd.nextInt(7)) {
            case 0 -> "/" + root + ":XCME";
            case 1 -> "/" + root;
            case 2 -> "$" + root;
            case 3 -> root.toLowerCase();
            case 4 -> " " + root + "\u00A0";
            case 5 -> "/" + root.toLowerCase() + ":xnym";
            default -> root;
        };
    }

    private static final List<String> NO_SYMBOL = List.of("", " ", "\u00A0", "N/A", "#N/A", "--", "#VALUE!", " \t ");

    private String unsupportedSymbol(boolean xlsx) {
        List<String> s = new ArrayList<>(List.of(".SPX260528C7520", "./EWJ25C5725:XCME", "\u00C4PFEL", "ES ES", "/",
                "$", ":XCME", "ES\u200B", "@ES", "ES#", "\u4e2d\u6587", "A".repeat(33), "ES,X", "\"ES\"", "E\u0301S",
                "X".repeat(20_000), "\ud83d\ude00", "ES;NQ", "-ES"));
        if (!xlsx) {
            s.addAll(List.of("E\u0001S", "E\u0000S", "E\u007fS", "ES\r\nNQ"));
        }
        return pick(s);
    }

    // --- cells ---

    private Cell empty() {
        return Cell.nothing(pick(List.of("", " ", "N/A", "#N/A", "NaN", "nan", "--", "#VALUE!", "#DIV/0!", "\u00A0")));
    }

    private Cell good(Field f) {
        return f.count ? goodCount() : goodPrice(f == Field.NET_CHANGE);
    }

    private Cell zeroPrice() {
        return Cell.nothing(pick(List.of("0", "0.00", "+0", "-0", "0E-3", "0'00"))); // RTD's "not yet"
    }

    private Cell goodPrice(boolean zeroIsValue) {
        if (rnd.nextInt(8) == 0) {
            return thirtySeconds();
        }
        BigDecimal v = BigDecimal.valueOf(rnd.nextInt(2_000_000_000) - (rnd.nextInt(10) == 0 ? 1_000_000_000 : 0),
                rnd.nextInt(7));
        if (v.signum() == 0) {
            v = BigDecimal.ONE;
        }
        if (zeroIsValue && rnd.nextInt(20) == 0) {
            return Cell.of(pick(List.of("0", "0.0", "-0")), BigDecimal.ZERO);
        }
        return Cell.of(spell(v), canonical(v));
    }

    private Cell goodCount() {
        long n = switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(100);
            case 1 -> rnd.nextInt(1_000_000);
            case 2 -> Math.abs(rnd.nextLong() % 1_000_000_000_000_000L); // 15 digits: more would be rounded (Cells)
            default -> 0;
        };
        BigDecimal v = BigDecimal.valueOf(n);
        String text = switch (rnd.nextInt(6)) {
            case 0 -> thousands(v);
            case 1 -> n + ".0";
            case 2 -> " " + n + " ";
            case 3 -> n == 0 ? "0" : v.movePointLeft(1).toPlainString() + "E1";
            default -> Long.toString(n);
        };
        return Cell.of(text, n);
    }

    /** One exact value in one of the spellings Excel and thinkorswim use. */
    private String spell(BigDecimal v) {
        return switch (rnd.nextInt(9)) {
            case 0 -> v.setScale(v.scale() + 1 + rnd.nextInt(3)).toPlainString(); // trailing zeros
            case 1 -> v.signum() > 0 ? "+" + v.toPlainString() : v.toPlainString();
            case 2 -> thousands(v);
            case 3 -> v.movePointLeft(3).toPlainString() + "E3";
            case 4 -> v.movePointRight(2).toPlainString() + "e-2";
            case 5 -> excelNoise(v);
            case 6 -> "\u00A0" + v.toPlainString() + " ";
            default -> v.toPlainString();
        };
    }

    /** Excel's 17-digit binary noise that its 15-digit display rounds away: 6012.25 as 6012.2500000000001. */
    private static String excelNoise(BigDecimal v) {
        String plain = v.toPlainString();
        int digits = v.precision();
        if (digits > 14) {
            return plain;
        }
        return (plain.contains(".") ? plain : plain + ".") + "0".repeat(16 - digits) + "1";
    }

    private static String thousands(BigDecimal v) {
        String plain = v.abs().toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                b.append(',');
            }
            b.append(whole.charAt(i));
        }
        return (v.signum() < 0 ? "-" : "") + b + (dot < 0 ? "" : plain.substring(dot));
    }

    private Cell thirtySeconds() {
        int whole = rnd.nextInt(200);
        int n = rnd.nextInt(32);
        String[] parts = {"", "+", "0", "2", "5", "7"};
        String[] fractions = {"0", "0.5", "0", "0.25", "0.5", "0.75"};
        int p = rnd.nextInt(parts.length);
        String sep = pick(List.of("'", "-", ":"));
        BigDecimal v = BigDecimal.valueOf(whole).add(BigDecimal.valueOf(n).add(new BigDecimal(fractions[p]))
                .divide(BigDecimal.valueOf(32)));
        if (v.signum() == 0) {
            return Cell.of("1", BigDecimal.ONE);
        }
        return Cell.of(whole + sep + String.format("%02d", n) + parts[p], canonical(v));
    }

    /** Texts that hold something but no number the field can take. */
    private Cell garbage(Field f, boolean xlsx) {
        List<String> g = new ArrayList<>(List.of("abc", "12abc", "1.2.3", "1,23", "12,3456", ",123", "1,234,56",
                "1,,234", "Infinity", "-Infinity", "inf", "+Inf", "1e400", "-1e19", "99999999999999999999",
                "1E-999999999", "1e-400", "4.9E-324", "1E+2147483647", "117'33", "117'32", "117'99+", "117'14x",
                "117''14", "'14", "1171'4", "6012.25.", "..", "+-5", "5-", "0x1F", "1_000", "TRUE", "#ERROR",
                "12 34", "1" + "0".repeat(5000), "9".repeat(20_000), "\u00bd", "\u221e", "1\u00A0234", "--5",
                "6012.25\"", "60\"12", "(12.5)", "$12.50", "12.5%", "\u202e12.5", "\u200b12.5"));
        if (!xlsx) {
            g.addAll(List.of("12\u00073", "1\u00002", "6012\n.25", "12\r34", "\u001b[31m12"));
        }
        if (f.count) {
            g.addAll(List.of("-5", "1.5", "-0.5", "117'14", "9223372036854775808", "1e18", "1.25E1", "-1,234"));
        }
        return Cell.bad(pick(g));
    }

    private static BigDecimal canonical(BigDecimal v) {
        BigDecimal r = v.stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }

    // --- files ---

    /** The header: the fields in the file's order, each in one of its accepted spellings, plus unknown columns. */
    private List<String> header(List<Field> columns) {
        List<String> h = new ArrayList<>();
        h.add(pick(List.of("Symbol", "symbol", " SYMBOL ")));
        for (Field f : columns) {
            String name = f.header;
            h.add(switch (rnd.nextInt(4)) {
                case 0 -> name.toUpperCase();
                case 1 -> name.replaceAll("([a-z])([A-Z0-9])", "$1 $2"); // "Net Change", "Bid Size"
                case 2 -> name.replaceAll("([a-z])([A-Z0-9])", "$1_$2").toLowerCase();
                default -> name;
            });
        }
        for (int i = rnd.nextInt(3); i > 0; i--) {
            h.add(rnd.nextInt(h.size()), pick(List.of("Description", "52WkHigh", "Mark", "Type", "Quote Trend")));
        }
        return h;
    }

    /** The row's cells in header order; unknown columns get text that is never read. */
    private String[] cells(List<String> header, List<Field> columns, Row row) {
        List<String> out = new ArrayList<>();
        int field = 0;
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip().toLowerCase();
            if (i == symbolColumn(header)) {
                out.add(row.symbolText);
            } else if (List.of("description", "52wkhigh", "mark", "type", "quote trend").contains(h)) {
                out.add(pick(List.of("E-mini", "", "1.5", "x,y")));
            } else {
                out.add(row.cells.get(columns.get(field++)).text());
            }
        }
        out.addAll(row.extra);
        return out.toArray(new String[0]);
    }

    private static int symbolColumn(List<String> header) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().equalsIgnoreCase("symbol")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The CSV as Excel writes it, or (unusable 1-6) caught half-written or headerless: 1 cut short, 2 a quote
     * opened mid-file and never closed, 3 a row written with ';', 4 a row with too few cells, 5 a header without
     * Symbol, 6 an empty file.
     */
    private byte[] csv(List<String> header, List<Field> columns, List<Row> rows, int unusable) {
        List<String> lines = new ArrayList<>();
        List<String> h = new ArrayList<>(header);
        if (unusable == 5) {
            h.set(symbolColumn(h), "Ticker");
        }
        lines.add(line(h.toArray(new String[0])));
        for (Row row : rows) {
            lines.add(line(cells(header, columns, row)));
            if (rnd.nextInt(30) == 0) {
                lines.add(rnd.nextBoolean() ? "" : ",".repeat(header.size() - 1)); // blank rows are skipped
            }
        }
        int mid = 1 + rnd.nextInt(lines.size() - 1);
        switch (unusable) {
            case 2 -> {
                lines.add(mid, "FZBAD,\"6012.25,6012");
                for (int i = mid + 1; i < lines.size(); i++) {
                    lines.set(i, lines.get(i).replace("\"", "")); // no later quote closes it
                }
            }
            case 3 -> lines.add(mid, "FZSEMI;6012.25;6012;6012.5;1;2;3;6000;6020;5990;5995;1.25");
            case 4 -> lines.add(mid, "FZSHORT,6012.25");
            default -> { }
        }
        if (unusable == 6) {
            return new byte[0];
        }
        String eol = rnd.nextBoolean() ? "\r\n" : "\n";
        String text = (rnd.nextInt(5) == 0 ? "\uFEFF" : "") + String.join(eol, lines) + eol;
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (unusable == 1) {
            int cut = 1 + rnd.nextInt(b.length - 2);
            while (cut > 1 && (b[cut - 1] == '\n' || b[cut - 1] == '\r')) {
                cut--; // cut inside a line: a cut right after a line break would be a complete, shorter file
            }
            b = Arrays.copyOf(b, cut);
        }
        return b;
    }

    /** RFC 4180 as Excel writes it: a cell with a comma, a quote or a line break is quoted. */
    private static String line(String[] cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            if (i > 0) {
                b.append(',');
            }
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                b.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private byte[] workbook(List<String> header, List<Field> columns, List<Row> rows) {
        List<String[]> sheet = new ArrayList<>();
        sheet.add(header.toArray(new String[0]));
        for (Row row : rows) {
            sheet.add(cells(header, columns, row));
        }
        return ExcelLikeFiles.workbook("LiveData", sheet);
    }

    // --- plumbing ---

    private TosExportPoller poller(String fileName) {
        // never read: poll gets the bytes
        ThorProperties props = routes.support.TestProperties.thor("thor.livedata.tos.file=/tmp/tos-fuzz/" + fileName);
        return new TosExportPoller(new TosExportFile(props.livedata()), props.livedata(), Clock.systemUTC(), meters);
    }

    private Map<String, Double> counts() {
        Map<String, Double> m = new TreeMap<>();
        for (String name : List.of("thor.tos.rows.rejected", "thor.tos.cells.unreadable", "thor.tos.reads.skipped")) {
            for (Counter c : meters.find(name).counters()) {
                String tag = c.getId().getTag(name.equals("thor.tos.cells.unreadable") ? "field" : "reason");
                m.put(name + "|" + tag, c.count());
            }
        }
        return m;
    }

    private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> d = new TreeMap<>();
        after.forEach((k, v) -> {
            double diff = v - before.getOrDefault(k, 0.0);
            if (diff != 0) {
                d.put(k, diff);
            }
        });
        return d;
    }

    private double counter(String name, String tag, String value) {
        Counter c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    private <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }
}
