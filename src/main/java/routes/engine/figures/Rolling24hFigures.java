package routes.engine.figures;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One symbol's last 1,440 minutes of bars ({@code sql/rolling-24h-figures.sql}): the window's first open,
 * highest high, lowest low, last close and summed volume; change and change % against the window's open
 * (Binance's 24-hour ticker convention).
 */
public record Rolling24hFigures(String symbol, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                                long volume) {

    public static Rolling24hFigures of(Map<String, Object> row) {
        return new Rolling24hFigures((String) row.get("symbol"), Figures.decimal(row.get("open")),
                Figures.decimal(row.get("high")), Figures.decimal(row.get("low")), Figures.decimal(row.get("close")),
                Figures.whole(row.get("volume")));
    }

    public BigDecimal change() {
        return close.subtract(open);
    }

    public BigDecimal changePct() {
        return Figures.percent(change(), open);
    }

    /** The hash {@code rolling:24h:{market}:{symbol}}: the window {@code [from, as_of)} and its figures. */
    public Map<String, String> live(Instant from, Instant asOf) {
        Map<String, String> h = new LinkedHashMap<>();
        SessionFigures.put(h, "from", from);
        SessionFigures.put(h, "as_of", asOf);
        SessionFigures.put(h, "open", open);
        SessionFigures.put(h, "high", high);
        SessionFigures.put(h, "low", low);
        SessionFigures.put(h, "close", close);
        SessionFigures.put(h, "volume", volume);
        SessionFigures.put(h, "change", change());
        SessionFigures.put(h, "change_pct", changePct());
        return h;
    }

    /** The named parameters of {@code sql/insert-rolling-24h.sql}. */
    public Map<String, Object> row(String market, Instant asOf) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("market", market);
        r.put("symbol", symbol);
        r.put("as_of", Figures.timestamp(asOf));
        r.put("open", open);
        r.put("high", high);
        r.put("low", low);
        r.put("close", close);
        r.put("volume", volume);
        r.put("change", change());
        r.put("change_pct", changePct());
        return r;
    }
}
