package routes.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import routes.coverage.SqlFiles;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stored 1-minute bars (CONTRACT §7). */
@RestController
@RequestMapping("/api/bars")
public class BarsApi {

    private static final int MAX_ROWS = 50_000;
    private final JdbcTemplate jdbc;

    public BarsApi(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/{market}/{symbol}")
    public ResponseEntity<?> bars(@PathVariable String market, @PathVariable String symbol,
                                  @RequestParam String from, @RequestParam String to) {
        Instant f;
        Instant t;
        try {
            f = Instant.parse(from);
            t = Instant.parse(to);
        } catch (DateTimeParseException e) {
            return MarketsApi.error(HttpStatus.BAD_REQUEST, "from and to must be ISO-8601 UTC instants, e.g. 2026-03-09T14:30:00Z");
        }
        List<Map<String, Object>> rows = jdbc.query(SqlFiles.get("bars-between.sql"), (rs, i) -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("bucketStart", rs.getObject("bucket_start", OffsetDateTime.class).toInstant().toString());
            j.put("open", rs.getBigDecimal("open"));
            j.put("high", rs.getBigDecimal("high"));
            j.put("low", rs.getBigDecimal("low"));
            j.put("close", rs.getBigDecimal("close"));
            j.put("volume", rs.getLong("volume"));
            j.put("tickCount", rs.getInt("tick_count"));
            j.put("vwap", rs.getBigDecimal("vwap"));
            j.put("revision", rs.getInt("revision"));
            j.put("origin", rs.getString("origin"));
            return j;
        }, market, symbol, OffsetDateTime.ofInstant(f, ZoneOffset.UTC), OffsetDateTime.ofInstant(t, ZoneOffset.UTC), MAX_ROWS);
        return ResponseEntity.ok(rows);
    }
}
