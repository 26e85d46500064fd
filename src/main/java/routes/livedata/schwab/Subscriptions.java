package routes.livedata.schwab;

import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The symbols Thor wants streamed, per service, in Schwab's key form (upper case; futures with the
 * leading slash). Starts from configuration; the control API changes it while running and the streamer
 * brings Schwab in line with ADD / UNSUBS. With charts on (the {@code schwab:} endpoint's {@code chart} option),
 * the equities' and futures' keys are wanted in CHART_EQUITY and CHART_FUTURES as well, and follow every change.
 */
@Component
public class Subscriptions {

    private final Map<LevelOne, TreeSet<String>> wanted = new EnumMap<>(LevelOne.class);
    private volatile Runnable onChange = () -> { };
    private volatile boolean charts;

    public Subscriptions(LiveDataProperties props) {
        SchwabProperties c = props.schwab();
        wanted.put(LevelOne.EQUITIES, keys(LevelOne.EQUITIES, c.equities()));
        wanted.put(LevelOne.FUTURES, keys(LevelOne.FUTURES, c.futures()));
        wanted.put(LevelOne.FUTURES_OPTIONS, keys(LevelOne.FUTURES_OPTIONS, c.futuresOptions()));
    }

    void onChange(Runnable r) {
        this.onChange = r;
    }

    public synchronized Set<String> get(LevelOne service) {
        return Set.copyOf(wanted.get(service));
    }

    /** The keys wanted in a chart service: those of its level-one service while charts are on, else none. */
    public synchronized Set<String> get(Chart service) {
        return charts ? Set.copyOf(wanted.get(service.levelOne)) : Set.of();
    }

    /** Streams the minute bars of the equities and futures too (true), or not. */
    public void setCharts(boolean on) {
        boolean changed = charts != on;
        charts = on;
        if (changed) {
            onChange.run();
        }
    }

    public boolean charts() {
        return charts;
    }

    public synchronized boolean isEmpty() {
        return wanted.values().stream().allMatch(Set::isEmpty);
    }

    /** The bar symbols of the futures wanted now ({@code /ES} → {@code ES}). */
    public synchronized Set<String> futureSymbols() {
        Set<String> out = new TreeSet<>();
        wanted.get(LevelOne.FUTURES).forEach(k -> out.add(LevelOne.FUTURES.symbolOf(k)));
        return out;
    }

    /** Equities, futures and futures options, as the API shows them. */
    public synchronized Map<String, List<String>> view() {
        return Map.of("equities", List.copyOf(wanted.get(LevelOne.EQUITIES)),
                "futures", List.copyOf(wanted.get(LevelOne.FUTURES)),
                "futuresOptions", List.copyOf(wanted.get(LevelOne.FUTURES_OPTIONS)));
    }

    public void add(LevelOne service, Collection<String> symbols) {
        boolean changed;
        synchronized (this) {
            changed = wanted.get(service).addAll(keys(service, symbols));
        }
        if (changed) {
            onChange.run();
        }
    }

    public void remove(LevelOne service, Collection<String> symbols) {
        boolean changed;
        synchronized (this) {
            changed = wanted.get(service).removeAll(keys(service, symbols));
        }
        if (changed) {
            onChange.run();
        }
    }

    /**
     * Schwab's key form: trimmed, upper case, futures with one leading slash, futures options with {@code ./}.
     *
     * @throws IllegalArgumentException for a blank symbol or one with characters Schwab keys never have
     */
    static TreeSet<String> keys(LevelOne service, Collection<String> symbols) {
        TreeSet<String> out = new TreeSet<>();
        for (String s : symbols == null ? List.<String>of() : symbols) {
            String k = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
            String prefix = service.keyPrefix();
            if (!prefix.isEmpty() && !k.startsWith(prefix)) {
                k = prefix + (k.startsWith("/") ? k.substring(1) : k);
            }
            if (!k.matches("(\\./|/)?[$A-Z0-9][A-Z0-9./$_-]*")) {
                throw new IllegalArgumentException("'" + s + "' is not a " + service.service + " symbol");
            }
            out.add(k);
        }
        return out;
    }
}
