package routes.globalmarkets.calendar;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: the built-in catalogs and small catalogs written inline. */
final class Catalogs {

    /** The day issue 13 was filed: calendars project through the end of 2028. */
    static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

    private static MarketCatalog builtIn;

    private Catalogs() {
    }

    static synchronized MarketCatalog builtIn() {
        if (builtIn == null) {
            builtIn = resource("/markets/markets.yaml");
        }
        return builtIn;
    }

    static MarketCatalog resource(String path) {
        try (InputStream in = Catalogs.class.getResourceAsStream(path)) {
            return MarketCatalog.load(in, "classpath:" + path, TODAY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MarketCatalog yaml(String text) {
        return MarketCatalog.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.yaml", TODAY);
    }

    static MarketCalendar calendar(String id) {
        return builtIn().find(id).orElseThrow().calendar();
    }

    /** Weekdays (Mon-Fri) of [from, to] without a session. */
    static List<LocalDate> closedWeekdays(MarketCalendar c, LocalDate from, LocalDate to) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() <= 5 && c.sessionOn(d).isEmpty()) {
                out.add(d);
            }
        }
        return out;
    }

    static List<LocalDate> dates(String... isoDates) {
        List<LocalDate> out = new ArrayList<>();
        for (String d : isoDates) {
            out.add(LocalDate.parse(d));
        }
        return out;
    }
}
