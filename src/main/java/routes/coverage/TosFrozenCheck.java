package routes.coverage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketState;
import routes.livedata.tos.TosExportPoller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A thinkorswim export that is readable but frozen (Excel hung, RTD disconnected, thinkorswim logged out: the file
 * keeps its last values) is an interruption of {@link Interruptions#TOS} for the symbols whose market is open.
 * Route {@code coverage-tos-frozen} calls {@link #check} every {@code thor.livedata.tos.frozen-check-interval}, on
 * the instance that polls the export (the leader of {@code livedata}).
 *
 * <p>"Frozen" is the file's verdict, not a row's: no row of the export changed for
 * {@code thor.livedata.tos.frozen-after} (the poller's {@link TosExportPoller.Freshness#changedAt()}), counted only
 * while the symbol's market is open. An illiquid symbol's row may rightly stand still for minutes while the others
 * move; a frozen RTD link stops every row at once. A file standing still while every market of its symbols is
 * closed (the night, a weekend) is normal and begins nothing.
 *
 * <p>Per symbol of the file with an enabled market open now (the catalog's symbol-to-market listing, the engine's
 * lookup): frozen from {@code max(last change, the start of the market's current open stretch)}; once that is
 * {@code frozen-after} ago an interruption begins at that start, so the minutes waited for count too. The next
 * change ends every interruption this check began, at the poll that saw the change: the interruption covers
 * exactly the frozen span, or the market's close ends it ({@link #endWhereClosed}). A file missing or unreadable
 * is an interruption of its own (the poller's), so nothing is begun meanwhile. After a start the poller's first read is a baseline at the time of that read, never the file's
 * modification time: what the file did while the app was down is the app's interruption ({@link Heartbeat}), and
 * a frozen-file interruption an earlier run left open is ended at that baseline (by the poller, which says the
 * source delivers again at its first good read).
 */
@Component("tosFrozenCheck")
public class TosFrozenCheck {

    private static final Logger log = LoggerFactory.getLogger(TosFrozenCheck.class);

    private final TosExportPoller poller;
    private final Interruptions interruptions;
    private final GlobalMarkets markets;
    private final Clock clock;
    private final Duration frozenAfter;
    /** The symbols this check began an interruption for, with its start. */
    private final Map<String, Instant> begun = new TreeMap<>();
    /** The content change the interruptions in {@link #begun} are about. */
    private Instant frozenAfterChange;

    public TosFrozenCheck(TosExportPoller poller, Interruptions interruptions, GlobalMarkets markets, Clock clock,
                          LiveDataProperties props, MeterRegistry meters) {
        this.poller = poller;
        this.interruptions = interruptions;
        this.markets = markets;
        this.clock = clock;
        this.frozenAfter = props.tos().frozenAfter();
        Gauge.builder("thor.tos.frozen.symbols", this, c -> c.frozenCount())
                .description("Symbols in an interruption because the thinkorswim export stopped changing while their "
                        + "market is open").register(meters);
    }

    /** One look; returns the symbols in a frozen-export interruption after it. */
    public synchronized List<String> check() {
        TosExportPoller.Freshness f = poller.freshness();
        Instant changed = f.changedAt();
        if (changed == null) {
            return List.of(); // nothing read yet: no baseline
        }
        if (!begun.isEmpty() && !changed.equals(frozenAfterChange)) {
            interruptions.end(Interruptions.TOS, begun.keySet(), changed);
            log.info("TOS export changes again at {}: the frozen-export interruption of {} ended", changed, begun.keySet());
            begun.clear();
        }
        frozenAfterChange = changed;
        endWhereClosed(clock.instant());
        if (f.usable()) {
            beginWhereFrozen(f, changed, clock.instant());
        }
        poller.reportFrozen(begun.isEmpty() ? null : new TosExportPoller.Frozen(
                begun.values().stream().min(Instant::compareTo).orElseThrow(), new TreeSet<>(begun.keySet())));
        return List.copyOf(begun.keySet());
    }

    private void beginWhereFrozen(TosExportPoller.Freshness f, Instant changed, Instant now) {
        Map<Instant, List<String>> byStart = new TreeMap<>();
        for (String symbol : new TreeSet<>(f.symbols())) {
            if (begun.containsKey(symbol)) {
                continue;
            }
            Instant openSince = openSince(symbol, now);
            if (openSince == null) {
                continue; // no market of it is open: standing still is normal
            }
            Instant from = openSince.isAfter(changed) ? openSince : changed;
            if (Duration.between(from, now).compareTo(frozenAfter) >= 0) {
                byStart.computeIfAbsent(from, k -> new ArrayList<>()).add(symbol);
            }
        }
        byStart.forEach((from, symbols) -> {
            interruptions.begin(Interruptions.TOS, symbols, from, "the export is frozen: no row changed since " + changed
                    + " while the market is open (Excel, RTD or thinkorswim stalled?)");
            symbols.forEach(s -> begun.put(s, from));
        });
    }

    /**
     * A file standing still while the market is closed is normal: a frozen-export interruption ends when the last
     * of its symbol's markets closed (the close, a lunch break), so the backfill need not wait for the next change,
     * and begins again only after {@code frozen-after} of the next open if the file is still frozen then.
     */
    private void endWhereClosed(Instant now) {
        Map<Instant, List<String>> byEnd = new TreeMap<>();
        for (String symbol : begun.keySet()) {
            if (openSince(symbol, now) == null) {
                byEnd.computeIfAbsent(closedSince(symbol, now, begun.get(symbol)), k -> new ArrayList<>()).add(symbol);
            }
        }
        byEnd.forEach((at, symbols) -> {
            interruptions.end(Interruptions.TOS, symbols, at);
            symbols.forEach(begun::remove);
            log.info("Market closed at {}: the frozen-export interruption of {} ended", at, symbols);
        });
    }

    /** When the last of the symbol's enabled markets closed; never before the interruption's start. */
    private Instant closedSince(String symbol, Instant now, Instant start) {
        Instant closed = start;
        for (Market m : markets.catalog().listing(symbol)) {
            if (m.enabled()) {
                Instant since = markets.stateAt(m, now).since();
                if (since != null && since.isAfter(closed)) {
                    closed = since;
                }
            }
        }
        return closed;
    }

    /**
     * When the current open stretch of the symbol's enabled markets began (the earliest of those open now), or
     * null when none is open. A stretch open since before the calendar's range counts from {@link Instant#MIN}.
     */
    private Instant openSince(String symbol, Instant now) {
        Instant since = null;
        for (Market m : markets.catalog().listing(symbol)) {
            if (!m.enabled()) {
                continue;
            }
            MarketState s = markets.stateAt(m, now);
            if (s.isOpen()) {
                Instant from = s.since() == null ? Instant.MIN : s.since();
                if (since == null || from.isBefore(since)) {
                    since = from;
                }
            }
        }
        return since;
    }

    private synchronized int frozenCount() {
        return begun.size();
    }

    /** For tests and the log: the symbols in a frozen-export interruption now, with its start. */
    public synchronized Map<String, Instant> frozen() {
        return new LinkedHashMap<>(begun);
    }
}
