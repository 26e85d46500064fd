package routes.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import routes.backfill.BackfillPlanner;
import routes.backfill.BackfillRequest;
import routes.coverage.Coverage;
import routes.coverage.CoverageProperties;
import routes.coverage.Interruptions;
import routes.coverage.SqlFiles;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;
import routes.globalmarkets.calendar.OutsideValidityException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which minutes of a symbol were covered, the feed interruptions, and the backfill from Schwab's history
 * (all under /api: the operator login). "Which minutes of AAPL yesterday were missed, and were they filled?":
 * {@code GET /api/coverage/USA/AAPL?date=2026-11-30} (the market's local day) or {@code ?from=...&to=...} answers
 * per minute state, in runs.
 */
@RestController
@RequestMapping("/api")
public class CoverageApi {

    /** {@code POST /api/backfill}: a symbol and a UTC range; scope INTERRUPTED (default) or ALL empty minutes. */
    public record BackfillAsk(String symbol, String from, String to, String scope) {
    }

    private final Coverage coverage;
    private final Interruptions interruptions;
    private final BackfillPlanner planner;
    private final GlobalMarkets markets;
    private final NamedParameterJdbcTemplate jdbc;
    private final Duration maxRange;
    private final Clock clock;

    public CoverageApi(Coverage coverage, Interruptions interruptions, BackfillPlanner planner, GlobalMarkets markets,
                       NamedParameterJdbcTemplate jdbc, CoverageProperties props, Clock clock) {
        this.coverage = coverage;
        this.interruptions = interruptions;
        this.planner = planner;
        this.markets = markets;
        this.jdbc = jdbc;
        this.maxRange = props.maxRange();
        this.clock = clock;
    }

    @GetMapping("/coverage/{market}/{symbol}")
    public ResponseEntity<?> coverage(@PathVariable String market, @PathVariable String symbol,
                                      @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to,
                                      @RequestParam(required = false) String date) {
        Optional<Market> m = markets.market(market);
        if (m.isEmpty()) {
            return MarketsApi.error(HttpStatus.NOT_FOUND, "no market '" + market + "' in the catalog");
        }
        if (!m.get().lists(symbol)) {
            return MarketsApi.error(HttpStatus.NOT_FOUND, "market " + market + " does not list symbol '" + symbol + "'");
        }
        Instant[] range = date != null && from == null && to == null ? day(date, m.get()) : range(from, to);
        if (range == null) {
            return badRange();
        }
        if (Duration.between(range[0], range[1]).compareTo(maxRange) > 0) {
            return MarketsApi.error(HttpStatus.UNPROCESSABLE_ENTITY, "a range of at most " + maxRange.toDays()
                    + " days (thor.coverage.max-range) per call");
        }
        try {
            return ResponseEntity.ok(coverage.of(m.get(), symbol, range[0], range[1]));
        } catch (OutsideValidityException e) {
            return MarketsApi.error(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        }
    }

    /** {@code GET /api/coverage/interruptions?from&to[&symbol]}: the interruptions overlapping the range. */
    @GetMapping("/coverage/interruptions")
    public ResponseEntity<?> interruptions(@RequestParam String from, @RequestParam String to,
                                           @RequestParam(required = false) String symbol) {
        Instant[] range = range(from, to);
        if (range == null) {
            return badRange();
        }
        return ResponseEntity.ok(interruptions.between(symbol, range[0], range[1]));
    }

    @PostMapping("/backfill")
    public ResponseEntity<?> backfill(@RequestBody BackfillAsk ask) {
        if (ask == null || ask.symbol() == null || ask.symbol().isBlank()) {
            return MarketsApi.error(HttpStatus.BAD_REQUEST, "a symbol is needed (the bar symbol, e.g. AAPL or ES)");
        }
        if (markets.catalog().listing(ask.symbol()).stream().noneMatch(Market::enabled)) {
            return MarketsApi.error(HttpStatus.NOT_FOUND, "no enabled market lists symbol '" + ask.symbol() + "'");
        }
        Instant[] range = range(ask.from(), ask.to());
        if (range == null) {
            return badRange();
        }
        String scope = ask.scope() == null ? BackfillPlanner.SCOPE_INTERRUPTED : ask.scope().toUpperCase();
        if (!scope.equals(BackfillPlanner.SCOPE_INTERRUPTED) && !scope.equals(BackfillPlanner.SCOPE_ALL)) {
            return MarketsApi.error(HttpStatus.BAD_REQUEST, "scope is INTERRUPTED (minutes inside an interruption, "
                    + "the default) or ALL (every open minute without a bar)");
        }
        Instant now = clock.instant();
        List<Long> id = jdbc.queryForList(SqlFiles.get("backfill-insert-request.sql"), new MapSqlParameterSource()
                .addValue("symbol", ask.symbol()).addValue("from", ts(range[0])).addValue("to", ts(range[1]))
                .addValue("scope", scope).addValue("interruption_id", null).addValue("requested_by", "operator")
                .addValue("at", ts(now)), Long.class);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(request(id.get(0)).orElseThrow());
    }

    @GetMapping("/backfill/{id}")
    public ResponseEntity<?> backfillRequest(@PathVariable long id) {
        return request(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> MarketsApi.error(HttpStatus.NOT_FOUND, "no backfill request #" + id));
    }

    /** Symbols whose history Schwab does not serve, with the reason and when it was found. */
    @GetMapping("/backfill/unsupported")
    public List<Map<String, Object>> unsupported() {
        return jdbc.queryForList(SqlFiles.get("backfill-unsupported.sql"), new MapSqlParameterSource());
    }

    private Optional<BackfillRequest> request(long id) {
        return jdbc.query(SqlFiles.get("backfill-request.sql"), new MapSqlParameterSource("id", id),
                (rs, i) -> BackfillRequest.of(rs)).stream().findFirst();
    }

    /** {@code [from, to)} widened to whole minutes, or null when unreadable or empty. */
    private static Instant[] range(String from, String to) {
        try {
            Instant f = Instant.parse(from);
            Instant t = Instant.parse(to);
            Instant ff = Instant.ofEpochSecond(Math.floorDiv(f.getEpochSecond(), 60) * 60);
            Instant tt = Instant.ofEpochSecond(-Math.floorDiv(-(t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0)), 60) * 60);
            return ff.isBefore(tt) ? new Instant[]{ff, tt} : null;
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }

    /** The market's local day {@code date} (yyyy-MM-dd), midnight to midnight in its time zone; null when unreadable. */
    private static Instant[] day(String date, Market m) {
        try {
            java.time.ZoneId zone = java.time.ZoneId.of(m.timezone());
            java.time.LocalDate d = java.time.LocalDate.parse(date);
            return new Instant[]{d.atStartOfDay(zone).toInstant(), d.plusDays(1).atStartOfDay(zone).toInstant()};
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static ResponseEntity<?> badRange() {
        return MarketsApi.error(HttpStatus.BAD_REQUEST, "from and to must be ISO-8601 UTC instants with from < to, "
                + "e.g. from=2026-03-09T14:30:00Z&to=2026-03-09T21:00:00Z; or date=2026-03-09 alone for the "
                + "market's local day");
    }

    private static java.time.OffsetDateTime ts(Instant t) {
        return java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC);
    }
}
