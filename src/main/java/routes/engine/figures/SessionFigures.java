package routes.engine.figures;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One symbol's figures over one session, folded from the session's bars by {@code sql/session-figures.sql}:
 * open is the first trade at or after the open, close (or last, while open) the latest trade, VWAP
 * Σ(last × volume) / Σ(volume), change and change % against the previous session's close.
 */
public record SessionFigures(String symbol, BigDecimal open, BigDecimal high, Instant highAt, BigDecimal low,
                             Instant lowAt, BigDecimal close, long volume, BigDecimal priceVolume, long vwapVolume,
                             long ticks, BigDecimal prevClose, Instant through) {

    /** A row of {@code sql/session-figures.sql}. */
    public static SessionFigures of(Map<String, Object> row) {
        Instant lastBucket = Figures.instant(row.get("last_bucket"));
        return new SessionFigures((String) row.get("symbol"), Figures.decimal(row.get("open")),
                Figures.decimal(row.get("high")), Figures.instant(row.get("high_at")), Figures.decimal(row.get("low")),
                Figures.instant(row.get("low_at")), Figures.decimal(row.get("close")), Figures.whole(row.get("volume")),
                Figures.decimal(row.get("price_volume")), Figures.whole(row.get("vwap_volume")),
                Figures.whole(row.get("tick_count")), Figures.decimal(row.get("prev_close")),
                lastBucket == null ? null : lastBucket.plusSeconds(60));
    }

    public BigDecimal vwap() {
        return Figures.ratio(priceVolume, vwapVolume);
    }

    public BigDecimal change() {
        return prevClose == null ? null : close.subtract(prevClose);
    }

    public BigDecimal changePct() {
        return Figures.percent(change(), prevClose);
    }

    public BigDecimal range() {
        return high.subtract(low);
    }

    /**
     * The hash {@code session:{market}:{symbol}:state}; fields without a value (no volume yet, no previous
     * close) are absent.
     */
    public Map<String, String> state(String sessionDate, Instant openedAt, Instant closesAt) {
        Map<String, String> h = new LinkedHashMap<>();
        put(h, "session_date", sessionDate);
        put(h, "opened_at", openedAt);
        put(h, "closes_at", closesAt);
        put(h, "open", open);
        put(h, "high", high);
        put(h, "high_at", highAt);
        put(h, "low", low);
        put(h, "low_at", lowAt);
        put(h, "last", close);
        put(h, "volume", volume);
        put(h, "vwap", vwap());
        put(h, "ticks", ticks);
        put(h, "prev_close", prevClose);
        put(h, "change", change());
        put(h, "change_pct", changePct());
        put(h, "range", range());
        put(h, "through", through);
        return h;
    }

    /** The named parameters of {@code sql/insert-market-session.sql}. */
    public Map<String, Object> finalRow(String market, java.time.LocalDate sessionDate, Instant openedAt, Instant closedAt) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("market", market);
        r.put("symbol", symbol);
        r.put("session_date", sessionDate);
        r.put("opened_at", Figures.timestamp(openedAt));
        r.put("closed_at", Figures.timestamp(closedAt));
        r.put("open", open);
        r.put("high", high);
        r.put("low", low);
        r.put("close", close);
        r.put("volume", volume);
        r.put("vwap", vwap());
        r.put("prev_close", prevClose);
        r.put("change", change());
        r.put("change_pct", changePct());
        r.put("range", range());
        r.put("high_at", Figures.timestamp(highAt));
        r.put("low_at", Figures.timestamp(lowAt));
        r.put("tick_count", ticks);
        return r;
    }

    static void put(Map<String, String> h, String field, Object v) {
        if (v == null) {
            return;
        }
        h.put(field, v instanceof BigDecimal d ? d.toPlainString() : v.toString());
    }
}
