package routes.livedata.tos;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SymbolNormalizerTest {

    /** The defaults of thor.livedata.tos.aliases plus one an operator added (lower case on purpose). */
    private final SymbolNormalizer symbols = new SymbolNormalizer(
            Map.of("RT", "RTY", "30YRBOND", "ZB", "DXY", "DX", "USDX", "DX", "mymicro", "mes"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/ES:XCME, ES", "/ES, ES", "/es:xcme, ES", "' /YM:XCBT ', YM", "/RTY:XCME, RTY", "/ZB:XCBT, ZB",
            "/VX:XCBF, VX", "$DXY, DX", "DXY, DX", "USDX, DX", "RT, RTY", "30YRBOND, ZB", "/ESZ25, ESZ25",
            "/ESZ25:XCME, ESZ25", "AAPL, AAPL", "SPX, SPX", "BRK/B, BRK/B", "mymicro, MES", "$SPX, SPX"})
    void normalizesToTheRoot(String tos, String root) {
        assertThat(symbols.normalize(tos)).isEqualTo(root);
    }

    @ParameterizedTest
    @ValueSource(strings = {".SPX260528C7520", "./EWJ25C5725:XCME", "CANOPY GROWTH", "/", "$", "E$S", "/:XCME"})
    void unsupportedFormsHaveNoRoot(String tos) {
        assertThat(symbols.normalize(tos)).isNull();
    }
}
