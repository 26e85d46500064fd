package routes.globalmarkets.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The trading calendar of one market: which local trade dates trade, and the UTC instants each session
 * opens, breaks and closes. Pure logic, no clock: callers pass the instant or dates they ask about, and the
 * catalog passes the day it was loaded on, from which the calendar knows how far to project.
 *
 * <p>A session is identified by its trade date. Its segments may start the evening before (futures), its
 * hours are the version in force on that date, holidays remove it, early closes and late opens cut it.
 * A holiday that keeps a short session (CME on US holidays) has no trade date of its own: its trading
 * belongs to the next trade date's session, separated from it by a break.
 *
 * <p>Dated lists (published holidays) end on {@link #publishedTo()}; later days are <em>projected</em>: the
 * rules go on (fixed dates, Easter, lunisolar and Islamic days computed by ICU), a dated holiday simply does not
 * come back, so a day nobody can compute trades its regular hours. A market without dated lists projects
 * nothing and answers for any year.
 *
 * <p>The days the running system asks about, {@link #validFrom()} to {@link #validTo()} (the history start, or
 * the year before the load, through the end of the year after next), are computed once when the calendar is
 * built, so {@link #stateAt} is a binary search. Sessions of other answerable years are computed on request.
 * Asking beyond what the market can answer throws {@link OutsideValidityException}.
 */
public final class MarketCalendar {

    /** The years a calendar may cover: the Easter rule needs Gregorian years. */
    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2199;
    /** How many years after the load year the calendar projects (CONTRACT §7: the end of the year after next). */
    public static final int PROJECTION_YEARS = 2;

    private final String marketId;
    private final ZoneId zone;
    private final Set<DayOfWeek> weekdays;
    private final List<Hours> hours;
    private final List<DayRule> holidayRules;
    private final List<DayRule> earlyRules;
    private final List<DayRule> lateRules;
    private final Set<LocalDate> extraDays;
    private final LocalDate historyFrom;
    private final LocalDate publishedTo;
    private final LocalDate validFrom;
    private final LocalDate validTo;
    /** Special days by calendar year, resolved when first asked. */
    private final Map<Integer, Year> years = new ConcurrentHashMap<>();

    private final Instant horizon;
    private final Map<LocalDate, TradingSession> byDate = new HashMap<>();
    private final List<TradingSession> sessions = new ArrayList<>();
    /** Every status change inside the validity, in time order. */
    private final List<Transition> transitions = new ArrayList<>();

    /** The holidays, early closes and late opens dated in one calendar year. */
    private record Year(Map<LocalDate, SpecialDay> holidays, Map<LocalDate, SpecialDay> early,
                        Map<LocalDate, SpecialDay> late) {
    }

    /**
     * @param hours       versions sorted by effective date; the first also applies before its date
     * @param extraDays   dates that trade although their weekday is not in {@code weekdays}
     * @param historyFrom the first trade date the market knows, or null for none
     * @param publishedTo the last day of the dated lists, or null when the market has none (nothing projected)
     * @param loadedOn    the day the catalog is loaded: the calendar computes ahead through the end of the year
     *                    after next, and from the year before when the history has no start
     */
    MarketCalendar(String marketId, ZoneId zone, Set<DayOfWeek> weekdays, List<Hours> hours,
                   List<DayRule> holidayRules, List<DayRule> earlyRules, List<DayRule> lateRules,
                   Set<LocalDate> extraDays, LocalDate historyFrom, LocalDate publishedTo, LocalDate loadedOn) {
        this.marketId = marketId;
        this.zone = zone;
        this.weekdays = EnumSet.copyOf(weekdays);
        this.hours = List.copyOf(hours);
        this.holidayRules = List.copyOf(holidayRules);
        this.earlyRules = List.copyOf(earlyRules);
        this.lateRules = List.copyOf(lateRules);
        this.extraDays = Set.copyOf(extraDays);
        this.historyFrom = historyFrom;
        this.publishedTo = publishedTo;
        LocalDate projected = LocalDate.of(Math.min(LAST_YEAR, loadedOn.getYear() + PROJECTION_YEARS), 12, 31);
        this.validTo = publishedTo != null && publishedTo.isAfter(projected) ? publishedTo : projected;
        LocalDate from = historyFrom != null ? historyFrom : LocalDate.of(loadedOn.getYear() - 1, 1, 1);
        this.validFrom = from.isAfter(validTo) ? validTo : from;
        for (LocalDate d = validFrom; !d.isAfter(validTo); d = d.plusDays(1)) {
            build(d).ifPresent(s -> {
                byDate.put(s.date(), s);
                sessions.add(s);
            });
        }
        collectTransitions();
        Instant end = validTo.plusDays(1).atStartOfDay(zone).toInstant();
        for (Hours.Segment s : hoursOn(validTo).segments()) {
            Instant nextOpen = s.open().on(validTo.plusDays(1L + s.openDayOffset()), zone);
            if (s.openDayOffset() < 0 && nextOpen.isBefore(end)) {
                end = nextOpen;
            }
        }
        this.horizon = end;
    }

    public String marketId() {
        return marketId;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first trade date the running system asks about (computed ahead). */
    public LocalDate validFrom() {
        return validFrom;
    }

    /** The last trade date computed ahead: the published end, or the end of the year after next if later. */
    public LocalDate validTo() {
        return validTo;
    }

    /** The last day of the dated (published) lists, or null when the market has none. */
    public LocalDate publishedTo() {
        return publishedTo;
    }

    /** The first projected day, or null when nothing is projected (no dated lists). */
    public LocalDate projectedFrom() {
        return publishedTo == null ? null : publishedTo.plusDays(1);
    }

    /** True for a day after the published lists: its session is provisional. */
    public boolean isProjected(LocalDate date) {
        return publishedTo != null && date.isAfter(publishedTo);
    }

    /** The first trade date the market answers about. */
    public LocalDate firstAnswerable() {
        return historyFrom != null ? historyFrom : LocalDate.of(FIRST_YEAR, 1, 1);
    }

    /** The last trade date the market answers about: any year without dated lists, else its projection. */
    public LocalDate lastAnswerable() {
        return publishedTo == null ? LocalDate.of(LAST_YEAR, 12, 31) : validTo;
    }

    public boolean isAnswerable(LocalDate date) {
        return !date.isBefore(firstAnswerable()) && !date.isAfter(lastAnswerable());
    }

    /**
     * The instant up to which the calendar knows every session: the end of valid-to, or earlier when the
     * next trade date's session would open the evening before (futures). A scheduler plans up to here.
     */
    public Instant horizon() {
        return horizon;
    }

    public boolean isValid(LocalDate date) {
        return !date.isBefore(validFrom) && !date.isAfter(validTo);
    }

    /** True when the date is no trade date because of a holiday (weekends are not holidays). */
    public boolean isHoliday(LocalDate date) {
        SpecialDay h = year(date).holidays().get(date);
        return h != null && h.isHoliday();
    }

    /** The regular hours in force on a trade date. */
    public Hours hoursOn(LocalDate date) {
        Hours in = hours.get(0);
        for (Hours h : hours) {
            if (!h.effectiveFrom().isAfter(date)) {
                in = h;
            }
        }
        return in;
    }

    /** Sessions whose trade date lies in {@code [from, to]}; throws when the range leaves what the market answers. */
    public List<TradingSession> sessions(LocalDate from, LocalDate to) {
        requireAnswerable(from);
        requireAnswerable(to);
        List<TradingSession> out = new ArrayList<>();
        if (isValid(from) && isValid(to)) {
            for (TradingSession s : sessions) {
                if (!s.date().isBefore(from) && !s.date().isAfter(to)) {
                    out.add(s);
                }
            }
            return out;
        }
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            build(d).ifPresent(out::add);
        }
        return out;
    }

    /** The session of a trade date, empty on weekends and holidays. */
    public Optional<TradingSession> sessionOn(LocalDate date) {
        requireAnswerable(date);
        return isValid(date) ? Optional.ofNullable(byDate.get(date)) : build(date);
    }

    /**
     * The holidays, early closes and late opens of a calendar year, in date order. Throws unless the market
     * answers for the whole year: a partial list would read as a complete one.
     */
    public List<SpecialDay> specialDays(int year) {
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate last = LocalDate.of(year, 12, 31);
        requireAnswerable(first);
        requireAnswerable(last);
        TreeMap<LocalDate, SpecialDay> out = new TreeMap<>();
        Year y = year(first);
        for (Map<LocalDate, SpecialDay> m : List.of(y.holidays(), y.early(), y.late())) {
            m.forEach((d, s) -> {
                if (s.isHoliday() || sessionOn(d).isPresent()) {
                    out.putIfAbsent(d, s);
                }
            });
        }
        return List.copyOf(out.values());
    }

    /**
     * The status at {@code t} by the regular weekly hours alone, no holidays: what a market falls back to for
     * an instant beyond everything it computes, so capture never stops for lack of data.
     */
    public MarketState regularStateAt(Instant t) {
        LocalDate d = LocalDate.ofInstant(t, zone);
        MarketCalendar plain = new MarketCalendar(marketId, zone, weekdays, hours, List.of(), List.of(), List.of(),
                Set.of(), d.minusDays(8), d.plusDays(8), d.minusYears(PROJECTION_YEARS + 1L));
        return plain.stateAt(t);
    }

    /** The session that spans an instant (breaks included), if any. */
    public Optional<TradingSession> sessionSpanning(Instant t) {
        int i = lastOpenAtOrBefore(t);
        if (i >= 0 && sessions.get(i).spans(t)) {
            return Optional.of(sessions.get(i));
        }
        return Optional.empty();
    }

    public boolean isOpen(Instant t) {
        return sessionSpanning(t).map(s -> s.isOpenAt(t)).orElse(false);
    }

    /**
     * The status at {@code t} and the interval over which it holds. Sessions that touch (a market open
     * around the clock) count as one open stretch: no change between them. Throws when {@code t}'s local
     * date lies outside the validity or {@code t} is at or past the {@link #horizon()}.
     */
    public MarketState stateAt(Instant t) {
        requireValid(LocalDate.ofInstant(t, zone));
        if (!t.isBefore(horizon)) {
            throw new OutsideValidityException(marketId, validTo.plusDays(1), validFrom, validTo);
        }
        int i = lastTransitionAtOrBefore(t);
        Instant until = i + 1 < transitions.size() ? transitions.get(i + 1).at() : null;
        if (i < 0) {
            return new MarketState(marketId, MarketStatus.CLOSED, null, until, null);
        }
        Transition last = transitions.get(i);
        TradingSession session = last.status() == MarketStatus.CLOSED ? null : sessionSpanning(t).orElse(last.session());
        return new MarketState(marketId, last.status(), last.at(), until, session);
    }

    /** The next instant after {@code t} at which the market opens (or reopens after a break), if known. */
    public Optional<Instant> nextOpenAfter(Instant t) {
        return nextAfter(t, true);
    }

    /** The next instant after {@code t} at which an open stretch ends (a close or a break start), if known. */
    public Optional<Instant> nextCloseAfter(Instant t) {
        return nextAfter(t, false);
    }

    /**
     * Every status change in {@code [from, to)}, in time order: what a scheduler turns into
     * MARKET_OPENED (status OPEN) and MARKET_CLOSED (CLOSED, or BREAK: a lunch break closes and reopens).
     * Only changes inside the validity are known; none is invented beyond it.
     */
    public List<Transition> transitionsBetween(Instant from, Instant to) {
        List<Transition> out = new ArrayList<>();
        for (int i = Math.max(0, lastTransitionAtOrBefore(from)); i < transitions.size(); i++) {
            Transition x = transitions.get(i);
            if (!x.at().isBefore(to)) {
                break;
            }
            if (!x.at().isBefore(from)) {
                out.add(x);
            }
        }
        return out;
    }

    private Optional<Instant> nextAfter(Instant t, boolean opening) {
        for (int i = Math.max(0, lastTransitionAtOrBefore(t)); i < transitions.size(); i++) {
            Transition x = transitions.get(i);
            if (x.at().isAfter(t) && (x.status() == MarketStatus.OPEN) == opening) {
                return Optional.of(x.at());
            }
        }
        return Optional.empty();
    }

    /** A trade date's session: regular segments, minus breaks, cut by late opens and early closes. */
    private Optional<TradingSession> build(LocalDate date) {
        if (!tradesOn(date) || isHoliday(date)) {
            return Optional.empty();
        }
        List<Instant[]> pieces = new ArrayList<>();
        LocalDate before = previousTradingWeekday(date);
        SpecialDay abbreviated = before == null || !isAnswerable(before) ? null : year(before).holidays().get(before);
        if (abbreviated != null && abbreviated.kind() == SpecialDay.Kind.ABBREVIATED) {
            pieces.addAll(cutAfter(regular(before), abbreviated.time().on(before, zone)));
        }
        List<Instant[]> own = regular(date);
        SpecialDay late = year(date).late().get(date);
        if (late != null) {
            own = cutBefore(own, late.time().on(date, zone));
        }
        SpecialDay early = year(date).early().get(date);
        if (early != null) {
            own = cutAfter(own, early.time().on(date, zone));
        }
        pieces.addAll(own);
        if (pieces.isEmpty()) {
            return Optional.empty();
        }
        List<TradingSession.Break> gaps = new ArrayList<>();
        for (int i = 0; i + 1 < pieces.size(); i++) {
            if (pieces.get(i)[1].isBefore(pieces.get(i + 1)[0])) {
                gaps.add(new TradingSession.Break(pieces.get(i)[1], pieces.get(i + 1)[0]));
            }
        }
        return Optional.of(new TradingSession(marketId, date, pieces.get(0)[0],
                pieces.get(pieces.size() - 1)[1], gaps));
    }

    /** The regular trading pieces [start, end) of a date, breaks taken out, in time order. */
    private List<Instant[]> regular(LocalDate date) {
        Hours h = hoursOn(date);
        List<Instant[]> pieces = new ArrayList<>();
        for (Hours.Segment s : h.segments()) {
            Instant open = s.open().on(date.plusDays(s.openDayOffset()), zone);
            Instant close = s.close().on(date, zone);
            if (open.isBefore(close)) {
                pieces.add(new Instant[]{open, close});
            }
        }
        for (Hours.Window b : h.breaks()) {
            Instant bs = b.start().on(date, zone);
            Instant be = b.end().on(date, zone);
            List<Instant[]> next = new ArrayList<>();
            for (Instant[] p : pieces) {
                if (!bs.isBefore(p[1]) || !be.isAfter(p[0])) {
                    next.add(p);
                    continue;
                }
                if (p[0].isBefore(bs)) {
                    next.add(new Instant[]{p[0], bs});
                }
                if (be.isBefore(p[1])) {
                    next.add(new Instant[]{be, p[1]});
                }
            }
            pieces = next;
        }
        pieces.sort((a, b) -> a[0].compareTo(b[0]));
        return pieces;
    }

    private static List<Instant[]> cutAfter(List<Instant[]> pieces, Instant close) {
        List<Instant[]> out = new ArrayList<>();
        for (Instant[] p : pieces) {
            if (p[0].isBefore(close)) {
                out.add(new Instant[]{p[0], p[1].isAfter(close) ? close : p[1]});
            }
        }
        return out;
    }

    private static List<Instant[]> cutBefore(List<Instant[]> pieces, Instant open) {
        List<Instant[]> out = new ArrayList<>();
        for (Instant[] p : pieces) {
            if (p[1].isAfter(open)) {
                out.add(new Instant[]{p[0].isBefore(open) ? open : p[0], p[1]});
            }
        }
        return out;
    }

    private boolean tradesOn(LocalDate date) {
        return weekdays.contains(date.getDayOfWeek()) || extraDays.contains(date);
    }

    /** The last date before {@code date} whose weekday trades (holiday or not), within a week. */
    private LocalDate previousTradingWeekday(LocalDate date) {
        for (int i = 1; i <= 7; i++) {
            LocalDate d = date.minusDays(i);
            if (tradesOn(d)) {
                return d;
            }
        }
        return null;
    }

    /** Flattens sessions into status changes; touching stretches of the same status make no change. */
    private void collectTransitions() {
        TradingSession previous = null;
        for (TradingSession s : sessions) {
            if (previous != null && previous.close().isBefore(s.open())) {
                transitions.add(new Transition(previous.close(), MarketStatus.CLOSED, previous));
            }
            if (previous == null || previous.close().isBefore(s.open())) {
                transitions.add(new Transition(s.open(), MarketStatus.OPEN, s));
            }
            for (TradingSession.Break b : s.breaks()) {
                transitions.add(new Transition(b.start(), MarketStatus.BREAK, s));
                transitions.add(new Transition(b.end(), MarketStatus.OPEN, s));
            }
            previous = s;
        }
        if (previous != null) {
            transitions.add(new Transition(previous.close(), MarketStatus.CLOSED, previous));
        }
    }

    private int lastTransitionAtOrBefore(Instant t) {
        return lastAtOrBefore(transitions, Transition::at, t);
    }

    private int lastOpenAtOrBefore(Instant t) {
        return lastAtOrBefore(sessions, TradingSession::open, t);
    }

    /** Binary search in a list sorted by {@code key}: the last index whose key is not after t, or -1. */
    private static <T> int lastAtOrBefore(List<T> list, Function<T, Instant> key, Instant t) {
        int lo = 0;
        int hi = list.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (key.apply(list.get(mid)).isAfter(t)) {
                hi = mid - 1;
            } else {
                found = mid;
                lo = mid + 1;
            }
        }
        return found;
    }

    private void requireValid(LocalDate date) {
        if (!isValid(date)) {
            throw new OutsideValidityException(marketId, date, validFrom, validTo);
        }
    }

    private void requireAnswerable(LocalDate date) {
        if (!isAnswerable(date)) {
            throw new OutsideValidityException(marketId, date, firstAnswerable(), lastAnswerable());
        }
    }

    /**
     * The special days dated in a calendar year, from the rules of that year and the years either side
     * (observance can cross New Year); the earlier rule year wins a date, as does the earlier rule.
     */
    private Year year(LocalDate date) {
        return years.computeIfAbsent(date.getYear(), y -> {
            Map<LocalDate, SpecialDay> h = new HashMap<>();
            Map<LocalDate, SpecialDay> e = new HashMap<>();
            Map<LocalDate, SpecialDay> l = new HashMap<>();
            for (int ry = y - 1; ry <= y + 1; ry++) {
                collect(DayRule.resolve(holidayRules, ry, SpecialDay.Kind.CLOSED, zone, publishedTo), y, h);
                collect(DayRule.resolve(earlyRules, ry, SpecialDay.Kind.EARLY_CLOSE, zone, publishedTo), y, e);
                collect(DayRule.resolve(lateRules, ry, SpecialDay.Kind.LATE_OPEN, zone, publishedTo), y, l);
            }
            return new Year(Map.copyOf(h), Map.copyOf(e), Map.copyOf(l));
        });
    }

    private static void collect(Map<LocalDate, SpecialDay> resolved, int year, Map<LocalDate, SpecialDay> into) {
        resolved.forEach((d, s) -> {
            if (d.getYear() == year) {
                into.putIfAbsent(d, s);
            }
        });
    }
}
