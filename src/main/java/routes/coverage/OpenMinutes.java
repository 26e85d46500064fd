package routes.coverage;

import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketCalendar;
import routes.globalmarkets.calendar.TradingSession;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * The UTC minutes of {@code [from, to)} in which a market was open for at least part of the minute (the
 * minutes that can hold a bar, CONTRACT §6: a session opening at 09:30:30 has a 09:30 bar). Minute i of the
 * answer is {@code from + i minutes}; {@code from} is a minute start.
 */
public final class OpenMinutes {

    private OpenMinutes() {
    }

    public static BitSet of(Market market, Instant from, Instant to) {
        BitSet open = new BitSet();
        long base = from.getEpochSecond() / 60;
        long count = to.getEpochSecond() / 60 - base;
        for (Instant[] stretch : openStretches(market.calendar(), from, to)) {
            long first = Math.max(0, Math.floorDiv(stretch[0].getEpochSecond(), 60) - base);
            long end = Math.min(count, ceilDiv(stretch[1].getEpochSecond(), 60) - base);
            if (first < end) {
                open.set((int) first, (int) end);
            }
        }
        return open;
    }

    /** The open stretches (sessions minus their breaks) that overlap {@code [from, to)}. */
    static List<Instant[]> openStretches(MarketCalendar c, Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, c.zone()).minusDays(1);
        LocalDate last = LocalDate.ofInstant(to, c.zone()).plusDays(1);
        if (first.isBefore(c.validFrom())) {
            first = c.validFrom();
        }
        if (last.isAfter(c.validTo())) {
            last = c.validTo();
        }
        List<Instant[]> out = new ArrayList<>();
        if (first.isAfter(last)) {
            return out;
        }
        for (TradingSession s : c.sessions(first, last)) {
            Instant start = s.open();
            List<TradingSession.Break> breaks = new ArrayList<>(s.breaks());
            breaks.sort(Comparator.comparing(TradingSession.Break::start));
            for (TradingSession.Break b : breaks) {
                add(out, start, b.start(), from, to);
                start = b.end();
            }
            add(out, start, s.close(), from, to);
        }
        return out;
    }

    private static void add(List<Instant[]> out, Instant a, Instant b, Instant from, Instant to) {
        if (a.isBefore(b) && a.isBefore(to) && b.isAfter(from)) {
            out.add(new Instant[]{a, b});
        }
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
