package routes.livedata.tos;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The byte scanner that reads worksheet XML, checked against a standard StAX reading of the same parts: sheets
 * written by POI (shared strings, and SXSSF's inline strings), and SpreadsheetML written by other tools
 * (namespace prefixes, entities, CDATA, comments, phonetic runs, cells and rows without references).
 */
class SheetXmlTest {

    private static final List<String> SHARED = List.of("Symbol", "Last", "/ES:XCME", "a & b <c>", "東京");
    private static final IntFunction<String> STRINGS = SHARED::get;

    @Test
    void prefixesEntitiesCdataCommentsAndPhoneticRuns() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <!-- written by a tool that prefixes every element -->
                <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                <x:sheetData>
                  <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r='B1' t='s'><x:v>1</x:v></x:c></x:row>
                  <x:row r="3" spans="1:4">
                    <x:c r="A3" t="inlineStr"><x:is><x:r><x:t>/N</x:t></x:r><x:r><x:t xml:space="preserve">Q </x:t></x:r><x:rPh sb="0" eb="1"><x:t>ignored</x:t></x:rPh></x:is></x:c>
                    <x:c r="B3"><x:f>RTD("tos.rtd",,"LAST","/NQ")</x:f><x:v>21034.5</x:v></x:c>
                    <x:c r="D3" t="str"><x:f>RTD("tos.rtd",,"MARK","/NQ")</x:f><x:v>&lt;&amp;&#65;&#x42;&gt;</x:v></x:c>
                  </x:row>
                  <x:row><x:c t="e"><x:v>#N/A</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c/><x:c t="s"><x:v><![CDATA[3]]></x:v></x:c></x:row>
                  <x:row r="9"/>
                  <x:row r="10"><x:c r="A10" t="s"><x:v>4</x:v></x:c></x:row>
                </x:sheetData>
                </x:worksheet>
                """;
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        List<List<String>> rows = rows(SheetXml.rows(bytes, STRINGS));
        assertThat(rows).containsExactly(
                List.of("Symbol", "Last"),
                List.of("/NQ ", "21034.5", "", "<&AB>"),
                List.of("#N/A", "TRUE", "", "a & b <c>"),
                List.of("東京"));
        assertThat(SheetXml.rows(bytes, STRINGS).get(2).number()).isEqualTo(4);
        assertThat(rows).isEqualTo(rows(stax(bytes, STRINGS)));
    }

    @Test
    void aUtf16PartReadsLikeItsUtf8Twin() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\">"
                + "<is><t>Ünïcode</t></is></c><c><v>1.5</v></c></row></sheetData></worksheet>";
        assertThat(rows(SheetXml.rows(xml.getBytes(StandardCharsets.UTF_16), STRINGS)))
                .containsExactly(List.of("Ünïcode", "1.5"));
    }

    @Test
    void anEmptySheetHasNoRows() throws Exception {
        byte[] xml = "<worksheet><dimension ref=\"A1\"/><sheetData/></worksheet>".getBytes(StandardCharsets.UTF_8);
        assertThat(SheetXml.rows(xml, STRINGS)).isEmpty();
    }

    @Test
    void everyCutOfASheetIsHalfWrittenNeverAShorterTable() throws Exception {
        byte[] xml = sheetPart(poiWorkbook(false, new Random(3), 20));
        int complete = new String(xml, StandardCharsets.UTF_8).indexOf("</sheetData>") + "</sheetData>".length();
        for (int len = 0; len < complete; len += 7) { // past </sheetData> the table is whole: the rest is not read
            byte[] cut = Arrays.copyOf(xml, len);
            assertThatThrownBy(() -> SheetXml.rows(cut, k -> "s")).as("first %s bytes", len)
                    .isInstanceOfSatisfying(UnusableRead.class, e -> assertThat(e.reason()).isEqualTo("half-written"));
        }
    }

    @Test
    void aDoctypeIsRefused() {
        byte[] xml = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><worksheet><sheetData><row><c t=\"str\"><v>&e;</v></c></row></sheetData></worksheet>"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SheetXml.rows(xml, STRINGS)).isInstanceOf(UnusableRead.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void poiWorkbooksReadTheSameAsWithStax() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            boolean streaming = round % 2 == 1; // SXSSF writes inline strings, XSSF shared strings
            byte[] xlsx = poiWorkbook(streaming, random, 50);
            byte[] sheet = sheetPart(xlsx);
            List<String> shared = sharedStrings(xlsx);
            List<List<String>> ours = rows(SheetXml.rows(sheet, shared::get));
            assertThat(ours).as("round %s", round).isEqualTo(rows(stax(sheet, shared::get)));
            assertThat(rows(ExportTable.workbook(xlsx, "LiveData"))).isEqualTo(ours);
        }
    }

    /** Random rows of text (with XML's special characters and non-ASCII), numbers, blanks and formulas. */
    private static byte[] poiWorkbook(boolean streaming, Random random, int rows) throws Exception {
        String[] texts = {"/ES:XCME", "a&b", "<tag>", "\"quoted\"", "it's", "東京", "  spaced  ", "#N/A", "N/A", "117'14"};
        try (var wb = streaming ? new SXSSFWorkbook() : new XSSFWorkbook()) {
            var sheet = wb.createSheet("LiveData");
            for (int r = 0; r < rows; r++) {
                if (random.nextInt(10) == 0) {
                    continue; // a row never written
                }
                var row = sheet.createRow(r);
                for (int c = 0; c < 8; c++) {
                    switch (random.nextInt(6)) {
                        case 0 -> { } // no cell
                        case 1 -> row.createCell(c).setCellValue(texts[random.nextInt(texts.length)]);
                        case 2 -> row.createCell(c).setCellValue(random.nextInt(100_000) / 64.0);
                        case 3 -> row.createCell(c).setCellValue(new XSSFRichTextString("rich " + random.nextInt(9)));
                        case 4 -> row.createCell(c).setCellValue(random.nextBoolean());
                        default -> row.createCell(c).setCellFormula(c + "+" + random.nextInt(50));
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static byte[] sheetPart(byte[] xlsx) throws Exception {
        return part(xlsx, "xl/worksheets/sheet1.xml");
    }

    private static byte[] part(byte[] xlsx, String name) throws Exception {
        // POI's streaming writer uses data descriptors, which java.util.zip's stream reader refuses
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(xlsx)).get()) {
            ZipArchiveEntry e = zip.getEntry(name);
            if (e == null) {
                return null;
            }
            try (var in = zip.getInputStream(e)) {
                return in.readAllBytes();
            }
        }
    }

    private static List<String> sharedStrings(byte[] xlsx) throws Exception {
        byte[] sst = part(xlsx, "xl/sharedStrings.xml");
        List<String> out = new ArrayList<>();
        if (sst == null) {
            return out;
        }
        XMLStreamReader x = XMLInputFactory.newFactory().createXMLStreamReader(new ByteArrayInputStream(sst));
        StringBuilder si = null;
        while (x.hasNext()) {
            int ev = x.next();
            if (ev == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("si")) {
                si = new StringBuilder();
            } else if (ev == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("t") && si != null) {
                si.append(x.getElementText());
            } else if (ev == XMLStreamConstants.END_ELEMENT && x.getLocalName().equals("si")) {
                out.add(si.toString());
                si = null;
            }
        }
        return out;
    }

    /** The reference reading: the JDK's StAX parser, the same cell rules. */
    static List<ExportTable.Line> stax(byte[] sheet, IntFunction<String> strings) throws Exception {
        XMLStreamReader x = XMLInputFactory.newFactory().createXMLStreamReader(new ByteArrayInputStream(sheet));
        List<ExportTable.Line> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        int rowNo = 0;
        int col = -1;
        String type = null;
        String value = null;
        StringBuilder inline = new StringBuilder();
        boolean inInline = false;
        boolean inPhonetic = false;
        while (x.hasNext()) {
            int ev = x.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                switch (x.getLocalName()) {
                    case "row" -> {
                        String r = x.getAttributeValue(null, "r");
                        rowNo = r != null ? Integer.parseInt(r) : rowNo + 1;
                        cells.clear();
                        col = -1;
                    }
                    case "c" -> {
                        String ref = x.getAttributeValue(null, "r");
                        col = ref != null ? column(ref) : col + 1;
                        type = x.getAttributeValue(null, "t");
                        value = null;
                        inline.setLength(0);
                    }
                    case "v" -> value = x.getElementText();
                    case "is" -> inInline = true;
                    case "rPh" -> inPhonetic = true;
                    case "t" -> {
                        String t = x.getElementText();
                        if (inInline && !inPhonetic) {
                            inline.append(t);
                        }
                    }
                    default -> { }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                switch (x.getLocalName()) {
                    case "is" -> inInline = false;
                    case "rPh" -> inPhonetic = false;
                    case "c" -> {
                        while (cells.size() <= col) {
                            cells.add("");
                        }
                        String text = type == null ? (value == null ? "" : value) : switch (type) {
                            case "s" -> strings.apply(Integer.parseInt(value));
                            case "inlineStr" -> inline.toString();
                            case "b" -> "1".equals(value) ? "TRUE" : "FALSE";
                            default -> value == null ? "" : value;
                        };
                        cells.set(col, text);
                    }
                    case "row" -> {
                        ExportTable.Line line = new ExportTable.Line(rowNo, cells.toArray(new String[0]));
                        if (!line.isBlank()) {
                            lines.add(line);
                        }
                    }
                    default -> { }
                }
            }
        }
        return lines;
    }

    private static int column(String ref) {
        int c = 0;
        for (int i = 0; i < ref.length() && ref.charAt(i) >= 'A' && ref.charAt(i) <= 'Z'; i++) {
            c = c * 26 + (ref.charAt(i) - 'A' + 1);
        }
        return c - 1;
    }

    private static List<List<String>> rows(List<ExportTable.Line> lines) {
        List<List<String>> out = new ArrayList<>();
        for (ExportTable.Line l : lines) {
            List<String> cells = new ArrayList<>(Arrays.asList(l.cells()));
            while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                cells.remove(cells.size() - 1);
            }
            out.add(cells);
        }
        return out;
    }
}
