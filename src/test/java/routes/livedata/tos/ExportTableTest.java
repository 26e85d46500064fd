package routes.livedata.tos;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportTableTest {

    static List<List<String>> cells(List<ExportTable.Line> lines) {
        return lines.stream().map(l -> Arrays.asList(l.cells())).toList();
    }

    @Test
    void csvWithQuotesBomBlankLinesAndLf() throws Exception {
        byte[] bytes = ("\uFEFFSymbol,Last,Volume\n"
                + "/ES:XCME,6012.25,\"1,234,567\"\n"
                + "\n"
                + ",,\n"
                + "\"/NQ:XCME\",\"21,000.5\",\"say \"\"hi\"\"\"\n").getBytes(StandardCharsets.UTF_8);
        List<ExportTable.Line> lines = ExportTable.csv(bytes, true);
        assertThat(cells(lines)).containsExactly(
                List.of("Symbol", "Last", "Volume"),
                List.of("/ES:XCME", "6012.25", "1,234,567"),
                List.of("/NQ:XCME", "21,000.5", "say \"hi\""));
        assertThat(lines.get(2).number()).isEqualTo(5);
    }

    @Test
    void csvWithCrlfAndMoreCellsThanTheHeader() throws Exception {
        List<ExportTable.Line> lines = ExportTable.csv(ExcelLikeFiles.csv("Symbol,Last,", "ES,1,extra,more"), true);
        assertThat(cells(lines)).containsExactly(List.of("Symbol", "Last", ""), List.of("ES", "1", "extra", "more"));
    }

    @Test
    void aTruncatedLastLineIsHalfWritten() {
        byte[] cut = "Symbol,Last,Bid\r\nES,6012.25,6012\r\nNQ,21000".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ExportTable.csv(cut, true))
                .isInstanceOfSatisfying(UnusableRead.class, e -> assertThat(e.reason()).isEqualTo("half-written"))
                .hasMessageContaining("no line break");
    }

    @Test
    void withoutTheFinalNewlineRuleAShortLastLineIsStillHalfWritten() {
        byte[] cut = "Symbol,Last,Bid\r\nES,6012.25,6012\r\nNQ,21000".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ExportTable.csv(cut, false))
                .isInstanceOfSatisfying(UnusableRead.class, e -> assertThat(e.reason()).isEqualTo("half-written"))
                .hasMessageContaining("line 3 has 2 cells, the header 3");
    }

    @Test
    void aRowWithFewerCellsThanTheHeaderIsHalfWritten() {
        byte[] bytes = ExcelLikeFiles.csv("Symbol,Last,Bid", "ES,6012.25", "NQ,21000,20999.75");
        assertThatThrownBy(() -> ExportTable.csv(bytes, true))
                .isInstanceOfSatisfying(UnusableRead.class, e -> assertThat(e.reason()).isEqualTo("half-written"));
    }

    @Test
    void anUnclosedQuoteIsHalfWritten() {
        byte[] bytes = "Symbol,Volume\r\nES,\"1,234\r\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ExportTable.csv(bytes, true)).isInstanceOf(UnusableRead.class)
                .hasMessageContaining("not closed");
    }

    @Test
    void workbookGivesCachedFormulaValuesAsExcelWroteThem() throws Exception {
        byte[] xlsx = ExcelLikeFiles.workbook("LiveData", Arrays.asList(
                new String[]{"Symbol", "Last", "NetChange", "Volume"},
                new String[]{"/SI:XCEC", "57.162999999999997", "-7.0000000000000007E-2", "#N/A"},
                null,
                new String[]{"/ZB:XCBT", "117'14", "+0'14", ""}));
        List<ExportTable.Line> lines = ExportTable.workbook(xlsx, "");
        assertThat(cells(lines)).containsExactly(
                List.of("Symbol", "Last", "NetChange", "Volume"),
                List.of("/SI:XCEC", "57.162999999999997", "-7.0000000000000007E-2", "#N/A"),
                List.of("/ZB:XCBT", "117'14", "+0'14"));
        assertThat(lines.get(2).number()).isEqualTo(4);
        assertThat(lines.get(2).cell(3)).isEmpty();
    }

    @Test
    void workbookSheetByNameCaseInsensitive() throws Exception {
        java.util.Map<String, List<String[]>> sheets = new java.util.LinkedHashMap<>();
        sheets.put("Notes", List.<String[]>of(new String[]{"nothing here"}));
        sheets.put("LiveData", List.<String[]>of(new String[]{"Symbol", "Last"}, new String[]{"ES", "6012.25"}));
        byte[] xlsx = ExcelLikeFiles.workbook(sheets);
        assertThat(cells(ExportTable.workbook(xlsx, "livedata"))).containsExactly(List.of("Symbol", "Last"),
                List.of("ES", "6012.25"));
        assertThat(cells(ExportTable.workbook(xlsx, ""))).containsExactly(List.of("nothing here"));
        assertThatThrownBy(() -> ExportTable.workbook(xlsx, "Quotes"))
                .isInstanceOfSatisfying(UnusableRead.class, e -> assertThat(e.reason()).isEqualTo("no-sheet"))
                .hasMessageContaining("[Notes, LiveData]");
    }

    @Test
    void aWorkbookSavedByPoiReadsToo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            var sheet = wb.createSheet("LiveData");
            var h = sheet.createRow(0);
            h.createCell(0).setCellValue("Symbol");
            h.createCell(2).setCellValue("Last");
            var r = sheet.createRow(1);
            r.createCell(0).setCellValue("/ES:XCME");
            r.createCell(2).setCellValue(6012.25);
            wb.write(out);
        }
        assertThat(cells(ExportTable.workbook(out.toByteArray(), "LiveData")))
                .containsExactly(List.of("Symbol", "", "Last"), List.of("/ES:XCME", "", "6012.25"));
    }

    @Test
    void aTruncatedWorkbookIsHalfWritten() {
        byte[] xlsx = ExcelLikeFiles.workbook("LiveData", List.<String[]>of(new String[]{"Symbol", "Last"},
                new String[]{"ES", "6012.25"}));
        for (int len : new int[]{0, 10, xlsx.length / 2, xlsx.length - 1}) {
            byte[] cut = Arrays.copyOf(xlsx, len);
            assertThatThrownBy(() -> ExportTable.workbook(cut, "")).as("first %s bytes", len)
                    .isInstanceOfSatisfying(UnusableRead.class, e -> assertThat(e.reason()).isEqualTo("half-written"));
        }
        byte[] notAZip = "Symbol,Last\r\nES,1\r\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ExportTable.workbook(notAZip, "")).isInstanceOf(UnusableRead.class);
    }

    private static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

    /** Parts where another tool may put them: found through the package's relationships, as OPC says. */
    static Map<String, String> oddlyLaidOutPackage() {
        Map<String, String> zip = new LinkedHashMap<>();
        zip.put("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"a\" Type=\"" + REL + "extended-properties\" Target=\"docProps/app.xml\"/>"
                + "<Relationship Id=\"b\" Type=\"" + REL + "officeDocument\" Target=\"/Book/Main.xml\"/></Relationships>");
        zip.put("Book/Main.xml", "<?xml version=\"1.0\"?><x:workbook xmlns:x=\"http://schemas.openxmlformats.org/"
                + "spreadsheetml/2006/main\" xmlns:rel=\"" + REL.substring(0, REL.length() - 1) + "\"><x:sheets>"
                + "<x:sheet name=\"Other\" sheetId=\"1\" rel:id=\"s1\"/><x:sheet name=\"LiveData\" sheetId=\"2\" rel:id=\"s2\"/>"
                + "</x:sheets></x:workbook>");
        zip.put("Book/_rels/Main.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"s1\" Type=\"" + REL + "worksheet\" Target=\"Sheets/one.xml\"/>"
                + "<Relationship Id=\"s2\" Type=\"" + REL + "worksheet\" Target=\"../Data/./two.xml\"/>"
                + "<Relationship Id=\"w\" Type=\"" + REL + "hyperlink\" Target=\"https://example.com\" TargetMode=\"External\"/>"
                + "<Relationship Id=\"t\" Type=\"" + REL + "sharedStrings\" Target=\"/Book/Strings.xml\"/></Relationships>");
        zip.put("Book/Strings.xml", "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<si><t>Symbol</t></si><si><t>Last</t></si>"
                + "<si><r><rPr><b/></rPr><t>/E</t></r><r><t xml:space=\"preserve\">S</t></r><rPh sb=\"0\" eb=\"1\"><t>reading</t></rPh></si>"
                + "<si/><si><t>a &amp; b</t></si></sst>");
        zip.put("Book/Sheets/one.xml", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>4</v></c></row></sheetData></worksheet>");
        // part names are case-insensitive: a tool may store the entry in other case than the relationship spells it
        zip.put("DATA/TWO.XML", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
                + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\"><f>RTD(\"tos.rtd\",,\"LAST\",\"/ES\")</f><v>6012.25</v></c></row>"
                + "</sheetData></worksheet>");
        return zip;
    }

    @Test
    void aPackageLaidOutDifferentlyIsReadThroughItsRelationships() throws Exception {
        byte[] xlsx = ExcelLikeFiles.zip(oddlyLaidOutPackage());
        assertThat(cells(ExportTable.workbook(xlsx, "livedata")))
                .containsExactly(List.of("Symbol", "Last"), List.of("/ES", "6012.25"));
        assertThat(cells(ExportTable.workbook(xlsx, ""))).containsExactly(List.of("a & b"));
        assertThatThrownBy(() -> ExportTable.workbook(xlsx, "Quotes"))
                .isInstanceOfSatisfying(UnusableRead.class, e -> assertThat(e.reason()).isEqualTo(UnusableRead.NO_SHEET))
                .hasMessageContaining("[Other, LiveData]");
    }

    @Test
    void aPackageMissingThePartsItNamesIsHalfWritten() {
        Map<String, String> noSheet = oddlyLaidOutPackage();
        noSheet.remove("DATA/TWO.XML");
        Map<String, String> noString = oddlyLaidOutPackage();
        noString.put("Book/Strings.xml", "<sst><si><t>Symbol</t></si></sst>");
        Map<String, String> cutStrings = oddlyLaidOutPackage();
        cutStrings.put("Book/Strings.xml", "<sst><si><t>Symbol</t></si><si><t>La");
        for (Map<String, String> parts : List.of(noSheet, noString, cutStrings)) {
            byte[] xlsx = ExcelLikeFiles.zip(parts);
            assertThatThrownBy(() -> ExportTable.workbook(xlsx, "LiveData"))
                    .isInstanceOfSatisfying(UnusableRead.class, e -> assertThat(e.reason()).isEqualTo(UnusableRead.HALF_WRITTEN));
        }
    }
}
