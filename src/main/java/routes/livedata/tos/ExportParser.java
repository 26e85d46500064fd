package routes.livedata.tos;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the export's rows into quotes. Columns are found by header name (case, spaces and underscores
 * ignored) in any order; unknown columns are ignored. A row that repeats the header (a second quote
 * block further down the sheet, as thor's workbook had) starts a new column layout for the rows below it,
 * so a block is never read with another block's columns.
 */
final class ExportParser {

    /** Why a row was skipped; each is a metric tag. */
    static final String NO_SYMBOL = "no-symbol";
    static final String UNSUPPORTED_SYMBOL = "unsupported-symbol";
    static final String DUPLICATE_SYMBOL = "duplicate-symbol";
    static final String NO_VALUES = "no-values";
    /** CSV only: non-blank cells beyond the header's last column. */
    static final String EXTRA_CELLS = "extra-cells";

    /** The tick fields and the header names that feed them, the CONTRACT §4 name first (it wins a tie). */
    enum Field {
        LAST("last"), BID("bid"), ASK("ask"), BID_SIZE("bidsize", "bs"), ASK_SIZE("asksize", "as"),
        VOLUME("volume"), OPEN("open"), HIGH("24high", "high", "worldhigh"), LOW("24low", "low", "worldlow"),
        PREV_CLOSE("close", "prevclose"), NET_CHANGE("netchange", "netchng");

        final List<String> headers;

        Field(String... headers) {
            this.headers = List.of(headers);
        }

        String tickField() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Sizes and volume are whole numbers; prices and changes are decimals. */
        boolean isCount() {
            return this == BID_SIZE || this == ASK_SIZE || this == VOLUME;
        }

        /** A zero price is RTD's "not yet" at a session roll (OPEN/HIGH/LOW, even LAST, read 0), never a trade at 0. */
        boolean zeroMeansNotYet() {
            return !isCount() && this != NET_CHANGE;
        }
    }

    record Rejection(int line, String symbol, String reason) { }

    record UnreadableCell(int line, String symbol, String field, String text) { }

    record Snapshot(List<TosQuote> quotes, List<Rejection> rejections, List<UnreadableCell> unreadable) { }

    private static final Field[] FIELDS = Field.values();

    private final SymbolNormalizer symbols;

    ExportParser(SymbolNormalizer symbols) {
        this.symbols = symbols;
    }

    /**
     * One read of the export. {@code delimited}: the rows come from CSV, where a cell's position is only its
     * count of commas. There an unquoted thousands separator ({@code 6,012.25}) shifts every later cell one
     * column to the right, so a row with more non-blank cells than the header is rejected whole: none of its
     * numbers can be trusted. In a workbook every cell has its own address and extra cells are just notes.
     */
    Snapshot parse(List<ExportTable.Line> lines, boolean delimited) throws UnusableRead {
        if (lines.isEmpty()) {
            throw new UnusableRead(UnusableRead.NO_SYMBOL_HEADER, "the export has no header row");
        }
        Layout layout = Layout.of(lines.get(0));
        if (layout == null) {
            throw new UnusableRead(UnusableRead.NO_SYMBOL_HEADER, "the first row is not a header with a 'Symbol' "
                    + "column and a known field: " + String.join(",", lines.get(0).cells()));
        }
        List<TosQuote> quotes = new ArrayList<>(lines.size());
        List<Rejection> rejections = new ArrayList<>();
        List<UnreadableCell> unreadable = new ArrayList<>();
        Set<String> seen = new HashSet<>(lines.size() * 2);
        for (int r = 1; r < lines.size(); r++) {
            ExportTable.Line line = lines.get(r);
            Layout next = Layout.of(line);
            if (next != null) {
                layout = next;
                continue;
            }
            String raw = line.cell(layout.symbol);
            if (delimited && layout.hasCellsBeyond(line)) {
                rejections.add(new Rejection(line.number(), Cells.strip(raw), EXTRA_CELLS));
                continue;
            }
            if (Cells.isEmpty(raw)) {
                rejections.add(new Rejection(line.number(), "", NO_SYMBOL));
                continue;
            }
            String symbol = symbols.normalize(raw);
            if (symbol == null) {
                rejections.add(new Rejection(line.number(), Cells.strip(raw), UNSUPPORTED_SYMBOL));
                continue;
            }
            if (!seen.add(symbol)) {
                // /ES and /ES:XCME on one sheet: the first row is kept, the other would contradict it
                rejections.add(new Rejection(line.number(), symbol, DUPLICATE_SYMBOL));
                continue;
            }
            TosQuote q = quote(symbol, line, layout, unreadable);
            if (q.hasNoValues()) {
                rejections.add(new Rejection(line.number(), symbol, NO_VALUES));
                continue;
            }
            quotes.add(q);
        }
        return new Snapshot(quotes, rejections, unreadable);
    }

    /** A rejection reason as the log line says it. */
    static String explain(String reason) {
        return EXTRA_CELLS.equals(reason)
                ? reason + " (the row has more cells than the header: an unquoted thousands separator such as 1,234"
                        + " shifts the columns, so none of its numbers can be trusted)"
                : reason;
    }

    private static TosQuote quote(String symbol, ExportTable.Line line, Layout layout, List<UnreadableCell> unreadable) {
        Object[] v = new Object[FIELDS.length];
        for (Field f : FIELDS) {
            int col = layout.columns[f.ordinal()];
            if (col < 0) {
                continue;
            }
            String text = line.cell(col);
            try {
                Object value = f.isCount() ? Cells.count(text) : Cells.decimal(text);
                if (f.zeroMeansNotYet() && value != null && ((BigDecimal) value).signum() == 0) {
                    value = null;
                }
                v[f.ordinal()] = value;
            } catch (Cells.Unreadable e) {
                unreadable.add(new UnreadableCell(line.number(), symbol, f.tickField(), text));
            }
        }
        return new TosQuote(symbol, (BigDecimal) v[0], (BigDecimal) v[1], (BigDecimal) v[2], (Long) v[3],
                (Long) v[4], (Long) v[5], (BigDecimal) v[6], (BigDecimal) v[7], (BigDecimal) v[8],
                (BigDecimal) v[9], (BigDecimal) v[10]);
    }

    /** Where the symbol and each field are in a block of rows; -1 when the sheet lacks the column. */
    private record Layout(int symbol, int[] columns, int width) {

        /** A non-blank cell right of the header's last non-blank cell. */
        boolean hasCellsBeyond(ExportTable.Line line) {
            return line.width() > width;
        }

        private static final Map<String, Field> BY_HEADER;
        private static final Map<String, Integer> RANK;

        static {
            Map<String, Field> byHeader = new java.util.HashMap<>();
            Map<String, Integer> rank = new java.util.HashMap<>();
            for (Field f : FIELDS) {
                for (int i = 0; i < f.headers.size(); i++) {
                    byHeader.put(f.headers.get(i), f);
                    rank.put(f.headers.get(i), i);
                }
            }
            BY_HEADER = Map.copyOf(byHeader);
            RANK = Map.copyOf(rank);
        }

        /** The layout when the row is a header row (a 'Symbol' cell and a known field), else null. */
        static Layout of(ExportTable.Line line) {
            if (!hasSymbolCell(line.cells())) {
                return null; // the cheap test first: this runs for every data row
            }
            int symbol = -1;
            int[] columns = new int[FIELDS.length];
            int[] ranks = new int[FIELDS.length];
            java.util.Arrays.fill(columns, -1);
            boolean anyField = false;
            String[] cells = line.cells();
            for (int i = 0; i < cells.length; i++) {
                String h = key(cells[i]);
                if (h.equals("symbol") && symbol < 0) {
                    symbol = i;
                    continue;
                }
                Field f = BY_HEADER.get(h);
                if (f != null && (columns[f.ordinal()] < 0 || RANK.get(h) < ranks[f.ordinal()])) {
                    columns[f.ordinal()] = i;
                    ranks[f.ordinal()] = RANK.get(h);
                    anyField = true;
                }
            }
            return symbol >= 0 && anyField ? new Layout(symbol, columns, line.width()) : null;
        }

        private static boolean hasSymbolCell(String[] cells) {
            for (String c : cells) {
                if (Cells.strip(c).equalsIgnoreCase("symbol")) {
                    return true;
                }
            }
            return false;
        }

        private static String key(String header) {
            StringBuilder b = new StringBuilder(header.length());
            for (int i = 0; i < header.length(); i++) {
                char c = header.charAt(i);
                if (c != ' ' && c != '_' && c != '-' && c != '\u00A0') {
                    b.append(Character.toLowerCase(c));
                }
            }
            return b.toString();
        }
    }
}
