package routes.livedata.tos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rows of a snapshot are news. Per symbol it keeps what has been published so far, field by field
 * (the merged quote {@code tick:{symbol}} holds the same); a row is news when a field it knows differs.
 * A field that went unknown ({@code N/A}) is not news: Redis keeps its last value, so would the trader.
 * A symbol that leaves the sheet is kept, so its return with the same values publishes nothing.
 */
final class SnapshotDiffer {

    private final Map<String, TosQuote> published = new HashMap<>();

    /** The rows that changed; nothing is remembered until {@link #commit} says they reached Redis. */
    List<TosQuote> changes(List<TosQuote> snapshot) {
        List<TosQuote> changed = new ArrayList<>();
        for (TosQuote q : snapshot) {
            if (q.differsFrom(published.get(q.symbol()))) {
                changed.add(q);
            }
        }
        return changed;
    }

    void commit(List<TosQuote> publishedRows) {
        for (TosQuote q : publishedRows) {
            published.put(q.symbol(), q.over(published.get(q.symbol())));
        }
    }
}
