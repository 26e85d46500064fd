package routes.livedata.tos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes export files the ways Excel and its macros do: a VBA {@code Open ... For Output} rewrite in place,
 * and Excel's save (a temp file with a random extension-less name, the {@code ~$} owner file, delete,
 * rename). Workbooks are written as Excel writes them: RTD formula cells with their cached value in
 * {@code <v>} as Excel's 17-digit text, errors as {@code t="e"}, text results as {@code t="str"}.
 */
public final class ExcelLikeFiles {

    private static final Random NAMES = new Random();

    private ExcelLikeFiles() {
    }

    public static byte[] csv(String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** VBA's Open For Output: the same file truncated and rewritten. */
    static void writeInPlace(Path file, byte[] content) throws IOException {
        Files.write(file, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    /**
     * Excel's save: the temp file, delete the original, rename the temp file onto its name. The {@code ~$}
     * owner file is there while the workbook is open, so it is created if missing and left in place.
     */
    static void saveLikeExcel(Path file, byte[] content) throws IOException {
        saveLikeExcel(file, content, null);
    }

    /** As {@link #saveLikeExcel(Path, byte[])}, with the saved file modified at {@code modified} (the tick time). */
    static void saveLikeExcel(Path file, byte[] content, java.nio.file.attribute.FileTime modified) throws IOException {
        Path dir = file.getParent();
        Path temp = dir.resolve(String.format("%08X", NAMES.nextInt()));
        Files.write(temp, content);
        if (modified != null) {
            Files.setLastModifiedTime(temp, modified); // the rename keeps it
        }
        Path owner = dir.resolve("~$" + file.getFileName());
        if (!Files.exists(owner)) {
            Files.write(owner, "owner".getBytes(StandardCharsets.UTF_8));
        }
        Files.deleteIfExists(file);
        Files.move(temp, file);
    }

    /** A workbook with one sheet; see {@link #workbook(Map)}. */
    public static byte[] workbook(String sheet, List<String[]> rows) {
        Map<String, List<String[]>> sheets = new LinkedHashMap<>();
        sheets.put(sheet, rows);
        return workbook(sheets);
    }

    /**
     * Sheets in order. The first row and the Symbol column are typed text (shared strings); below it a
     * cell that is a number becomes an RTD formula with that exact text cached, {@code #...} an error
     * result, other text a string result, and null or "" no cell at all.
     */
    static byte[] workbook(Map<String, List<String[]>> sheets) {
        List<String> shared = new ArrayList<>();
        Map<String, String> parts = new LinkedHashMap<>();
        StringBuilder wbSheets = new StringBuilder();
        StringBuilder wbRels = new StringBuilder();
        StringBuilder types = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, List<String[]>> e : sheets.entrySet()) {
            n++;
            wbSheets.append("<sheet name=\"").append(xml(e.getKey())).append("\" sheetId=\"").append(n)
                    .append("\" r:id=\"rId").append(n).append("\"/>");
            wbRels.append("<Relationship Id=\"rId").append(n).append("\" Type=\"http://schemas.openxmlformats.org/"
                    + "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet").append(n).append(".xml\"/>");
            types.append("<Override PartName=\"/xl/worksheets/sheet").append(n).append(".xml\" ContentType=\"application/"
                    + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
            parts.put("xl/worksheets/sheet" + n + ".xml", sheetXml(e.getValue(), shared));
        }
        StringBuilder sst = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" + shared.size()
                + "\" uniqueCount=\"" + shared.size() + "\">");
        shared.forEach(s -> sst.append("<si><t>").append(xml(s)).append("</t></si>"));
        sst.append("</sst>");
        Map<String, String> zip = new LinkedHashMap<>();
        zip.put("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
                + ".spreadsheetml.sheet.main+xml\"/>" + types
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.spreadsheetml.sharedStrings+xml\"/></Types>");
        zip.put("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        zip.put("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
                + wbSheets + "</sheets></workbook>");
        zip.put("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" + wbRels
                + "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                + "sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
        zip.putAll(parts);
        zip.put("xl/sharedStrings.xml", sst.toString());
        return zip(zip);
    }

    /** A zip of these entries (name → text), in order. */
    static byte[] zip(Map<String, String> zip) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(out)) {
                for (Map.Entry<String, String> e : zip.entrySet()) {
                    z.putNextEntry(new ZipEntry(e.getKey()));
                    z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    z.closeEntry();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sheetXml(List<String[]> rows, List<String> shared) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        int symbolCol = -1;
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row == null) {
                continue; // an empty row: Excel writes nothing for it
            }
            x.append("<row r=\"").append(r + 1).append("\">");
            for (int c = 0; c < row.length; c++) {
                String v = row[c];
                if (r == 0 && "Symbol".equalsIgnoreCase(v)) {
                    symbolCol = c;
                }
                if (v == null || v.isEmpty()) {
                    continue;
                }
                String ref = (char) ('A' + c) + Integer.toString(r + 1);
                String formula = "<f>RTD(\"tos.rtd\",\"\",\"F" + c + "\",\"" + xml(row[Math.max(symbolCol, 0)]) + "\")</f>";
                if (r == 0 || c == symbolCol) {
                    shared.add(v);
                    x.append("<c r=\"").append(ref).append("\" t=\"s\"><v>").append(shared.size() - 1).append("</v></c>");
                } else if (isNumber(v)) {
                    x.append("<c r=\"").append(ref).append("\">").append(formula).append("<v>").append(v).append("</v></c>");
                } else if (v.startsWith("#")) {
                    x.append("<c r=\"").append(ref).append("\" t=\"e\">").append(formula).append("<v>").append(xml(v))
                            .append("</v></c>");
                } else {
                    x.append("<c r=\"").append(ref).append("\" t=\"str\">").append(formula).append("<v>").append(xml(v))
                            .append("</v></c>");
                }
            }
            x.append("</row>");
        }
        return x.append("</sheetData></worksheet>").toString();
    }

    private static boolean isNumber(String v) {
        try {
            new BigDecimal(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
