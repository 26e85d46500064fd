package routes.livedata.demo;

import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;
import routes.livedata.Tick;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The built-in simulated feed, shaped like a market: per symbol, about {@value #QUOTES_PER_TRADE} quote updates
 * (bid, ask and sizes move around the last trade; Last and Volume stay) per trade (a random walk on the tick
 * size, one trade in five at the same price; the cumulative day volume grows). Like every source it sends the
 * whole quote each time and the sink tells trades from quotes (CONTRACT §5). It knows nothing of markets'
 * hours: it publishes regardless, and the engine decides what counts.
 */
@Component("demoFeed")
public class DemoFeed {

    /** Believable starting prices and tick sizes for the original's futures universe. */
    private static final Map<String, String[]> KNOWN = Map.ofEntries(
            Map.entry("ES", new String[]{"6000.00", "0.25"}), Map.entry("NQ", new String[]{"21000.00", "0.25"}),
            Map.entry("YM", new String[]{"44000", "1"}), Map.entry("RTY", new String[]{"2300.0", "0.1"}),
            Map.entry("CL", new String[]{"70.00", "0.01"}), Map.entry("SI", new String[]{"30.000", "0.005"}),
            Map.entry("HG", new String[]{"4.5000", "0.0005"}), Map.entry("GC", new String[]{"2600.0", "0.1"}),
            Map.entry("VX", new String[]{"16.00", "0.05"}), Map.entry("DX", new String[]{"104.000", "0.005"}),
            Map.entry("ZB", new String[]{"117.00000", "0.03125"}));

    static final int QUOTES_PER_TRADE = 4;

    private final Clock clock;
    private final int ticksPerSecond;
    private final SplittableRandom random;
    private final List<Walk> walks = new ArrayList<>();
    private long lastMs = -1;
    private double carry;

    public DemoFeed(GlobalMarkets markets, LiveDataProperties props, Clock clock) {
        this.clock = clock;
        this.ticksPerSecond = props.demo().ticksPerSecond();
        this.random = new SplittableRandom(props.demo().seed());
        TreeSet<String> symbols = new TreeSet<>();
        for (Market m : markets.markets()) {
            if (m.enabled()) {
                symbols.addAll(m.symbols());
            }
        }
        for (String s : symbols) {
            String[] k = KNOWN.getOrDefault(s, new String[]{"100.00", "0.01"});
            walks.add(new Walk(s, new BigDecimal(k[0]), new BigDecimal(k[1]), 1000 + random.nextInt(100_000)));
        }
    }

    /** The ticks due since the previous call, at the configured rate, stamped with the clock's time. */
    public synchronized List<Tick> nextBatch() {
        long now = clock.millis();
        if (lastMs < 0 || walks.isEmpty()) {
            lastMs = now;
            return List.of();
        }
        double due = (now - lastMs) / 1000.0 * ticksPerSecond + carry;
        int n = (int) due;
        carry = due - n;
        lastMs = now;
        List<Tick> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(walks.get(random.nextInt(walks.size())).step(Instant.ofEpochMilli(now), random));
        }
        return out;
    }

    public List<String> symbols() {
        return walks.stream().map(w -> w.symbol).toList();
    }

    private static final class Walk {
        final String symbol;
        final BigDecimal tickSize;
        final BigDecimal open;
        BigDecimal last;
        BigDecimal bid;
        BigDecimal ask;
        long volume;

        Walk(String symbol, BigDecimal start, BigDecimal tickSize, long volume) {
            this.symbol = symbol;
            this.last = start;
            this.open = start;
            this.tickSize = tickSize;
            this.volume = volume;
        }

        Tick step(Instant ts, SplittableRandom r) {
            if (r.nextInt(QUOTES_PER_TRADE + 1) == 0) {
                // a trade: at a new price or, one time in five, at the same price; Volume moves
                int move = r.nextInt(5) - 2; // -2..+2 ticks
                BigDecimal next = last.add(tickSize.multiply(BigDecimal.valueOf(move)));
                if (next.signum() > 0) {
                    last = next;
                }
                volume += 1 + r.nextInt(25);
                bid = last.subtract(tickSize);
                ask = last.add(tickSize);
            } else {
                // a quote: the book around the last trade moves, Last and Volume stay
                BigDecimal spread = tickSize.multiply(BigDecimal.valueOf(r.nextInt(2)));
                bid = last.subtract(tickSize).subtract(r.nextBoolean() ? spread : BigDecimal.ZERO);
                ask = last.add(tickSize).add(r.nextBoolean() ? spread : BigDecimal.ZERO);
                if (bid.signum() <= 0) {
                    bid = last;
                }
            }
            return Tick.builder(symbol, ts, Tick.SOURCE_DEMO)
                    .last(last).bid(bid).ask(ask)
                    .bidSize((long) (1 + r.nextInt(50))).askSize((long) (1 + r.nextInt(50)))
                    .volume(volume).open(open).prevClose(open)
                    .netChange(last.subtract(open).setScale(Math.max(last.scale(), open.scale()), RoundingMode.UNNECESSARY))
                    .build();
        }
    }

    /** For the README and logs: symbol → start price. */
    public Map<String, BigDecimal> startPrices() {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        walks.forEach(w -> m.put(w.symbol, w.open));
        return m;
    }
}
