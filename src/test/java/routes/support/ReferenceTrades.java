package routes.support;

import routes.livedata.Tick;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trades in a list of source updates, by CONTRACT §5, worked out here independently of the sink: per
 * (source, symbol), in arrival order, the first update is a baseline; an update whose cumulative day volume
 * rose is a trade of that size (a drop from an update not older than the previous volume is a reset and the
 * new value is the size; a drop from an older one is stale); a symbol that never had volume trades when its
 * last price moves. A trade is priced at the newest last seen.
 */
public final class ReferenceTrades {

    /** One trade: {@code size} 0 for an instrument without volume. */
    public record Trade(String symbol, Instant ts, BigDecimal price, long size) { }

    private ReferenceTrades() {
    }

    public static List<Trade> of(List<Tick> updates) {
        return of(updates, Set.of());
    }

    /**
     * As {@link #of(List)}, where the sink started again (an app restart) before each update whose index is in
     * {@code restarts}: what came before is forgotten, so each symbol's next update is a baseline again.
     */
    public static List<Trade> of(List<Tick> updates, Set<Integer> restarts) {
        List<Trade> trades = new ArrayList<>();
        Map<String, Long> volume = new HashMap<>();
        Map<String, Instant> volumeAt = new HashMap<>();
        Map<String, BigDecimal> price = new HashMap<>();
        Map<String, Instant> seenAt = new HashMap<>();
        for (int i = 0; i < updates.size(); i++) {
            Tick t = updates.get(i);
            if (restarts.contains(i)) {
                volume.clear();
                volumeAt.clear();
                price.clear();
                seenAt.clear();
            }
            String key = t.source() + " " + t.symbol();
            boolean first = !seenAt.containsKey(key);
            Long before = volume.get(key);
            boolean stale = t.volume() != null && before != null && t.volume() < before
                    && t.ts().isBefore(volumeAt.get(key));
            boolean staleIndex = t.volume() == null && !first && t.ts().isBefore(seenAt.get(key));
            if (stale || staleIndex) {
                continue;
            }
            BigDecimal priceBefore = price.get(key);
            if (t.last() != null) {
                price.put(key, t.last());
            }
            if (first || t.ts().isAfter(seenAt.get(key))) {
                seenAt.put(key, t.ts());
            }
            BigDecimal p = price.get(key);
            if (t.volume() != null) {
                volume.put(key, t.volume());
                if (before == null || t.ts().isAfter(volumeAt.get(key))) {
                    volumeAt.put(key, t.ts());
                }
                if (first || before == null || p == null) {
                    continue;
                }
                long size = t.volume() >= before ? t.volume() - before : t.volume();
                if (size > 0) {
                    trades.add(new Trade(t.symbol(), t.ts(), p, size));
                }
            } else if (!first && before == null && t.last() != null && p != null
                    && (priceBefore == null || t.last().compareTo(priceBefore) != 0)) {
                trades.add(new Trade(t.symbol(), t.ts(), p, 0));
            }
        }
        return trades;
    }
}
