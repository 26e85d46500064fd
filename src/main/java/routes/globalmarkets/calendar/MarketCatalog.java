package routes.globalmarkets.calendar;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The markets GlobalMarkets knows, loaded from catalog YAML (CONTRACT §3). Loading checks every key and
 * fails with a message that names the source, the market and the key, so a bad catalog stops startup
 * with something an operator can fix.
 */
public final class MarketCatalog {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    static {
        // "holidays:" with nothing after it is an empty list, as it reads, not a null to trip over
        YAML.configOverride(List.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
    }

    private static final int FIRST_YEAR = MarketCalendar.FIRST_YEAR;
    private static final int LAST_YEAR = MarketCalendar.LAST_YEAR;

    private final Map<String, Market> byId;
    private final Map<String, List<Market>> bySymbol;

    public MarketCatalog(List<Market> markets) {
        Map<String, Market> ids = new LinkedHashMap<>();
        Map<String, List<Market>> symbols = new HashMap<>();
        for (Market m : markets) {
            ids.put(m.id(), m);
            for (String s : m.symbols()) {
                symbols.computeIfAbsent(s, k -> new ArrayList<>()).add(m);
            }
        }
        this.byId = Collections.unmodifiableMap(ids);
        symbols.replaceAll((k, v) -> List.copyOf(v));
        this.bySymbol = Collections.unmodifiableMap(symbols);
    }

    public List<Market> markets() {
        return List.copyOf(byId.values());
    }

    public Optional<Market> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Markets that list a symbol, enabled or not. */
    public List<Market> listing(String symbol) {
        return bySymbol.getOrDefault(symbol, List.of());
    }

    /** This catalog plus another one's markets; a repeated id is an error naming {@code source}. */
    public MarketCatalog with(MarketCatalog more, String source) {
        List<Market> all = new ArrayList<>(markets());
        for (Market m : more.markets()) {
            if (byId.containsKey(m.id())) {
                throw new CatalogException(source + ": market id " + m.id() + " is already in the catalog");
            }
            all.add(m);
        }
        return new MarketCatalog(all);
    }

    /**
     * Reads a catalog; {@code source} names it in error messages. {@code loadedOn} (the clock's today) tells
     * each calendar how far ahead to project: through the end of the year after next.
     */
    public static MarketCatalog load(InputStream in, String source, LocalDate loadedOn) {
        CatalogFile file;
        try {
            file = YAML.readValue(in, CatalogFile.class);
        } catch (JsonMappingException e) {
            String key = path(e);
            throw new CatalogException("market catalog " + source + ": key '" + (key.isEmpty() ? "markets" : key) + "': "
                    + (key.isEmpty() ? "the file must be a map holding the list 'markets': " : "")
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogException("market catalog " + source + ": cannot read: " + e.getMessage(), e);
        }
        if (file == null || file.markets == null || file.markets.isEmpty()) {
            throw new CatalogException("market catalog " + source + ": key 'markets' is missing or empty");
        }
        Map<String, MarketDefinition> byId = new HashMap<>();
        for (MarketDefinition d : file.markets) {
            if (d != null && d.id != null) {
                byId.putIfAbsent(d.id.trim(), d);
            }
        }
        List<Market> markets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < file.markets.size(); i++) {
            MarketDefinition d = file.markets.get(i);
            if (d == null) {
                throw new CatalogException("market catalog " + source + ": markets[" + i + "] is empty");
            }
            String where = "market catalog " + source + ": markets[" + i + "]"
                    + (d.id == null ? "" : " (" + d.id + ")");
            Market m = build(d, where, byId, loadedOn);
            if (!seen.add(m.id())) {
                throw new CatalogException(where + ": key 'id': duplicate id " + m.id());
            }
            markets.add(m);
        }
        return new MarketCatalog(markets);
    }

    static Market build(MarketDefinition d, String where, Map<String, MarketDefinition> catalog, LocalDate loadedOn) {
        String id = require(d.id, where, "id");
        if (!id.matches("[A-Z][A-Z0-9_]*")) {
            throw new CatalogException(where + ": key 'id': '" + id + "' must be upper-case letters, digits and _");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(require(d.timezone, where, "timezone"));
        } catch (DateTimeException e) {
            throw new CatalogException(where + ": key 'timezone': unknown time zone '" + d.timezone + "'");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String w : d.weekdays) {
            days.add(weekday(w, where, "weekdays"));
        }
        if (days.isEmpty()) {
            throw new CatalogException(where + ": key 'weekdays': at least one day is needed");
        }
        // both optional (CONTRACT §3): without valid-from the history has no start, without valid-to the
        // published lists end with the last dated entry's year, and a market without any answers for any year
        LocalDate from = d.validFrom == null ? null : yearInRange(date(d.validFrom, where, "valid-from"), where, "valid-from");
        LocalDate to = d.validTo == null ? null : yearInRange(date(d.validTo, where, "valid-to"), where, "valid-to");
        if (from != null && to != null && to.isBefore(from)) {
            throw new CatalogException(where + ": key 'valid-to': " + to + " is before valid-from " + from);
        }
        List<Hours> hours = hours(d, from, where);

        List<DayRule> holidayRules = new ArrayList<>();
        if (d.holidaysOf != null) {
            MarketDefinition other = catalog.get(d.holidaysOf.trim());
            if (other == null || other == d) {
                throw new CatalogException(where + ": key 'holidays-of': no other market '" + d.holidaysOf
                        + "' in this catalog");
            }
            if (other.holidaysOf != null) {
                throw new CatalogException(where + ": key 'holidays-of': market " + d.holidaysOf
                        + " itself takes its holidays from " + other.holidaysOf);
            }
            String via = where + " via holidays-of " + d.holidaysOf;
            holidayRules.addAll(rules(other.holidays, via, "holidays", Timing.OPTIONAL_CLOSE, false));
            holidayRules.addAll(rules(projection(other).holidays, via, "projection.holidays", Timing.OPTIONAL_CLOSE, true));
        }
        holidayRules.addAll(rules(d.holidays, where, "holidays", Timing.OPTIONAL_CLOSE, false));
        holidayRules.addAll(rules(projection(d).holidays, where, "projection.holidays", Timing.OPTIONAL_CLOSE, true));
        List<DayRule> earlyRules = rules(d.earlyCloses, where, "early-closes", Timing.CLOSE, false);
        earlyRules.addAll(rules(projection(d).earlyCloses, where, "projection.early-closes", Timing.CLOSE, true));
        List<DayRule> lateRules = rules(d.lateOpens, where, "late-opens", Timing.OPEN, false);
        lateRules.addAll(rules(projection(d).lateOpens, where, "projection.late-opens", Timing.OPEN, true));
        if (to == null) {
            to = lastDated(holidayRules, earlyRules, lateRules);
        }
        Set<LocalDate> extra = new HashSet<>();
        for (String x : d.extraDays) {
            extra.add(date(x, where, "extra-days"));
        }
        List<String> symbols = new ArrayList<>();
        for (String s : d.symbols) {
            if (s == null || s.isBlank()) {
                throw new CatalogException(where + ": key 'symbols': an empty symbol");
            }
            symbols.add(s.trim());
        }
        for (LocalDate x : extra) {
            if (d.validTo == null && (to == null || x.isAfter(to))) {
                to = LocalDate.of(x.getYear(), 12, 31);
            }
        }
        MarketCalendar calendar = new MarketCalendar(id, zone, days, hours, holidayRules, earlyRules, lateRules, extra,
                from, to, loadedOn);
        return new Market(id, d.name == null ? id : d.name, d.mic, zone.getId(), d.enabled, d.sessionCapture,
                symbols, calendar);
    }

    /** The simple form (top-level sessions and breaks) or the versioned {@code hours} list. */
    private static List<Hours> hours(MarketDefinition d, LocalDate validFrom, String where) {
        if (!d.hours.isEmpty()) {
            if (!d.sessions.isEmpty() || !d.breaks.isEmpty()) {
                throw new CatalogException(where + ": key 'hours': write either 'hours' or 'sessions'/'breaks', not both");
            }
            List<Hours> out = new ArrayList<>();
            for (int i = 0; i < d.hours.size(); i++) {
                MarketDefinition.HoursVersion v = d.hours.get(i);
                String key = "hours[" + i + "]";
                if (v == null) {
                    throw new CatalogException(where + ": key '" + key + "' is empty");
                }
                LocalDate eff = date(require(v.effectiveFrom, where, key + ".effective-from"), where,
                        key + ".effective-from");
                if (!out.isEmpty() && !eff.isAfter(out.get(out.size() - 1).effectiveFrom())) {
                    throw new CatalogException(where + ": key '" + key + ".effective-from': " + eff
                            + " is not after the previous version's");
                }
                out.add(version(eff, v.sessions, v.breaks, where, key + "."));
            }
            if (validFrom != null && out.get(0).effectiveFrom().isAfter(validFrom)) {
                throw new CatalogException(where + ": key 'hours[0].effective-from': "
                        + out.get(0).effectiveFrom() + " is after valid-from " + validFrom);
            }
            return out;
        }
        return List.of(version(validFrom == null ? LocalDate.of(FIRST_YEAR, 1, 1) : validFrom, d.sessions, d.breaks,
                where, ""));
    }

    private static Hours version(LocalDate eff, List<MarketDefinition.Segment> sessions,
                                 List<MarketDefinition.LocalWindow> breaks, String where, String prefix) {
        if (sessions.isEmpty()) {
            throw new CatalogException(where + ": key '" + prefix + "sessions': at least one segment is needed");
        }
        List<Hours.Segment> segments = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            MarketDefinition.Segment s = sessions.get(i);
            String key = prefix + "sessions[" + i + "]";
            if (s == null) {
                throw new CatalogException(where + ": key '" + key + "' is empty");
            }
            if (s.openDayOffset > 0 || s.openDayOffset < -1) {
                throw new CatalogException(where + ": key '" + key + ".open-day-offset': must be 0 or -1");
            }
            WallTime open = time(require(s.open, where, key + ".open"), where, key + ".open");
            WallTime close = time(require(s.close, where, key + ".close"), where, key + ".close");
            requireOrder(open, close, s.openDayOffset, where, key);
            segments.add(new Hours.Segment(open, s.openDayOffset, close));
        }
        List<Hours.Window> windows = new ArrayList<>();
        for (int i = 0; i < breaks.size(); i++) {
            MarketDefinition.LocalWindow b = breaks.get(i);
            String key = prefix + "breaks[" + i + "]";
            if (b == null) {
                throw new CatalogException(where + ": key '" + key + "' is empty");
            }
            WallTime start = time(require(b.start, where, key + ".start"), where, key + ".start");
            WallTime end = time(require(b.end, where, key + ".end"), where, key + ".end");
            requireOrder(start, end, 0, where, key);
            windows.add(new Hours.Window(start, end));
        }
        return new Hours(eff, segments, windows);
    }

    /** Same-zone times on the same day must run forward; across zones the calendar tests check the data. */
    private static void requireOrder(WallTime start, WallTime end, int startDayOffset, String where, String key) {
        boolean sameZone = Objects.equals(start.zone(), end.zone());
        if (sameZone && startDayOffset == 0 && !end.endOfDay() && !start.time().isBefore(end.time())) {
            throw new CatalogException(where + ": key '" + key + "': " + start + " is not before " + end);
        }
    }

    /** Which time a day entry carries. */
    private enum Timing { OPTIONAL_CLOSE, CLOSE, OPEN }

    private static List<DayRule> rules(List<MarketDefinition.DayEntry> entries, String where, String list, Timing timing,
                                       boolean projectedOnly) {
        List<DayRule> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            out.add(rule(entries.get(i), where, list + "[" + i + "]", timing, projectedOnly));
        }
        return out;
    }

    private static MarketDefinition.Projection projection(MarketDefinition d) {
        return d.projection == null ? new MarketDefinition.Projection() : d.projection;
    }

    /** The last day of the year of the latest dated entry, or null when no entry is dated. */
    private static LocalDate lastDated(List<DayRule> holidays, List<DayRule> early, List<DayRule> late) {
        LocalDate last = null;
        for (List<DayRule> rules : List.of(holidays, early, late)) {
            for (DayRule r : rules) {
                if (r.date() != null && (last == null || r.date().isAfter(last))) {
                    last = LocalDate.of(r.date().getYear(), 12, 31);
                }
            }
        }
        return last;
    }

    private static LocalDate yearInRange(LocalDate v, String where, String key) {
        if (v.getYear() < FIRST_YEAR || v.getYear() > LAST_YEAR - MarketCalendar.PROJECTION_YEARS) {
            throw new CatalogException(where + ": key '" + key + "': " + v + " is outside the years " + FIRST_YEAR
                    + "-" + (LAST_YEAR - MarketCalendar.PROJECTION_YEARS) + " a catalog can cover");
        }
        return v;
    }

    private static DayRule rule(MarketDefinition.DayEntry e, String where, String key, Timing timing,
                                boolean projectedOnly) {
        if (e == null) {
            throw new CatalogException(where + ": key '" + key + "' is empty");
        }
        LunarDate lunar = lunar(e, where, key);
        int kinds = (e.date != null ? 1 : 0) + (e.easter != null ? 1 : 0) + (e.month != null ? 1 : 0)
                + (lunar != null ? 1 : 0);
        if (kinds != 1) {
            throw new CatalogException(where + ": key '" + key
                    + "': give exactly one of 'date', 'easter', 'month', 'chinese', 'korean', 'islamic' or 'solar-term'");
        }
        LocalDate date = e.date == null ? null : date(e.date, where, key + ".date");
        if (e.month != null && (e.month < 1 || e.month > 12)) {
            throw new CatalogException(where + ": key '" + key + ".month': " + e.month + " is not 1-12");
        }
        if (e.day != null) {
            if (e.month == null) {
                throw new CatalogException(where + ": key '" + key + ".day': needs 'month'");
            }
            try {
                LocalDate.of(2024, e.month, e.day); // a leap year, so 29 February passes
            } catch (DateTimeException x) {
                throw new CatalogException(where + ": key '" + key + ".day': " + e.day + " is not a day of month " + e.month);
            }
        }
        DayOfWeek weekday = null;
        int nth = 0;
        if (e.weekday != null) {
            if (e.month == null) {
                throw new CatalogException(where + ": key '" + key + ".weekday': needs 'month'");
            }
            weekday = weekday(e.weekday, where, key + ".weekday");
            nth = e.nth == null ? 1 : e.nth;
            if (nth == 0 || nth > 5 || nth < -5) {
                throw new CatalogException(where + ": key '" + key + ".nth': " + nth + " is not 1..5 or -1..-5");
            }
        } else if (e.nth != null) {
            throw new CatalogException(where + ": key '" + key + ".nth': needs 'weekday'");
        } else if (e.month != null && e.day == null) {
            throw new CatalogException(where + ": key '" + key + "': 'month' needs 'day' or 'weekday'");
        }
        DayRule.Observance observance = DayRule.Observance.NONE;
        if (e.observe != null) {
            observance = DayRule.Observance.of(e.observe.trim());
            if (observance == null) {
                List<String> keys = new ArrayList<>();
                for (DayRule.Observance o : DayRule.Observance.values()) {
                    keys.add(o.key());
                }
                throw new CatalogException(where + ": key '" + key + ".observe': unknown '" + e.observe
                        + "', one of " + keys);
            }
        }
        Set<DayOfWeek> on = EnumSet.noneOf(DayOfWeek.class);
        for (String w : e.on) {
            on.add(weekday(w, where, key + ".on"));
        }
        if (e.from != null && e.to != null && e.to < e.from) {
            throw new CatalogException(where + ": key '" + key + ".to': " + e.to + " is before from " + e.from);
        }
        WallTime time = switch (timing) {
            case OPTIONAL_CLOSE -> {
                forbid(e.open, where, key + ".open", "holidays carry at most a 'close'");
                yield e.close == null ? null : time(e.close, where, key + ".close");
            }
            case CLOSE -> {
                forbid(e.open, where, key + ".open", "an early close carries 'close'");
                yield time(require(e.close, where, key + ".close"), where, key + ".close");
            }
            case OPEN -> {
                forbid(e.close, where, key + ".close", "a late open carries 'open'");
                yield time(require(e.open, where, key + ".open"), where, key + ".open");
            }
        };
        String name = e.name == null || e.name.isBlank() ? key : e.name.trim();
        return new DayRule(name, date, e.month, e.day, weekday, nth, e.easter, e.shift, observance, on,
                e.from, e.to, time, lunar, projectedOnly);
    }

    /** A day of the Chinese, Korean or Islamic calendar ({ month, day }) or a solar term (degrees), if given. */
    private static LunarDate lunar(MarketDefinition.DayEntry e, String where, String key) {
        LunarDate found = null;
        int given = 0;
        for (LunarDate.Kind k : LunarDate.Kind.values()) {
            String sub = key + "." + k.key();
            LunarDate d = switch (k) {
                case CHINESE -> monthDay(k, e.chinese, where, sub);
                case KOREAN -> monthDay(k, e.korean, where, sub);
                case ISLAMIC -> monthDay(k, e.islamic, where, sub);
                case SOLAR_TERM -> e.solarTerm == null ? null : solarTerm(e.solarTerm, where, sub);
            };
            if (d != null) {
                found = d;
                given++;
            }
        }
        if (given > 1) {
            throw new CatalogException(where + ": key '" + key + "': give only one of 'chinese', 'korean', 'islamic', 'solar-term'");
        }
        return found;
    }

    private static LunarDate monthDay(LunarDate.Kind kind, MarketDefinition.MonthDay md, String where, String key) {
        if (md == null) {
            return null;
        }
        if (md.month == null || md.month < 1 || md.month > 12) {
            throw new CatalogException(where + ": key '" + key + ".month': " + md.month + " is not 1-12");
        }
        if (md.day == null || md.day < 1 || md.day > 30) {
            throw new CatalogException(where + ": key '" + key + ".day': " + md.day + " is not 1-30");
        }
        return new LunarDate(kind, md.month, md.day);
    }

    private static LunarDate solarTerm(int degrees, String where, String key) {
        if (degrees < 0 || degrees >= 360 || degrees % 15 != 0) {
            throw new CatalogException(where + ": key '" + key + "': " + degrees
                    + " is not a solar term (a multiple of 15 degrees, 0-345)");
        }
        return new LunarDate(LunarDate.Kind.SOLAR_TERM, 0, degrees);
    }

    private static void forbid(String value, String where, String key, String why) {
        if (value != null) {
            throw new CatalogException(where + ": key '" + key + "' is not allowed here: " + why);
        }
    }

    private static String require(String v, String where, String key) {
        if (v == null || v.isBlank()) {
            throw new CatalogException(where + ": key '" + key + "' is missing");
        }
        return v.trim();
    }

    private static DayOfWeek weekday(String w, String where, String key) {
        String k = w == null ? "" : w.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(k) && k.length() >= 3) {
                return d;
            }
        }
        throw new CatalogException(where + ": key '" + key + "': unknown day '" + w + "'");
    }

    private static LocalDate date(String v, String where, String key) {
        try {
            return LocalDate.parse(v.trim());
        } catch (DateTimeException | NullPointerException e) {
            throw new CatalogException(where + ": key '" + key + "': '" + v + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static WallTime time(String v, String where, String key) {
        try {
            return WallTime.parse(v);
        } catch (DateTimeException | NullPointerException e) {
            throw new CatalogException(where + ": key '" + key + "': '" + v
                    + "' is not a time (HH:MM, 24:00, or HH:MM Area/City)");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            }
        }
        return sb.toString();
    }

    /** The YAML file's top level. */
    public static class CatalogFile {
        public List<MarketDefinition> markets;
    }
}
