package routes.livedata.schwab;

import java.util.Map;

/**
 * Schwab's minute-bar services (reference schwab-pricehistory.md §3, schwab-and-tos.md A3.4, A3.5), streamed for
 * the keys of a level-one service when the endpoint's {@code chart} option is on: CHART_EQUITY for the equities
 * (indexes such as {@code $SPX} included: the reference names no exception), CHART_FUTURES for the futures;
 * futures options have none. The fields asked for are every field the reference lists: CHART_EQUITY 0 key,
 * 1 sequence, 2–5 open/high/low/close, 6 volume, 7 chart time, 8 chart day (the real layout, not the guide's);
 * CHART_FUTURES 0 key, 1 chart time, 2–5 open/high/low/close, 6 volume. The stream only forwards the data
 * items; the cross-check reads them.
 */
enum Chart {

    EQUITY("CHART_EQUITY", LevelOne.EQUITIES, "0,1,2,3,4,5,6,7,8"),
    FUTURES("CHART_FUTURES", LevelOne.FUTURES, "0,1,2,3,4,5,6");

    final String service;
    /** The level-one service whose keys this one streams. */
    final LevelOne levelOne;
    /** The comma-separated field list sent with SUBS and ADD. */
    final String fields;

    Chart(String service, LevelOne levelOne, String fields) {
        this.service = service;
        this.levelOne = levelOne;
        this.fields = fields;
    }

    private static final Map<String, Chart> BY_SERVICE = Map.of(EQUITY.service, EQUITY, FUTURES.service, FUTURES);

    static Chart of(String service) {
        return service == null ? null : BY_SERVICE.get(service);
    }
}
