package routes.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import routes.coverage.SqlFiles;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cross-check with Schwab's streamed minute bars: {@code GET /api/crosscheck/{market}/{symbol}?from=YYYY-MM-DD&to=YYYY-MM-DD}
 * answers, per local trading day of the market, the minutes compared, the minutes that agreed and the agreement
 * rate, and lists the disagreements (operator login, under /api).
 */
@RestController
@RequestMapping("/api/crosscheck")
public class CrossCheckApi {

    private static final int MAX_DAYS = 92;
    private static final int MAX_MISMATCHES = 5_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final GlobalMarkets markets;
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    public CrossCheckApi(NamedParameterJdbcTemplate jdbc, GlobalMarkets markets) {
        this.jdbc = jdbc;
        this.markets = markets;
    }

    @GetMapping("/{market}/{symbol}")
    public ResponseEntity<?> agreement(@PathVariable String market, @PathVariable String symbol,
                                       @RequestParam String from, @RequestParam String to)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        Optional<Market> m = markets.market(market);
        if (m.isEmpty()) {
            return MarketsApi.error(HttpStatus.NOT_FOUND, "no market '" + market + "' in the catalog");
        }
        LocalDate f;
        LocalDate t;
        try {
            f = LocalDate.parse(from);
            t = LocalDate.parse(to);
        } catch (DateTimeParseException e) {
            return MarketsApi.error(HttpStatus.BAD_REQUEST, "from and to are local dates of the market, e.g. 2026-03-09");
        }
        if (t.isBefore(f) || f.plusDays(MAX_DAYS).isBefore(t)) {
            return MarketsApi.error(HttpStatus.BAD_REQUEST, "from <= to, at most " + MAX_DAYS + " days");
        }
        var zone = m.get().calendar().zone();
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("market", market).addValue("symbol", symbol)
                .addValue("zone", zone.getId())
                .addValue("from", f.atStartOfDay(zone).toOffsetDateTime())
                .addValue("to", t.plusDays(1).atStartOfDay(zone).toOffsetDateTime())
                .addValue("limit", MAX_MISMATCHES);
        List<Map<String, Object>> days = new ArrayList<>();
        for (Map<String, Object> r : jdbc.queryForList(SqlFiles.get("crosscheck-agreement.sql"), p)) {
            long checked = ((Number) r.get("checked")).longValue();
            long agreed = ((Number) r.get("agreed")).longValue();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("day", r.get("day").toString());
            d.put("checked", checked);
            d.put("agreed", agreed);
            d.put("agreementRate", BigDecimal.valueOf(agreed).divide(BigDecimal.valueOf(checked), 4, RoundingMode.HALF_EVEN));
            days.add(d);
        }
        List<Map<String, Object>> mismatches = new ArrayList<>();
        for (Map<String, Object> r : jdbc.queryForList(SqlFiles.get("crosscheck-mismatches.sql"), p)) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("bucketStart", ((java.sql.Timestamp) r.get("bucket_start")).toInstant().toString());
            x.put("fields", List.of(((String) r.get("fields")).split(",")));
            x.put("ours", r.get("ours") == null ? null : json.readTree((String) r.get("ours")));
            x.put("theirs", json.readTree((String) r.get("theirs")));
            x.put("foundAt", ((java.sql.Timestamp) r.get("found_at")).toInstant().toString());
            mismatches.add(x);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("market", market);
        out.put("symbol", symbol);
        out.put("days", days);
        out.put("mismatches", mismatches);
        return ResponseEntity.ok(out);
    }
}
