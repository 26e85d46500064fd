package routes.engine.figures;

import routes.livedata.Tick;
import routes.support.ReferenceTrades;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's tape of updates and the figures CONTRACT §6 gives for a window of it, computed here straight from
 * the trades among them (CONTRACT §5, {@link ReferenceTrades}; not from bars): the first update of a symbol is
 * a baseline, a rise of the cumulative volume is a trade of that size; open and close the trades with the
 * earliest and latest time, an extreme's time the earliest trade at that price.
 */
final class Tape {

    final List<Tick> ticks = new ArrayList<>();
    /** Where the sink started again: each symbol's next update is a baseline. */
    private final java.util.Set<Integer> restarts = new java.util.HashSet<>();

    /** The updates from here on go through a sink that just started (an app restart). */
    void restart() {
        restarts.add(ticks.size());
    }

    Tick trade(String symbol, Instant ts, String last, long cumulative) {
        Tick t = Tick.builder(symbol, ts, Tick.SOURCE_DEMO).last(new BigDecimal(last)).volume(cumulative).build();
        ticks.add(t);
        return t;
    }

    /** What the tape traded of one symbol in {@code [from, to)}; null when nothing. */
    Fig window(String symbol, Instant from, Instant to) {
        Fig f = null;
        for (ReferenceTrades.Trade t : ReferenceTrades.of(ticks, restarts)) {
            long inc = t.size();
            if (!t.symbol().equals(symbol) || t.ts().isBefore(from) || !t.ts().isBefore(to)) {
                continue;
            }
            BigDecimal p = t.price();
            if (f == null) {
                f = new Fig();
                f.open = f.high = f.low = f.close = p;
                f.openAt = f.closeAt = f.highAt = f.lowAt = t.ts();
            } else {
                if (t.ts().isBefore(f.openAt)) {
                    f.open = p;
                    f.openAt = t.ts();
                }
                if (!t.ts().isBefore(f.closeAt)) {
                    f.close = p;
                    f.closeAt = t.ts();
                }
                if (p.compareTo(f.high) > 0 || (p.compareTo(f.high) == 0 && t.ts().isBefore(f.highAt))) {
                    f.high = p;
                    f.highAt = t.ts();
                }
                if (p.compareTo(f.low) < 0 || (p.compareTo(f.low) == 0 && t.ts().isBefore(f.lowAt))) {
                    f.low = p;
                    f.lowAt = t.ts();
                }
            }
            f.volume += inc;
            f.priceVolume = f.priceVolume.add(p.multiply(BigDecimal.valueOf(inc)));
            f.ticks++;
        }
        return f;
    }

    static final class Fig {
        BigDecimal open;
        BigDecimal high;
        BigDecimal low;
        BigDecimal close;
        Instant openAt;
        Instant closeAt;
        Instant highAt;
        Instant lowAt;
        long volume;
        BigDecimal priceVolume = BigDecimal.ZERO;
        int ticks;

        BigDecimal vwap() {
            return volume == 0 ? null : Figures.ratio(priceVolume, volume);
        }
    }
}
