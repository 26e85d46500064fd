package routes.livedata.schwab;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The level-one services Thor streams, each with its field table from the reference (A3.1, A3.2, A3.3):
 * field number → name → JSON type, and which fields make a tick. A field number outside a service's
 * table is unknown input.
 */
public enum LevelOne {

    EQUITIES("LEVELONE_EQUITIES", FieldTable.EQUITIES),
    FUTURES("LEVELONE_FUTURES", FieldTable.FUTURES),
    FUTURES_OPTIONS("LEVELONE_FUTURES_OPTIONS", FieldTable.FUTURES_OPTIONS);

    /** Keys of a data item that are not numbered fields (GUIDE §3.1, §7.1). */
    static final Set<String> ITEM_EXTRAS = Set.of("key", "delayed", "assetMainType", "assetSubType", "cusip", "seq");

    final String service;
    final FieldTable table;
    /** The comma-separated field list sent with SUBS and ADD: 0 (the symbol) and every field a tick uses. */
    final String fields;

    LevelOne(String service, FieldTable table) {
        this.service = service;
        this.table = table;
        TreeSet<Integer> used = new TreeSet<>(table.roles().values());
        used.add(0);
        this.fields = used.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static final Map<String, LevelOne> BY_SERVICE = Map.of(EQUITIES.service, EQUITIES, FUTURES.service, FUTURES,
            FUTURES_OPTIONS.service, FUTURES_OPTIONS);

    static LevelOne of(String service) {
        return service == null ? null : BY_SERVICE.get(service);
    }

    /**
     * The Redis symbol for a stream key: futures lose the slash ({@code /ES} → {@code ES}), futures options the
     * dot and slash ({@code ./OZCZ23C565} → {@code OZCZ23C565}); equities and indexes stay ({@code $SPX}).
     */
    String symbolOf(String key) {
        return switch (this) {
            case FUTURES -> key.startsWith("/") ? key.substring(1) : key;
            case FUTURES_OPTIONS -> key.startsWith("./") ? key.substring(2) : key;
            case EQUITIES -> key;
        };
    }

    /** The key prefix Schwab expects for the service ({@code /} for futures, {@code ./} for futures options). */
    String keyPrefix() {
        return switch (this) {
            case FUTURES -> "/";
            case FUTURES_OPTIONS -> "./";
            case EQUITIES -> "";
        };
    }

    /** What a field means to a tick. */
    enum Role {
        LAST, BID, ASK, BID_SIZE, ASK_SIZE, VOLUME, OPEN, HIGH, LOW, PREV_CLOSE, NET_CHANGE, QUOTE_TIME, TRADE_TIME;

        /** Prices that are 0 only before the session's first trade or across a daily reset (reference A5). */
        boolean zeroMeansNone() {
            return this == LAST || this == OPEN || this == HIGH || this == LOW;
        }
    }
}
