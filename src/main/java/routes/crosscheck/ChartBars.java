package routes.crosscheck;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reads CHART_EQUITY / CHART_FUTURES content items into {@link ChartBar}s, with the field layouts as Schwab
 * really sends them (reference §3.2; the Streamer Guide's CHART_EQUITY table is wrong):
 * <ul>
 *   <li>CHART_EQUITY: 0 key, 1 Sequence (minutes since 07:00 ET), 2 Open, 3 High, 4 Low, 5 Close, 6 Volume,
 *       7 Chart Time (epoch ms), 8 Chart Day (days since 1970-01-01);</li>
 *   <li>CHART_FUTURES: 0 key, 1 Chart Time, 2 Open, 3 High, 4 Low, 5 Close, 6 Volume.</li>
 * </ul>
 * Volume is per minute and may come as a double ({@code 26.0}) or a whole number. An item that is not a
 * usable bar is handed to {@code bad} with the reason and skipped; its neighbours are read. No item, however
 * malformed (not an object, a string or 1e999999999 where a number belongs, a fractional chart time), throws.
 */
public final class ChartBars {

    public static final String EQUITY = "CHART_EQUITY";
    public static final String FUTURES = "CHART_FUTURES";
    /** Values beyond 10^18 or (unless zero) below 10^-18 are nobody's price or volume (as the level-one checks). */
    private static final int MAX_DIGITS = 18;

    private ChartBars() {
    }

    /** The bars of one data item's {@code content} array of the given service. */
    public static List<ChartBar> read(String service, JsonNode content, BiConsumer<String, JsonNode> bad) {
        List<ChartBar> out = new ArrayList<>();
        boolean equity = EQUITY.equals(service);
        if (!equity && !FUTURES.equals(service)) {
            bad.accept("not a chart service: " + service, content);
            return out;
        }
        if (content == null || !content.isArray()) {
            bad.accept("content is not a list", content);
            return out;
        }
        String time = equity ? "7" : "1";
        for (JsonNode item : content) {
            try {
                ChartBar b = bar(equity, time, item, bad);
                if (b != null) {
                    out.add(b);
                }
            } catch (RuntimeException e) {
                // whatever slipped past the checks costs this item only
                bad.accept("unreadable item (" + e.getClass().getSimpleName() + ")", item);
            }
        }
        return out;
    }

    private static ChartBar bar(boolean equity, String time, JsonNode item, BiConsumer<String, JsonNode> bad) {
        if (!item.isObject()) {
            bad.accept("item is not an object", item);
            return null;
        }
        JsonNode keyNode = item.path("key");
        String key = keyNode.isTextual() ? keyNode.asText().trim() : "";
        if (key.isEmpty() || key.equals("/")) {
            bad.accept("no key", item);
            return null;
        }
        String missing = null;
        for (String f : List.of(time, "2", "3", "4", "5", "6")) {
            if (!item.path(f).isNumber()) {
                missing = f;
                break;
            }
        }
        if (missing != null) {
            bad.accept("field " + missing + " missing or not a number", item);
            return null;
        }
        JsonNode t = item.get(time);
        if (!t.canConvertToExactIntegral() || !t.canConvertToLong() || t.longValue() <= 0) {
            bad.accept("chart time is not epoch milliseconds", item);
            return null;
        }
        long ms = t.longValue();
        if (ms % 60_000 != 0) {
            bad.accept("chart time " + ms + " is not a minute start", item);
            return null;
        }
        BigDecimal[] v = new BigDecimal[5];
        for (int i = 0; i < 5; i++) {
            v[i] = num(item, Integer.toString(i + 2));
            long magnitude = (long) v[i].precision() - v[i].scale();
            if (magnitude > MAX_DIGITS || (v[i].signum() != 0 && magnitude <= -MAX_DIGITS)) {
                bad.accept("field " + (i + 2) + " out of range", item);
                return null;
            }
        }
        BigDecimal open = v[0];
        BigDecimal high = v[1];
        BigDecimal low = v[2];
        BigDecimal close = v[3];
        BigDecimal volume = v[4];
        if (high.compareTo(low) < 0 || high.compareTo(open.max(close)) < 0 || low.compareTo(open.min(close)) > 0
                || volume.signum() < 0) {
            bad.accept("inconsistent bar (high below low, open or close; or negative volume)", item);
            return null;
        }
        String symbol = !equity && key.startsWith("/") ? key.substring(1) : key;
        return new ChartBar(symbol, Instant.ofEpochMilli(ms), open, high, low, close, volume);
    }

    private static BigDecimal num(JsonNode item, String f) {
        JsonNode n = item.get(f);
        // a double that is not finite (from a mapper without exact decimals) throws here: counted by the caller
        return n.isBigDecimal() ? n.decimalValue() : new BigDecimal(n.asText());
    }
}
