package routes.livedata.tos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CellsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "6012.25|6012.25",
            "6012.50|6012.5",
            "6000|6000",
            "6000.00|6000",
            "  4.5  |4.5",
            "-0.07|-0.07",
            "'1,234.5'|1234.5",
            "'1,234,567'|1234567",
            "'-1,234.25'|-1234.25",
            "+12.5|12.5",
            "'+1,250'|1250",
            "6.0000000000000001E-3|0.006",
            "-7.0000000000000007E-2|-0.07",
            "1.5E3|1500",
            "1e-4|0.0001",
            "57.162999999999997|57.163",
            "6012.250000000001|6012.25",
            "0.30000000000000004|0.3",
            "117'14|117.4375",
            "117-14|117.4375",
            "117:14|117.4375",
            "117-14+|117.453125",
            "117'14+|117.453125",
            "0'00|0",
            "-0'01|-0.03125",
            "+0'14|0.4375",
            "110'165|110.515625",
            "110'162|110.5078125",
            "110'167|110.5234375",
            "0|0",
    })
    void readsEveryNumberForm(String cell, String expected) throws Exception {
        BigDecimal d = Cells.decimal(cell);
        assertThat(d).isEqualTo(new BigDecimal(expected)); // equals, not compareTo: the form is canonical too
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "N/A", "n/a", "NA", "#N/A", "#N/A N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?",
            "#NUM!", "#NULL!", "--", "NaN", "\u00A0"})
    void emptyAndErrorCellsHoldNothing(String cell) throws Exception {
        assertThat(Cells.decimal(cell)).isNull();
        assertThat(Cells.count(cell)).isNull();
    }

    @Test
    void aMissingCellHoldsNothing() throws Exception {
        assertThat(Cells.decimal(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1,23", "12,3456", "1,234,56", ",123", "1.234,5", "5%", "$5", "1..2", "117'32",
            "117'1", "117'14++", "117'143", "instrument=CGC", "TRUE", "Infinity", "1e999999999999", "1E+30", "++5",
            "2026-03-09T14:30:00", "1E+2147483647", "1E-999999999", "4.9E-324"}) // the last three: TosFuzzTest
    void unreadableCellsAreNeverZero(String cell) {
        assertThatThrownBy(() -> Cells.decimal(cell)).isInstanceOf(Cells.Unreadable.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"6000|6000", "'24,000'|24000", "1.5E3|1500", "6000.0|6000", "+7|7", "0|0"})
    void readsCounts(String cell, long expected) throws Exception {
        assertThat(Cells.count(cell)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "-3", "117'14", "12.25"})
    void fractionalOrNegativeCountsAreUnreadable(String cell) {
        assertThatThrownBy(() -> Cells.count(cell)).isInstanceOf(Cells.Unreadable.class);
    }
}
