package routes.livedata.schwab;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code ticks} stream entry against the tick a test expects (CONTRACT §5). The sink decides what is a trade:
 * a quote's entry leaves {@code last} out, and a trade's entry carries the latest last price the symbol has
 * (which may be older than this update, when Schwab reported a last of 0, "none yet"). Fields the sink adds
 * beyond the tick ({@code size}) are its business.
 */
final class TickEntries {

    /** The tick fields, in the order the sink writes them. */
    static final List<String> FIELDS = List.of("symbol", "last", "bid", "ask", "bid_size", "ask_size", "volume",
            "open", "high", "low", "prev_close", "net_change", "ts", "source");
    /** In an expected tick without {@code last}: the latest last price the symbol had, if any. */
    static final String LAST_SEEN = "last seen";

    private TickEntries() {
    }

    static void assertSame(Map<Object, Object> entry, Map<String, String> want, String what) {
        for (String f : FIELDS) {
            if (f.equals("last")) {
                if (entry.containsKey("last")) {
                    String last = want.containsKey("last") ? want.get("last") : want.get(LAST_SEEN);
                    assertThat(entry.get("last")).as("%s: last in %s", what, entry).isEqualTo(last);
                }
                continue;
            }
            assertThat(entry.get(f)).as("%s: %s in %s", what, f, entry).isEqualTo(want.get(f));
        }
    }
}
