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
 * usable bar is handed to {@code bad} with the reason and skipped; its neighbours are read.
 */
public final class ChartBars {

    public static final String EQUITY = "CHART_EQUITY";
    public static final String FUTURES = "CHART_FUTURES";

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
        String time = equity ? "7" : "1";
        for (JsonNode item : content) {
            String key = item.path("key").asText("");
            if (key.isEmpty()) {
                bad.accept("no key", item);
                continue;
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
                continue;
            }
            long ms = item.get(time).asLong();
            if (ms % 60_000 != 0) {
                bad.accept("chart time " + ms + " is not a minute start", item);
                continue;
            }
            BigDecimal open = num(item, "2");
            BigDecimal high = num(item, "3");
            BigDecimal low = num(item, "4");
            BigDecimal close = num(item, "5");
            BigDecimal volume = num(item, "6");
            if (high.compareTo(low) < 0 || high.compareTo(open.max(close)) < 0 || low.compareTo(open.min(close)) > 0
                    || volume.signum() < 0) {
                bad.accept("inconsistent bar (high below low, open or close; or negative volume)", item);
                continue;
            }
            String symbol = !equity && key.startsWith("/") ? key.substring(1) : key;
            out.add(new ChartBar(symbol, Instant.ofEpochMilli(ms), open, high, low, close, volume));
        }
        return out;
    }

    private static BigDecimal num(JsonNode item, String f) {
        JsonNode n = item.get(f);
        return n.isBigDecimal() ? n.decimalValue() : new BigDecimal(n.asText());
    }
}
