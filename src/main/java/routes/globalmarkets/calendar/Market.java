package routes.globalmarkets.calendar;

import java.util.List;

/** A market of the catalog: who it is, its flags and symbols, and its calendar. */
public record Market(String id, String name, String mic, String timezone, boolean enabled, boolean sessionCapture,
                     List<String> symbols, MarketCalendar calendar) {

    public Market {
        symbols = List.copyOf(symbols);
    }

    public boolean lists(String symbol) {
        return symbols.contains(symbol);
    }
}
