package routes.livedata.tos;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The export as rows of cell texts, from a CSV or a workbook. Whatever shows the file was caught while
 * being written is an {@link UnusableRead#HALF_WRITTEN} read, so nothing from it is used.
 */
final class ExportTable {

    /** One row of the file: its 1-based line or sheet row number and its cells (never null, maybe blank). */
    record Line(int number, String[] cells) {
        String cell(int i) {
            return i < cells.length ? cells[i] : "";
        }

        /** Cells up to the last non-blank one: trailing blank cells do not count. */
        int width() {
            int w = cells.length;
            while (w > 0 && Cells.strip(cells[w - 1]).isEmpty()) {
                w--;
            }
            return w;
        }

        boolean isBlank() {
            for (String c : cells) {
                if (!Cells.strip(c).isEmpty()) {
                    return false;
                }
            }
            return true;
        }
    }

    private ExportTable() {
    }

    /**
     * RFC 4180 CSV as Excel writes it (comma, optional quotes, CRLF or LF, optional UTF-8 BOM).
     * Half-written: the last line has no line break (when {@code requireFinalNewline}), a quoted cell is
     * not closed, or a line has fewer cells than the header.
     */
    static List<Line> csv(byte[] bytes, boolean requireFinalNewline) throws UnusableRead {
        String s = new String(bytes, StandardCharsets.UTF_8);
        int i = s.startsWith("\uFEFF") ? 1 : 0;
        int n = s.length();
        if (requireFinalNewline && n > i && s.charAt(n - 1) != '\n' && s.charAt(n - 1) != '\r') {
            throw UnusableRead.halfWritten("the last line has no line break");
        }
        List<Line> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>(16);
        StringBuilder cell = new StringBuilder(16);
        int lineNo = 1;
        int recordStart = 1;
        int headerWidth = -1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"' && cell.isEmpty()) {
                int close = i + 1;
                while (true) {
                    close = s.indexOf('"', close);
                    if (close < 0) {
                        throw UnusableRead.halfWritten("a quoted cell on line " + lineNo + " is not closed");
                    }
                    if (close + 1 < n && s.charAt(close + 1) == '"') {
                        close += 2; // "" is a quote inside the cell
                        continue;
                    }
                    break;
                }
                String inside = s.substring(i + 1, close);
                lineNo += count(inside, '\n');
                cell.append(inside.replace("\"\"", "\""));
                i = close + 1;
                continue;
            }
            if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                i++;
                continue;
            }
            if (c == '\r' || c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
                headerWidth = addLine(lines, recordStart, cells, headerWidth);
                cells.clear();
                i += (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') ? 2 : 1;
                recordStart = ++lineNo;
                continue;
            }
            cell.append(c);
            i++;
        }
        if (!cell.isEmpty() || !cells.isEmpty()) {
            cells.add(cell.toString());
            addLine(lines, recordStart, cells, headerWidth);
        }
        return lines;
    }

    private static int addLine(List<Line> lines, int number, List<String> cells, int headerWidth) throws UnusableRead {
        Line line = new Line(number, cells.toArray(new String[0]));
        if (line.isBlank()) {
            return headerWidth;
        }
        if (headerWidth < 0) {
            lines.add(line);
            return line.width();
        }
        if (line.cells().length < headerWidth) {
            throw UnusableRead.halfWritten("line " + number + " has " + line.cells().length
                    + " cells, the header " + headerWidth);
        }
        lines.add(line);
        return headerWidth;
    }

    private static int count(String s, char c) {
        int k = 0;
        for (int i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) {
            k++;
        }
        return k;
    }

    /**
     * A workbook's sheet (the named one, or the first), with the values Excel cached at its last save:
     * a formula cell (an RTD call) gives its cached result, never an evaluation. Numbers come as the
     * text Excel wrote, so no double is involved; errors come as their text ({@code #N/A}).
     * Half-written: the zip's central directory (written last) is missing, or a part the sheet needs is
     * missing or cut short.
     *
     * <p>The package is read directly, the way Open Packaging Conventions say (opening it with Apache POI cost
     * 8 ms of the 100 ms poll budget; POI now writes the test workbooks this is checked against):
     * {@code _rels/.rels} names the workbook part, the workbook lists its sheets by name and relationship id,
     * the workbook's relationships name each sheet's part and the shared strings.
     */
    static List<Line> workbook(byte[] bytes, String sheetName) throws UnusableRead {
        if (!hasEndOfCentralDirectory(bytes)) {
            throw UnusableRead.halfWritten("the workbook's zip directory is missing");
        }
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get()) {
            Package pkg = new Package(zip);
            String workbook = pkg.target("", "_rels/.rels", "/officeDocument", "xl/workbook.xml");
            String folder = workbook.contains("/") ? workbook.substring(0, workbook.lastIndexOf('/') + 1) : "";
            String rels = folder + "_rels/" + workbook.substring(folder.length()) + ".rels";
            List<String> names = new ArrayList<>();
            for (String[] sheet : SheetXml.attributes(pkg.part(workbook), "sheet", "name", "id")) {
                if (sheetName.isBlank() || sheetName.equalsIgnoreCase(sheet[0])) {
                    byte[] xml = pkg.part(pkg.targetById(folder, rels, sheet[1]));
                    String strings = pkg.target(folder, rels, "/sharedStrings", null);
                    List<String> shared = strings == null ? List.of() : SheetXml.sharedStrings(pkg.part(strings));
                    return SheetXml.rows(xml, k -> {
                        if (k >= shared.size()) {
                            throw new IllegalStateException("shared string " + k + " does not exist (" + shared.size()
                                    + " in the workbook)");
                        }
                        return shared.get(k);
                    });
                }
                names.add(sheet[0]);
            }
            throw new UnusableRead(UnusableRead.NO_SHEET, "the workbook has no sheet '" + sheetName + "' (it has "
                    + names + ")");
        } catch (IOException | RuntimeException e) {
            // a damaged zip shows up as many exception types, unchecked ones included
            throw UnusableRead.halfWritten("the workbook does not open: " + e);
        }
    }

    /** The parts of an OPC package (a zip), found by name as the package spells them, case ignored. */
    private static final class Package {
        private final ZipFile zip;
        private final Map<String, ZipArchiveEntry> entries = new HashMap<>();

        Package(ZipFile zip) {
            this.zip = zip;
            zip.getEntries().asIterator().forEachRemaining(e -> entries.putIfAbsent(e.getName().toLowerCase(Locale.ROOT), e));
        }

        byte[] part(String name) throws IOException, UnusableRead {
            var entry = entries.get(name.toLowerCase(Locale.ROOT));
            if (entry == null) {
                throw UnusableRead.halfWritten("the workbook has no part " + name);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                long size = entry.getSize();
                if (size < 0 || size > 512L << 20) {
                    return in.readAllBytes(); // the directory does not say (or says something absurd)
                }
                // the size the zip directory gives: one array of the right length instead of a growing buffer
                byte[] part = new byte[(int) size];
                if (in.readNBytes(part, 0, part.length) < part.length || in.read() >= 0) {
                    throw UnusableRead.halfWritten("the workbook part " + name + " is not the size its zip directory says");
                }
                return part;
            }
        }

        /** The target of the first relationship in {@code rels} whose type ends with {@code typeSuffix}. */
        String target(String folder, String rels, String typeSuffix, String fallback) throws IOException, UnusableRead {
            if (entries.containsKey(rels.toLowerCase(Locale.ROOT))) {
                for (String[] r : SheetXml.attributes(part(rels), "Relationship", "Type", "Target", "TargetMode")) {
                    if (r[0] != null && r[0].endsWith(typeSuffix) && r[1] != null && !"External".equals(r[2])) {
                        return resolve(folder, r[1]);
                    }
                }
            }
            return fallback;
        }

        String targetById(String folder, String rels, String id) throws IOException, UnusableRead {
            for (String[] r : SheetXml.attributes(part(rels), "Relationship", "Id", "Target")) {
                if (r[0] != null && r[0].equals(id) && r[1] != null) {
                    return resolve(folder, r[1]);
                }
            }
            throw UnusableRead.halfWritten("the workbook's relationships do not name sheet part " + id);
        }

        /** A relationship target: absolute ("/xl/...") or relative to the source part's folder, "../" allowed. */
        private static String resolve(String folder, String target) {
            String path = target.startsWith("/") ? target.substring(1) : folder + target;
            Deque<String> parts = new ArrayDeque<>();
            for (String segment : path.split("/")) {
                if (segment.equals("..")) {
                    parts.pollLast();
                } else if (!segment.isEmpty() && !segment.equals(".")) {
                    parts.addLast(segment);
                }
            }
            return String.join("/", parts);
        }
    }

    /** The End Of Central Directory record (PK\5\6) sits in the last 22 + up to 65535 comment bytes. */
    private static boolean hasEndOfCentralDirectory(byte[] b) {
        int stop = Math.max(0, b.length - 22 - 65_535);
        for (int i = b.length - 22; i >= stop; i--) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                return true;
            }
        }
        return false;
    }
}
