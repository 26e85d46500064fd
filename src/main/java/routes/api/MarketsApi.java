package routes.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.MarketBoard;
import routes.globalmarkets.calendar.Hours;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.MarketCalendar;
import routes.globalmarkets.calendar.MarketState;
import routes.globalmarkets.calendar.MarketStatus;
import routes.globalmarkets.calendar.OutsideValidityException;
import routes.globalmarkets.calendar.SpecialDay;
import routes.globalmarkets.calendar.TradingSession;
import routes.globalmarkets.calendar.Transition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GlobalMarkets over HTTP (CONTRACT §7). */
@RestController
@RequestMapping("/api/markets")
public class MarketsApi {

    /** How far ahead, and how many, status changes the detail view lists. */
    private static final Duration NEXT_TRANSITIONS_WINDOW = Duration.ofDays(8);
    private static final int NEXT_TRANSITIONS = 12;

    private final GlobalMarkets markets;
    private final MarketBoard board;
    private final Clock clock;

    public MarketsApi(GlobalMarkets markets, MarketBoard board, Clock clock) {
        this.markets = markets;
        this.board = board;
        this.clock = clock;
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        Instant now = clock.instant();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Market m : markets.markets()) {
            Map<String, String> v = board.view(m, now);
            Map<String, Object> j = identity(m);
            j.put("status", v.get("status"));
            j.put("nextOpen", blankToNull(v.get("next_open")));
            j.put("nextClose", blankToNull(v.get("next_close")));
            j.put("validFrom", m.calendar().validFrom().toString());
            j.put("validTo", m.calendar().validTo().toString());
            j.put("symbols", m.symbols());
            j.put("validityWarning", markets.validityWarning(m, now).orElse(null));
            j.put("projectedFrom", text(m.calendar().projectedFrom()));
            out.add(j);
        }
        return out;
    }

    /** What both views show first: who the market is and whether it is tracked. */
    private static Map<String, Object> identity(Market m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", m.id());
        j.put("name", m.name());
        j.put("mic", m.mic());
        j.put("timezone", m.timezone());
        j.put("enabled", m.enabled());
        j.put("sessionCapture", m.sessionCapture());
        return j;
    }

    /** One market: its identity, status, regular hours in force, validity and next status changes. */
    @GetMapping("/{id}")
    public ResponseEntity<?> detail(@PathVariable String id) {
        Market m = markets.market(id).orElse(null);
        if (m == null) {
            return error(HttpStatus.NOT_FOUND, "unknown market " + id);
        }
        Instant now = clock.instant();
        MarketCalendar c = m.calendar();
        MarketState state = markets.stateAt(m, now);
        Map<String, Object> j = identity(m);
        j.put("symbols", m.symbols());
        j.put("status", state.status().name());
        j.put("since", text(state.since()));
        j.put("until", text(state.until()));
        j.put("tradeDate", state.session() == null ? null : state.session().date().toString());
        j.put("nextOpen", c.nextOpenAfter(now).map(Instant::toString).orElse(null));
        j.put("nextClose", c.nextCloseAfter(now).map(Instant::toString).orElse(null));
        j.put("validFrom", c.validFrom().toString());
        j.put("validTo", c.validTo().toString());
        j.put("validityWarning", markets.validityWarning(m, now).orElse(null));
        // published lists end on publishedTo; from projectedFrom sessions are provisional (CONTRACT §7)
        j.put("publishedTo", text(c.publishedTo()));
        j.put("projectedFrom", text(c.projectedFrom()));
        double left = markets.publishedDaysLeft(m, now);
        j.put("publishedDaysLeft", Double.isInfinite(left) ? null : (long) left);
        j.put("answersThrough", c.lastAnswerable().toString());
        j.put("hours", hours(c.hoursOn(LocalDate.ofInstant(now, c.zone()))));
        List<Map<String, Object>> next = new ArrayList<>();
        for (Transition t : c.transitionsBetween(now, now.plus(NEXT_TRANSITIONS_WINDOW))) {
            if (next.size() == NEXT_TRANSITIONS) {
                break;
            }
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", t.at().toString());
            x.put("status", t.status().name());
            x.put("event", t.status() == MarketStatus.OPEN ? "MARKET_OPENED" : "MARKET_CLOSED");
            x.put("sessionDate", t.session().date().toString());
            next.add(x);
        }
        j.put("nextTransitions", next);
        return ResponseEntity.ok(j);
    }

    /** The holidays, early closes and late opens of one year; 422 unless the market answers for the whole year. */
    @GetMapping("/{id}/holidays")
    public ResponseEntity<?> holidays(@PathVariable String id, @RequestParam int year) {
        Market m = markets.market(id).orElse(null);
        if (m == null) {
            return error(HttpStatus.NOT_FOUND, "unknown market " + id);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (SpecialDay d : m.calendar().specialDays(year)) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("date", d.date().toString());
            j.put("name", d.name());
            j.put("kind", d.kind().name());
            j.put("time", d.time() == null ? null : d.time().toString());
            j.put("provisional", m.calendar().isProjected(d.date()));
            out.add(j);
        }
        return ResponseEntity.ok(out);
    }

    @GetMapping("/{id}/sessions")
    public ResponseEntity<?> sessions(@PathVariable String id, @RequestParam String from, @RequestParam String to) {
        Market m = markets.market(id).orElse(null);
        if (m == null) {
            return error(HttpStatus.NOT_FOUND, "unknown market " + id);
        }
        LocalDate f;
        LocalDate t;
        try {
            f = LocalDate.parse(from);
            t = LocalDate.parse(to);
        } catch (DateTimeParseException e) {
            return error(HttpStatus.BAD_REQUEST, "from and to must be dates (YYYY-MM-DD)");
        }
        if (t.isBefore(f)) {
            return error(HttpStatus.BAD_REQUEST, "to " + t + " is before from " + f);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (TradingSession s : m.calendar().sessions(f, t)) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("date", s.date().toString());
            j.put("open", s.open().toString());
            j.put("close", s.close().toString());
            List<Map<String, String>> breaks = new ArrayList<>();
            for (TradingSession.Break b : s.breaks()) {
                breaks.add(Map.of("start", b.start().toString(), "end", b.end().toString()));
            }
            j.put("breaks", breaks);
            j.put("provisional", m.calendar().isProjected(s.date()));
            out.add(j);
        }
        return ResponseEntity.ok(out);
    }

    @ExceptionHandler(OutsideValidityException.class)
    public ResponseEntity<Map<String, String>> outside(OutsideValidityException e) {
        return error(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
    }

    private static List<Map<String, Object>> hours(Hours h) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Hours.Segment s : h.segments()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("open", s.open().toString());
            j.put("openDayOffset", s.openDayOffset());
            j.put("close", s.close().toString());
            out.add(j);
        }
        for (Hours.Window b : h.breaks()) {
            out.add(Map.of("breakStart", b.start().toString(), "breakEnd", b.end().toString()));
        }
        return out;
    }

    private static String text(Object t) {
        return t == null ? null : t.toString();
    }

    static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
