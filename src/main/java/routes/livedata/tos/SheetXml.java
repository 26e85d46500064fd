package routes.livedata.tos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads a worksheet part ({@code xl/worksheets/sheetN.xml}) straight from its bytes into rows of cell texts,
 * and the few other parts needed to find it: the workbook's sheet list, relationships, shared strings.
 *
 * <p>Why not StAX: a 5,000-row RTD sheet is about 5 MB of XML (every cell carries its formula), and a general
 * XML parser spends ~45 ms on it where this scan over the bytes needs a few; the poll budget is 100 ms. It
 * reads only what SpreadsheetML puts in a sheet: elements with or without a namespace prefix, attributes
 * in either quote, the five predefined entities and character references, CDATA, comments and processing
 * instructions. It never resolves a DTD or an external entity (a DOCTYPE is refused). Anything cut short is
 * a half-written read. {@code ExportTableTest} checks it against a StAX reading of the same workbooks.
 */
final class SheetXml {

    private final byte[] b;
    private int i;

    private SheetXml(byte[] xml) {
        this.b = xml;
    }

    /**
     * Rows of the sheet's {@code sheetData}, blank rows left out. Cell text is what Excel cached: a number
     * as written, a shared string ({@code t="s"}) through {@code sharedString}, an inline string, an error
     * text ({@code #N/A}); a boolean becomes TRUE / FALSE (readable as text only).
     */
    static List<ExportTable.Line> rows(byte[] xml, IntFunction<String> sharedString) throws UnusableRead {
        return new SheetXml(utf8(xml)).sheetData(sharedString);
    }

    /**
     * The shared strings part ({@code xl/sharedStrings.xml}): each {@code <si>}'s text, in order. Rich text
     * runs are joined; phonetic runs ({@code <rPh>}) are a reading aid, not the text, and are left out.
     */
    static List<String> sharedStrings(byte[] xml) throws UnusableRead {
        SheetXml x = new SheetXml(utf8(xml));
        List<String> strings = new ArrayList<>();
        Tag tag;
        while ((tag = x.nextTag()) != null) {
            if (tag.is("si") && !tag.end) {
                strings.add(tag.empty ? "" : x.richText("si"));
            } else if (tag.is("sst") && (tag.end || tag.empty)) {
                return strings;
            }
        }
        throw UnusableRead.halfWritten("the shared strings part ends before </sst>");
    }

    /**
     * For each element named {@code element} (start or empty tag, any prefix), the values of the attributes
     * with the given local names (any prefix: {@code r:id} is "id"); null where one is absent. For the
     * workbook's {@code <sheet>} list and the {@code <Relationship>} entries of a {@code .rels} part.
     */
    static List<String[]> attributes(byte[] xml, String element, String... localNames) throws UnusableRead {
        SheetXml x = new SheetXml(utf8(xml));
        List<String[]> found = new ArrayList<>();
        Tag tag;
        while ((tag = x.nextTag()) != null) {
            if (!tag.end && tag.is(element)) {
                String[] values = new String[localNames.length];
                for (int k = 0; k < localNames.length; k++) {
                    values[k] = tag.attrLocal(localNames[k]);
                }
                found.add(values);
            }
        }
        return found;
    }

    /** SpreadsheetML parts are UTF-8 in practice; a UTF-16 part (allowed by XML) is converted first. */
    private static byte[] utf8(byte[] xml) {
        if (xml.length >= 2 && ((xml[0] == (byte) 0xFE && xml[1] == (byte) 0xFF) || (xml[0] == (byte) 0xFF && xml[1] == (byte) 0xFE))) {
            return new String(xml, StandardCharsets.UTF_16).getBytes(StandardCharsets.UTF_8);
        }
        return xml;
    }

    private List<ExportTable.Line> sheetData(IntFunction<String> sharedString) throws UnusableRead {
        List<ExportTable.Line> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>(16);
        StringBuilder inline = new StringBuilder();
        int rowNo = 0;
        int col = -1;
        String type = null;
        String value = null;
        boolean inSheetData = false;
        while (true) {
            Tag tag = nextTag();
            if (tag == null) {
                throw UnusableRead.halfWritten("the sheet XML ends before </sheetData>");
            }
            if (!inSheetData) {
                if (tag.is("sheetData")) {
                    if (tag.end || tag.empty) {
                        return lines; // <sheetData/>: an empty sheet
                    }
                    inSheetData = true;
                }
                continue;
            }
            if (tag.end) {
                if (tag.is("c")) {
                    putCell(cells, col, text(type, value, inline, sharedString));
                } else if (tag.is("row")) {
                    addRow(lines, rowNo, cells);
                } else if (tag.is("sheetData")) {
                    return lines;
                }
                continue;
            }
            if (tag.is("row")) {
                rowNo = tag.find("r", false) ? rowNumber() : rowNo + 1;
                cells.clear();
                col = -1;
                if (tag.empty) {
                    addRow(lines, rowNo, cells);
                }
            } else if (tag.is("c")) {
                // the attributes of 70,000 cells a poll: read from the bytes, no string made for them
                col = tag.find("r", false) ? column() : col + 1;
                type = tag.find("t", false) ? cellType() : null;
                value = null;
                inline.setLength(0);
                if (tag.empty) {
                    putCell(cells, col, text(type, null, inline, sharedString));
                }
            } else if (tag.is("v") && !tag.empty) {
                value = elementText();
            } else if (tag.is("is") && !tag.empty) {
                inline.append(richText("is"));
            }
        }
    }

    /**
     * The text of a rich-text element just opened ({@code <si>} of the shared strings, {@code <is>} of an
     * inline string): its {@code <t>} runs joined, phonetic runs ({@code <rPh>}, a reading aid) left out.
     * Consumes the element's end tag.
     */
    private String richText(String element) throws UnusableRead {
        StringBuilder text = new StringBuilder();
        boolean inPhonetic = false;
        while (true) {
            Tag tag = nextTag();
            if (tag == null) {
                throw UnusableRead.halfWritten("the XML ends inside a <" + element + "> string");
            }
            if (tag.end && tag.is(element)) {
                return text.toString();
            }
            if (tag.is("rPh") && !tag.empty) {
                inPhonetic = !tag.end;
            } else if (tag.is("t") && !tag.end && !tag.empty) {
                String t = elementText();
                if (!inPhonetic) {
                    text.append(t);
                }
            }
        }
    }

    private static void putCell(List<String> cells, int col, String text) {
        while (cells.size() <= col) {
            cells.add("");
        }
        cells.set(col, text);
    }

    private static void addRow(List<ExportTable.Line> lines, int rowNo, List<String> cells) {
        ExportTable.Line line = new ExportTable.Line(rowNo, cells.toArray(new String[0]));
        if (!line.isBlank()) {
            lines.add(line);
        }
    }

    private static String text(String type, String value, StringBuilder inline, IntFunction<String> sharedString)
            throws UnusableRead {
        if (type == null) {
            return value == null ? "" : value; // a number, or a formula's cached number
        }
        return switch (type) {
            case "s" -> value == null ? "" : sharedString.apply(sharedIndex(value));
            case "inlineStr" -> inline.toString();
            case "b" -> "1".equals(value) ? "TRUE" : "FALSE";
            default -> value == null ? "" : value; // n, str (cached formula text), e (#N/A...), d (ISO date)
        };
    }

    private static int sharedIndex(String v) throws UnusableRead {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw UnusableRead.halfWritten("a shared-string cell holds '" + v + "', not an index");
        }
    }

    /** The found attribute as a row number. */
    private int rowNumber() throws UnusableRead {
        if (tag.plainValue()) {
            int n = 0;
            int k = tag.valueStart;
            for (; k < tag.valueEnd && b[k] >= '0' && b[k] <= '9' && n < 100_000_000; k++) {
                n = n * 10 + (b[k] - '0');
            }
            if (k == tag.valueEnd && k > tag.valueStart) {
                return n;
            }
        }
        String r = decode(tag.valueStart, tag.valueEnd);
        try {
            return Integer.parseInt(r.trim());
        } catch (NumberFormatException e) {
            throw UnusableRead.halfWritten("a row is numbered '" + r + "'");
        }
    }

    /** The found attribute, a cell reference, as its 0-based column: "AB12" → 27. */
    private int column() throws UnusableRead {
        if (!tag.plainValue()) {
            return column(decode(tag.valueStart, tag.valueEnd));
        }
        int c = 0;
        for (int k = tag.valueStart; k < tag.valueEnd && b[k] >= 'A' && b[k] <= 'Z'; k++) {
            c = c * 26 + (b[k] - 'A' + 1);
        }
        return c - 1;
    }

    private static int column(String ref) {
        int c = 0;
        for (int k = 0; k < ref.length(); k++) {
            char ch = ref.charAt(k);
            if (ch < 'A' || ch > 'Z') {
                break;
            }
            c = c * 26 + (ch - 'A' + 1);
        }
        return c - 1;
    }

    private static final String[] CELL_TYPES = {"s", "str", "n", "inlineStr", "b", "e", "d"};

    /** The found attribute, a cell type ({@code t}): one of the constants, or its text if it is none of them. */
    private String cellType() throws UnusableRead {
        for (String t : CELL_TYPES) {
            if (sameBytes(tag.valueStart, tag.valueEnd, t)) {
                return t;
            }
        }
        return decode(tag.valueStart, tag.valueEnd);
    }

    // ---- the scan ----

    /** A start, end or empty-element tag: its local name (prefix dropped) and its raw attribute bytes. */
    private final class Tag {
        int nameStart;
        int nameEnd;
        int attrStart;
        int attrEnd;
        boolean end;
        boolean empty;

        boolean is(String local) {
            return sameBytes(nameStart, nameEnd, local);
        }

        /** The value of an unprefixed attribute, entities decoded; null when absent. */
        String attr(String name) throws UnusableRead {
            return attr(name, false);
        }

        /** The value of the attribute with this local name, whatever its prefix; null when absent. */
        String attrLocal(String local) throws UnusableRead {
            return attr(local, true);
        }

        private String attr(String name, boolean anyPrefix) throws UnusableRead {
            return find(name, anyPrefix) ? decode(valueStart, valueEnd) : null;
        }

        /** Where the attribute's raw value is: [valueStart, valueEnd). False when the tag has no such attribute. */
        boolean find(String name, boolean anyPrefix) throws UnusableRead {
            int k = attrStart;
            while (k < attrEnd) {
                while (k < attrEnd && isSpace(b[k])) {
                    k++;
                }
                int ns = k;
                while (k < attrEnd && b[k] != '=' && !isSpace(b[k])) {
                    k++;
                }
                int ne = k;
                while (k < attrEnd && b[k] != '"' && b[k] != '\'') {
                    k++;
                }
                if (k >= attrEnd) {
                    return false;
                }
                byte quote = b[k++];
                int vs = k;
                while (k < attrEnd && b[k] != quote) {
                    k++;
                }
                if (k >= attrEnd) {
                    throw UnusableRead.halfWritten("an attribute in the sheet XML is not closed");
                }
                if (anyPrefix) {
                    for (int c = ne - 1; c >= ns; c--) {
                        if (b[c] == ':') {
                            ns = c + 1;
                            break;
                        }
                    }
                }
                if (sameBytes(ns, ne, name)) {
                    valueStart = vs;
                    valueEnd = k;
                    return true;
                }
                k++;
            }
            return false;
        }

        int valueStart;
        int valueEnd;

        /** The raw value holds no entity or character reference: its bytes are its text. */
        boolean plainValue() {
            for (int k = valueStart; k < valueEnd; k++) {
                if (b[k] == '&') {
                    return false;
                }
            }
            return true;
        }
    }

    private final Tag tag = new Tag();

    /** The next tag, skipping text, comments, processing instructions; null at the end of the bytes. */
    private Tag nextTag() throws UnusableRead {
        while (true) {
            int lt = indexOf((byte) '<', i);
            if (lt < 0) {
                return null;
            }
            i = lt + 1;
            if (i >= b.length) {
                return null;
            }
            byte c = b[i];
            if (c == '?') {
                i = after("?>", i);
                continue;
            }
            if (c == '!') {
                if (startsWith("!--", i)) {
                    i = after("-->", i + 3);
                    continue;
                }
                if (startsWith("![CDATA[", i)) {
                    i = after("]]>", i + 8); // text outside v / t: nothing to keep
                    continue;
                }
                throw UnusableRead.halfWritten("the sheet XML has a DOCTYPE or declaration, which a sheet never has");
            }
            final byte[] x = b; // locals in the hot loops: this scan runs over megabytes each poll
            int k = i;
            tag.end = c == '/';
            if (tag.end) {
                k++;
            }
            int nameStart = k;
            while (k < x.length) {
                byte ch = x[k];
                if (ch == ' ' || ch == '>' || ch == '/' || ch == '\t' || ch == '\r' || ch == '\n') {
                    break;
                }
                if (ch == ':') {
                    nameStart = k + 1; // a namespace prefix: only the local name counts
                }
                k++;
            }
            tag.nameStart = nameStart;
            tag.nameEnd = k;
            tag.attrStart = k;
            // the tag ends at the first '>' outside a quoted attribute value
            byte quote = 0;
            while (k < x.length) {
                byte ch = x[k];
                if (quote != 0) {
                    if (ch == quote) {
                        quote = 0;
                    }
                } else if (ch == '"' || ch == '\'') {
                    quote = ch;
                } else if (ch == '>') {
                    break;
                }
                k++;
            }
            if (k >= x.length) {
                i = k;
                return null;
            }
            tag.empty = k > tag.attrStart && x[k - 1] == '/';
            tag.attrEnd = tag.empty ? k - 1 : k;
            i = k + 1;
            return tag;
        }
    }

    /** The text up to this element's end tag (CDATA kept as is, entities decoded); consumes the end tag. */
    private String elementText() throws UnusableRead {
        StringBuilder out = null;
        int s = i;
        while (true) {
            int lt = indexOf((byte) '<', i);
            if (lt < 0) {
                throw UnusableRead.halfWritten("the sheet XML ends inside a cell value");
            }
            if (startsWith("![CDATA[", lt + 1)) {
                out = out == null ? new StringBuilder() : out;
                out.append(decode(s, lt));
                int end = indexOf("]]>", lt + 9);
                if (end < 0) {
                    throw UnusableRead.halfWritten("the sheet XML ends inside CDATA");
                }
                out.append(new String(b, lt + 9, end - lt - 9, StandardCharsets.UTF_8));
                i = s = end + 3;
                continue;
            }
            String text = decode(s, lt);
            i = lt;
            Tag end = nextTag();
            if (end == null || !end.end) {
                throw UnusableRead.halfWritten("a cell value in the sheet XML holds markup");
            }
            return out == null ? text : out.append(text).toString();
        }
    }

    /** Bytes [from, to) as text with the XML entity and character references replaced. */
    private String decode(int from, int to) throws UnusableRead {
        String raw = new String(b, from, to - from, StandardCharsets.UTF_8);
        int amp = raw.indexOf('&');
        if (amp < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int k = 0;
        while (amp >= 0) {
            out.append(raw, k, amp);
            int semi = raw.indexOf(';', amp);
            if (semi < 0) {
                throw UnusableRead.halfWritten("an entity in the sheet XML is not closed");
            }
            String name = raw.substring(amp + 1, semi);
            switch (name) {
                case "amp" -> out.append('&');
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "quot" -> out.append('"');
                case "apos" -> out.append('\'');
                default -> out.appendCodePoint(characterReference(name));
            }
            k = semi + 1;
            amp = raw.indexOf('&', k);
        }
        return out.append(raw, k, raw.length()).toString();
    }

    private static int characterReference(String name) throws UnusableRead {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return Integer.parseInt(name.substring(2), 16);
            }
            if (name.startsWith("#")) {
                return Integer.parseInt(name.substring(1));
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw UnusableRead.halfWritten("the sheet XML has an unknown entity '&" + name + ";'");
    }

    /** Bytes [from, to) spell the ASCII name. */
    private boolean sameBytes(int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (b[from + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte x, int from) {
        for (int k = from; k < b.length; k++) {
            if (b[k] == x) {
                return k;
            }
        }
        return -1;
    }

    private int indexOf(String s, int from) {
        for (int k = from; k <= b.length - s.length(); k++) {
            if (startsWith(s, k)) {
                return k;
            }
        }
        return -1;
    }

    private int after(String s, int from) throws UnusableRead {
        int k = indexOf(s, from);
        if (k < 0) {
            throw UnusableRead.halfWritten("the sheet XML ends inside a comment or instruction");
        }
        return k + s.length();
    }

    private boolean startsWith(String s, int at) {
        if (at + s.length() > b.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (b[at + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(byte x) {
        return x == ' ' || x == '\t' || x == '\r' || x == '\n';
    }
}
