package routes.globalmarkets.calendar;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * One market as written in the catalog YAML (CONTRACT §3; every key is described at the top of
 * markets.yaml). Plain data: {@link MarketCatalog} checks it and {@link MarketCalendar} turns it into
 * sessions. Kebab-case keys, as users write them.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class MarketDefinition {
    public String id;
    public String name;
    public String mic;
    public String timezone;
    public List<String> weekdays = new ArrayList<>();
    /** Regular trading segments in local time (the simple form: one version of the hours). */
    public List<Segment> sessions = new ArrayList<>();
    /** Breaks inside the segments (local time), with {@link #sessions}. */
    public List<LocalWindow> breaks = new ArrayList<>();
    /** Versioned hours; instead of {@link #sessions} and {@link #breaks}. */
    public List<HoursVersion> hours = new ArrayList<>();
    /** Full-day closures and abbreviated holidays: dates or rules. */
    public List<DayEntry> holidays = new ArrayList<>();
    /** Another market of the same file whose holidays this one shares. */
    @JsonProperty("holidays-of")
    public String holidaysOf;
    @JsonProperty("early-closes")
    public List<DayEntry> earlyCloses = new ArrayList<>();
    @JsonProperty("late-opens")
    public List<DayEntry> lateOpens = new ArrayList<>();
    /** Dates that trade although their weekday is not in {@link #weekdays}. */
    @JsonProperty("extra-days")
    public List<String> extraDays = new ArrayList<>();
    /** Rules for projected days only (after the published lists end): lunisolar holidays, fixed dates. */
    public Projection projection = new Projection();
    @JsonProperty("valid-from")
    public String validFrom;
    @JsonProperty("valid-to")
    public String validTo;
    public boolean enabled = true;
    @JsonProperty("session-capture")
    public boolean sessionCapture = true;
    public List<String> symbols = new ArrayList<>();

    /** A trading segment: local open and close; {@code open-day-offset: -1} opens the evening before. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Segment {
        public String open;
        public String close;
        @JsonProperty("open-day-offset")
        public int openDayOffset;
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class LocalWindow {
        public String start;
        public String end;
    }

    /** The hours in force from {@code effective-from} until the next version. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class HoursVersion {
        @JsonProperty("effective-from")
        public String effectiveFrom;
        public List<Segment> sessions = new ArrayList<>();
        public List<LocalWindow> breaks = new ArrayList<>();
    }

    /**
     * A holiday, early close or late open: a plain date ("2026-01-01") or a map with a date or a rule.
     * See {@link DayRule} for what each key means.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class DayEntry {
        public String name;
        public String date;
        public Integer month;
        public Integer day;
        public String weekday;
        public Integer nth;
        public Integer easter;
        public int shift;
        public String observe;
        public List<String> on = new ArrayList<>();
        public Integer from;
        public Integer to;
        public String close;
        public String open;
        /** A day of the Chinese lunisolar calendar (China's time). */
        public MonthDay chinese;
        /** A day of the Korean lunisolar calendar (Seoul's time). */
        public MonthDay korean;
        /** A day of the tabular Islamic calendar. */
        public MonthDay islamic;
        /** The local day the sun reaches this ecliptic longitude, in degrees (Qingming 15). */
        @JsonProperty("solar-term")
        public Integer solarTerm;

        public DayEntry() {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static DayEntry ofDate(String date) {
            DayEntry e = new DayEntry();
            e.date = date;
            return e;
        }
    }

    /** A month and day of a lunar or Islamic calendar. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class MonthDay {
        public Integer month;
        public Integer day;
    }

    /** What the calendar computes once the dated lists end; nothing of it applies up to their end. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Projection {
        public List<DayEntry> holidays = new ArrayList<>();
        @JsonProperty("early-closes")
        public List<DayEntry> earlyCloses = new ArrayList<>();
        @JsonProperty("late-opens")
        public List<DayEntry> lateOpens = new ArrayList<>();
    }
}
