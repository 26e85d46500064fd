package routes.livedata.schwab;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The two level-one services Thor streams, with the field numbers of the reference tables (A3.1, A3.2)
 * that make a tick. Field numbers outside a service's table are unknown input.
 */
enum LevelOne {

    EQUITIES("LEVELONE_EQUITIES", 51, 3, 1, 2, 4, 5, 8, 17, 10, 11, 12, 18, 34, 35),
    FUTURES("LEVELONE_FUTURES", 40, 3, 1, 2, 4, 5, 8, 18, 12, 13, 14, 19, 10, 11);

    /** Keys of a data item that are not numbered fields (GUIDE §3.1). */
    static final Set<String> ITEM_EXTRAS = Set.of("key", "delayed", "assetMainType", "assetSubType", "cusip", "seq");

    final String service;
    final int lastField;
    final int last, bid, ask, bidSize, askSize, volume, open, high, low, prevClose, netChange, quoteTime, tradeTime;
    /** The comma-separated field list sent with SUBS and ADD; 0 (the symbol) always included. */
    final String fields;
    /** Fields whose value must be a whole number. */
    final Set<Integer> wholeNumbers;
    private final Set<Integer> tickFields;

    LevelOne(String service, int lastField, int last, int bid, int ask, int bidSize, int askSize, int volume,
             int open, int high, int low, int prevClose, int netChange, int quoteTime, int tradeTime) {
        this.service = service;
        this.lastField = lastField;
        this.last = last;
        this.bid = bid;
        this.ask = ask;
        this.bidSize = bidSize;
        this.askSize = askSize;
        this.volume = volume;
        this.open = open;
        this.high = high;
        this.low = low;
        this.prevClose = prevClose;
        this.netChange = netChange;
        this.quoteTime = quoteTime;
        this.tradeTime = tradeTime;
        TreeSet<Integer> used = new TreeSet<>(Set.of(0, last, bid, ask, bidSize, askSize, volume, open, high, low,
                prevClose, netChange, quoteTime, tradeTime));
        this.tickFields = Set.copyOf(used);
        this.fields = used.stream().map(String::valueOf).collect(Collectors.joining(","));
        this.wholeNumbers = Set.of(bidSize, askSize, volume, quoteTime, tradeTime);
    }

    /** Whether the field feeds a tick (and so must be a number). */
    boolean feedsTick(int field) {
        return field != 0 && tickFields.contains(field);
    }

    boolean known(int field) {
        return field >= 0 && field <= lastField;
    }

    private static final Map<String, LevelOne> BY_SERVICE = Map.of(EQUITIES.service, EQUITIES, FUTURES.service, FUTURES);

    static LevelOne of(String service) {
        return BY_SERVICE.get(service);
    }

    /** The Redis symbol for a stream key: futures lose the slash ({@code /ES} → {@code ES}). */
    String symbolOf(String key) {
        return this == FUTURES && key.startsWith("/") ? key.substring(1) : key;
    }
}
