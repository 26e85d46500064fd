package routes.livedata.tos;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * thinkorswim symbols to the roots every Redis key uses: {@code /ES:XCME} and {@code /ES} → {@code ES}
 * (futures lose the slash and the exchange), {@code $DXY} → {@code DXY} → {@code DX} (indexes lose the
 * dollar, then the alias table applies), {@code AAPL} stays. Options ({@code .SPX260528C7520},
 * {@code ./EWJ25C5725:XCME}) and anything else that is not a plain root are not supported.
 */
final class SymbolNormalizer {

    private static final Pattern ROOT = Pattern.compile("[A-Z0-9][A-Z0-9./-]{0,31}");

    private final Map<String, String> aliases = new HashMap<>();

    SymbolNormalizer(Map<String, String> aliases) {
        aliases.forEach((from, to) -> this.aliases.put(from.trim().toUpperCase(Locale.ROOT), to.trim().toUpperCase(Locale.ROOT)));
    }

    /** The root, or null when the symbol is not a form the poller supports. */
    String normalize(String tosSymbol) {
        String s = Cells.strip(tosSymbol).toUpperCase(Locale.ROOT);
        if (s.startsWith("/") || s.startsWith("$")) {
            s = s.substring(1);
        }
        int exchange = s.indexOf(':');
        if (exchange >= 0) {
            s = s.substring(0, exchange);
        }
        s = aliases.getOrDefault(s, s);
        return ROOT.matcher(s).matches() ? s : null;
    }
}
