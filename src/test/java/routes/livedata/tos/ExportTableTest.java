package routes.livedata.tos;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

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
}
