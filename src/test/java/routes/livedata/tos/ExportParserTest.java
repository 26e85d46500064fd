package routes.livedata.tos;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportParserTest {

    private final ExportParser parser = new ExportParser(new SymbolNormalizer(Map.of("DXY", "DX", "RT", "RTY")));

    private ExportParser.Snapshot parse(String... csvLines) throws UnusableRead {
        return parser.parse(ExportTable.csv(ExcelLikeFiles.csv(csvLines), true), true);
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void theContractHeadersMapToTheTickFields() throws Exception {
        ExportParser.Snapshot s = parse(
                "Symbol,Close,Open,NetChange,24High,24Low,52WkHigh,52WkLow,Volume,Bid,Last,Ask,BidSize,AskSize",
                "/ES:XCME,6000.25,6001,12,6020.5,5990.75,6500,4800,\"1,234,567\",6012,6012.25,6012.5,12,15");
        assertThat(s.quotes()).containsExactly(new TosQuote("ES", d("6012.25"), d("6012"), d("6012.5"), 12L, 15L,
                1_234_567L, d("6001"), d("6020.5"), d("5990.75"), d("6000.25"), d("12")));
        assertThat(s.rejections()).isEmpty();
        assertThat(s.unreadable()).isEmpty();
    }

    @Test
    void headersInAnyOrderAndCaseWithUnknownColumns() throws Exception {
        ExportParser.Snapshot s = parse("Type,LAST, symbol ,Description,bid size,Net Change",
                "Futures,117'14+,/ZB:XCBT,30 year bond,7,+0'14");
        assertThat(s.quotes()).containsExactly(new TosQuote("ZB", d("117.453125"), null, null, 7L, null, null, null,
                null, null, null, d("0.4375")));
    }

    @Test
    void noSymbolHeaderMeansNothingIsRead() {
        assertThatThrownBy(() -> parse("Ticker,Last", "ES,6012.25"))
                .isInstanceOfSatisfying(UnusableRead.class, e -> assertThat(e.reason()).isEqualTo("no-symbol-header"));
        assertThatThrownBy(() -> parser.parse(List.of(), true))
                .isInstanceOfSatisfying(UnusableRead.class, e -> assertThat(e.reason()).isEqualTo("no-symbol-header"));
    }

    @Test
    void badRowsAreSkippedWithAReasonAndTheOthersKept() throws Exception {
        ExportParser.Snapshot s = parse("Symbol,Last,Bid,Volume",
                ",6012.25,6012,100",
                ".SPX260528C7520,12.5,12.4,3",
                "/ES:XCME,6012.25,6012,100",
                "/ES,6013,6012.75,101",
                "$DXY,#N/A,N/A,",
                "RT,2300.5,abc,1.5");
        assertThat(s.quotes()).extracting(TosQuote::symbol).containsExactly("ES", "RTY");
        assertThat(s.rejections()).containsExactly(
                new ExportParser.Rejection(2, "", "no-symbol"),
                new ExportParser.Rejection(3, ".SPX260528C7520", "unsupported-symbol"),
                new ExportParser.Rejection(5, "ES", "duplicate-symbol"),
                new ExportParser.Rejection(6, "DX", "no-values"));
        assertThat(s.unreadable()).containsExactly(new ExportParser.UnreadableCell(7, "RTY", "bid", "abc"),
                new ExportParser.UnreadableCell(7, "RTY", "volume", "1.5"));
        TosQuote rty = s.quotes().get(1);
        assertThat(rty.last()).isEqualTo(d("2300.5"));
        assertThat(rty.bid()).as("unreadable: unknown, never zero").isNull();
        assertThat(rty.volume()).isNull();
    }

    @Test
    void aCsvRowShiftedByAnUnquotedThousandsSeparatorIsRejectedWhole() throws Exception {
        String[] lines = {"Symbol,Volume,Last,,", // Excel pads the header with blank cells to the used range
                "/ES,\"1,234\",6012.25,,", // quoted: one cell
                "/NQ,1,234,21034.5,,", // unquoted: Volume 1, Last 234 — not a single number can be trusted
                "/CL,99,61.5, ,"};
        ExportParser.Snapshot s = parse(lines);
        assertThat(s.quotes()).extracting(TosQuote::symbol).containsExactly("ES", "CL");
        assertThat(s.quotes().get(0).volume()).isEqualTo(1234L);
        assertThat(s.rejections()).containsExactly(new ExportParser.Rejection(3, "/NQ", "extra-cells"));
        // a workbook addresses every cell: a note right of the table is not a shift
        ExportParser.Snapshot fromWorkbook = parser.parse(ExportTable.csv(ExcelLikeFiles.csv(lines), true), false);
        assertThat(fromWorkbook.rejections()).isEmpty();
    }

    @Test
    void aZeroPriceIsNotYetAPriceButZeroSizesAndChangesAreReal() throws Exception {
        ExportParser.Snapshot s = parse("Symbol,Open,24High,24Low,Last,Bid,Close,NetChange,Volume,BidSize",
                "/NQ:XCME,0,0,0,0,21000,20990,0,0,0");
        assertThat(s.quotes()).containsExactly(new TosQuote("NQ", null, d("21000"), null, 0L, null, 0L, null, null,
                null, d("20990"), d("0")));
    }

    @Test
    void aRepeatedHeaderRowStartsABlockWithItsOwnColumns() throws Exception {
        // thor's workbook: futures on top, an equity block with other headers further down
        ExportParser.Snapshot s = parse(
                "Type,Symbol,Description,Close,Last,Bid",
                "Futures,/ES:XCME,E-mini,6000,6012.25,6012",
                ",,,,,",
                "Symbol,Description,Quote Trend,Last,Net Chng,Bid",
                "CGC,CANOPY GROWTH CORP,instrument=CGC,4.12,-0.08,4.11");
        assertThat(s.quotes()).containsExactly(
                new TosQuote("ES", d("6012.25"), d("6012"), null, null, null, null, null, null, null, d("6000"), null),
                new TosQuote("CGC", d("4.12"), d("4.11"), null, null, null, null, null, null, null, null, d("-0.08")));
    }

    @Test
    void theContractHeaderWinsOverItsAlias() throws Exception {
        ExportParser.Snapshot s = parse("Symbol,High,24High", "ES,6010,6020.5");
        assertThat(s.quotes().get(0).high()).isEqualTo(d("6020.5"));
    }
}
