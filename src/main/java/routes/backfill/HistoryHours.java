package routes.backfill;

import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;
import routes.livedata.schwab.Subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.BitSet;
import java.util.Set;

/**
 * Which minutes Schwab's 1-minute price history can hold for a bar symbol, as far as the reference is sure
 * (shared/reference/schwab-pricehistory.md §1.3, §4.2 #3):
 * <ul>
 *   <li>a symbol asked as an equity (anything not a future: neither in {@code thor.livedata.schwab.futures} nor
 *       streamed as a future since the start, the control API's additions included): the extended-hours
 *       window 07:00-20:00 New York time. Schwab's own 1-minute example starts at 07:00 ET and a run of it ends at
 *       19:59 ET, and the Market Hours example of the same spec has pre-market 07:00-09:30 and post-market
 *       16:00-20:00; users report the same. A minute outside it is not asked for, and the coverage API says
 *       NOT_IN_HISTORY for it at once ({@code thor.livedata.schwab.backfill.equity-history-hours});</li>
 *   <li>a future ({@code /ROOT}): unknown. The reference found nothing on whether, or for which hours,
 *       {@code pricehistory} serves futures (§2: "Status: UNKNOWN. Test it."). Every interrupted minute is asked
 *       for, and Schwab's answer decides (no candle after a finished backfill: NOT_IN_HISTORY).</li>
 * </ul>
 */
@Component("historyHours")
public class HistoryHours {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** Bar symbols known to be futures: configured, or seen among the streamed futures (only ever added to). */
    private final Set<String> futures = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Subscriptions subscriptions;
    /** The equity window in New York time, end exclusive; null: the whole day. */
    private final LocalTime equityFrom;
    private final LocalTime equityTo;
    private final boolean equityAllDay;

    public HistoryHours(LiveDataProperties livedata, Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
        futures.addAll(subscriptions.futureSymbols()); // the configured ones, in the stream's own key form
        BackfillProperties props = livedata.schwab().backfill();
        String hours = props.equityHistoryHours().trim();
        String[] fromTo = hours.isEmpty() ? new String[]{"00:00", "24:00"} : hours.split("-");
        this.equityFrom = LocalTime.parse(fromTo[0]);
        this.equityAllDay = equityFrom.equals(LocalTime.MIDNIGHT) && fromTo[1].equals("24:00");
        this.equityTo = fromTo[1].equals("24:00") ? null : LocalTime.parse(fromTo[1]);
    }

    /**
     * A future: Schwab knows it as {@code /ROOT}. Configured, or streamed as a future now or earlier in this run
     * (a future the control API added is not in the configuration; one removed since is still a future).
     */
    public boolean isFuture(String symbol) {
        if (futures.contains(symbol)) {
            return true;
        }
        futures.addAll(subscriptions.futureSymbols());
        return futures.contains(symbol);
    }

    /** Schwab's name of a bar symbol: a configured future gets its '/', anything else is asked as it is. */
    public String schwabSymbol(String symbol) {
        return isFuture(symbol) ? "/" + symbol : symbol;
    }

    /**
     * The minutes of {@code [from, from + count min)} (from a minute start) that Schwab's history may hold for the
     * symbol: minute i is {@code from + i min}. Those not set are sure to be missing from it.
     */
    public BitSet servable(String symbol, Instant from, int count) {
        BitSet out = new BitSet(count);
        if (count <= 0) {
            return out;
        }
        if (isFuture(symbol) || equityAllDay) {
            out.set(0, count);
            return out;
        }
        Instant to = from.plusSeconds(60L * count);
        LocalDate last = LocalDate.ofInstant(to, NEW_YORK);
        for (LocalDate d = LocalDate.ofInstant(from, NEW_YORK); !d.isAfter(last); d = d.plusDays(1)) {
            Instant a = d.atTime(equityFrom).atZone(NEW_YORK).toInstant();
            Instant b = equityTo == null ? d.plusDays(1).atStartOfDay(NEW_YORK).toInstant()
                    : d.atTime(equityTo).atZone(NEW_YORK).toInstant();
            // minutes whose start lies in [a, b)
            long first = Math.max(0, ceilDiv(a.getEpochSecond() - from.getEpochSecond(), 60));
            long end = Math.min(count, ceilDiv(b.getEpochSecond() - from.getEpochSecond(), 60));
            if (first < end) {
                out.set((int) first, (int) end);
            }
        }
        return out;
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
