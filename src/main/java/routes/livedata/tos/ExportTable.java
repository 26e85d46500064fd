package routes.livedata.tos;

import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipFileZipEntrySource;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
            return widthWithoutTrailingBlanks(line.cells());
        }
        if (line.cells().length < headerWidth) {
            throw UnusableRead.halfWritten("line " + number + " has " + line.cells().length
                    + " cells, the header " + headerWidth);
        }
        lines.add(line);
        return headerWidth;
    }

    private static int widthWithoutTrailingBlanks(String[] cells) {
        int w = cells.length;
        while (w > 0 && Cells.strip(cells[w - 1]).isEmpty()) {
            w--;
        }
        return w;
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
     * Half-written: the zip's central directory (written last) is missing, or the package does not open.
     */
    static List<Line> workbook(byte[] bytes, String sheetName) throws UnusableRead {
        if (!hasEndOfCentralDirectory(bytes)) {
            throw UnusableRead.halfWritten("the workbook's zip directory is missing");
        }
        OPCPackage pkg = null;
        try {
            ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get();
            pkg = OPCPackage.open(new ZipFileZipEntrySource(zip));
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            List<String> names = new ArrayList<>();
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    String name = sheets.getSheetName();
                    if (sheetName.isBlank() || sheetName.equalsIgnoreCase(name)) {
                        return SheetXml.rows(sheet.readAllBytes(), k -> strings.getItemAt(k).getString());
                    }
                    names.add(name);
                }
            }
            throw new UnusableRead(UnusableRead.NO_SHEET, "the workbook has no sheet '" + sheetName + "' (it has "
                    + names + ")");
        } catch (IOException | OpenXML4JException | SAXException | RuntimeException e) {
            // POI reports a damaged package with many exception types, unchecked ones included
            throw UnusableRead.halfWritten("the workbook does not open: " + e);
        } finally {
            if (pkg != null) {
                pkg.revert(); // close without saving anything
            }
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
