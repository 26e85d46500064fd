package routes.crosscheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import routes.coverage.OpenMinutes;
import routes.coverage.SqlFiles;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cross-check: each Schwab minute bar (CHART_EQUITY / CHART_FUTURES) is compared with our bar of that
 * minute once ours is final, in every enabled market that lists the symbol and was open then. Open, high, low,
 * close within {@code thor.crosscheck.price-tolerance-pct}, volume within the volume tolerance; a minute in
 * which Schwab has a bar with volume and we have none disagrees on "bar". Every verdict goes to
 * {@code bar_check} (the agreement rate), every disagreement to {@code bar_mismatch} and the metric
 * {@code thor_bar_mismatch_total{symbol}}. A disagreement is data for the operator: our bar is never changed.
 * Bars filled from Schwab's history are not compared (Schwab against Schwab).
 *
 * <p>Fed by the streamer: {@link #offer} takes parsed bars, or one CHART data item as JSON (route
 * {@code direct:chart-bars}); {@link #checkDue} runs on a timer.
 */
@Component("crossCheck")
public class CrossCheck {

    private static final Logger log = LoggerFactory.getLogger(CrossCheck.class);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final NamedParameterJdbcTemplate jdbc;
    private final GlobalMarkets markets;
    private final CrossCheckProperties props;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ObjectMapper json = new ObjectMapper();
    /** Bars waiting for their minute to settle, by symbol and minute: a resent bar replaces the earlier one. */
    private final TreeMap<String, ChartBar> pending = new TreeMap<>();
    private final Set<String> badReasons = ConcurrentHashMap.newKeySet();

    public CrossCheck(NamedParameterJdbcTemplate jdbc, GlobalMarkets markets, CrossCheckProperties props, Clock clock,
                      MeterRegistry meters) {
        this.jdbc = jdbc;
        this.markets = markets;
        this.props = props;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Takes chart bars for comparison: a {@code List<ChartBar>}, or a CHART data item (a JSON object with
     * {@code service} and {@code content}, as text or a JsonNode) read by {@link ChartBars}. Returns how many
     * bars were taken. Input that is not one is counted, logged once per kind and skipped: it never fails the
     * exchange (the Schwab stream sends here on its own thread).
     */
    public int offer(@Body Object body) {
        List<ChartBar> bars = new ArrayList<>();
        if (body instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof ChartBar b) {
                    bars.add(b);
                } else {
                    bad("not a chart bar: " + (o == null ? "null" : o.getClass().getSimpleName()), null);
                }
            }
        } else {
            JsonNode item;
            try {
                item = body instanceof JsonNode n ? n : json.readTree(String.valueOf(body));
            } catch (IOException e) {
                item = null;
            }
            if (item == null || !item.isObject()) {
                bad("not a CHART data item (JSON object with service and content)", null);
            } else {
                bars.addAll(ChartBars.read(item.path("service").asText(""), item.path("content"), this::bad));
            }
        }
        synchronized (pending) {
            for (ChartBar b : bars) {
                pending.put(key(b), b);
            }
            while (pending.size() > props.maxPending()) {
                pending.pollFirstEntry();
                Counter.builder("thor.crosscheck.dropped").description("Chart bars dropped unchecked: too many waiting")
                        .register(meters).increment();
            }
        }
        return bars.size();
    }

    /** Compares every waiting bar whose minute has settled; returns how many disagreed. */
    public int checkDue() {
        Instant settled = clock.instant().minus(props.settle());
        List<ChartBar> due = new ArrayList<>();
        synchronized (pending) {
            while (!pending.isEmpty() && !pending.firstEntry().getValue().minute().plusSeconds(60).isAfter(settled)) {
                due.add(pending.pollFirstEntry().getValue());
            }
        }
        int mismatches = 0;
        for (int i = 0; i < due.size(); i++) {
            try {
                mismatches += check(due.get(i));
            } catch (RuntimeException e) {
                // Postgres failed: this bar and the rest wait for the next run (a newer one of a minute wins);
                // the verdicts are upserts, so a bar checked twice is recorded once
                synchronized (pending) {
                    for (ChartBar b : due.subList(i, due.size())) {
                        pending.putIfAbsent(key(b), b);
                    }
                }
                throw e;
            }
        }
        return mismatches;
    }

    private static String key(ChartBar b) {
        return b.minute().toEpochMilli() + "|" + b.symbol();
    }

    private int check(ChartBar theirs) {
        Instant now = clock.instant();
        OffsetDateTime minute = OffsetDateTime.ofInstant(theirs.minute(), ZoneOffset.UTC);
        Map<String, Map<String, Object>> ours = new LinkedHashMap<>();
        for (Map<String, Object> r : jdbc.queryForList(SqlFiles.get("crosscheck-our-bars.sql"),
                new MapSqlParameterSource().addValue("symbol", theirs.symbol()).addValue("minute", minute))) {
            ours.put((String) r.get("market"), r);
        }
        int mismatches = 0;
        for (Market m : markets.catalog().listing(theirs.symbol())) {
            if (!m.enabled() || !OpenMinutes.of(m, theirs.minute(), theirs.minute().plusSeconds(60)).get(0)) {
                continue;
            }
            Map<String, Object> bar = ours.get(m.id());
            if (bar != null && "SCHWAB_HISTORY".equals(bar.get("origin"))) {
                continue;
            }
            List<String> fields = disagreements(bar, theirs);
            MapSqlParameterSource p = new MapSqlParameterSource().addValue("market", m.id())
                    .addValue("symbol", theirs.symbol()).addValue("minute", minute)
                    .addValue("agrees", fields.isEmpty()).addValue("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            jdbc.update(SqlFiles.get("crosscheck-record.sql"), p);
            if (fields.isEmpty()) {
                jdbc.update(SqlFiles.get("crosscheck-agreed.sql"), p);
                continue;
            }
            mismatches++;
            p.addValue("fields", String.join(",", fields)).addValue("ours", bar == null ? null : ohlcv(bar))
                    .addValue("theirs", ohlcv(theirs));
            Boolean inserted = jdbc.queryForObject(SqlFiles.get("crosscheck-mismatch.sql"), p, Boolean.class);
            if (Boolean.TRUE.equals(inserted)) {
                Counter.builder("thor.bar.mismatch").tag("symbol", theirs.symbol())
                        .description("Minutes whose bar disagrees with Schwab's streamed minute bar").register(meters)
                        .increment();
                log.info("Cross-check {} {} {}: {} disagree with Schwab (ours {}, Schwab's {})", m.id(), theirs.symbol(),
                        theirs.minute(), fields, bar == null ? "no bar" : ohlcv(bar), ohlcv(theirs));
            }
        }
        return mismatches;
    }

    /** The fields outside tolerance; "bar" when Schwab traded the minute and we have no bar. */
    List<String> disagreements(Map<String, Object> ours, ChartBar theirs) {
        List<String> out = new ArrayList<>();
        if (ours == null) {
            if (theirs.volume().signum() > 0) {
                out.add("bar");
            }
            return out;
        }
        price(out, "open", (BigDecimal) ours.get("open"), theirs.open());
        price(out, "high", (BigDecimal) ours.get("high"), theirs.high());
        price(out, "low", (BigDecimal) ours.get("low"), theirs.low());
        price(out, "close", (BigDecimal) ours.get("close"), theirs.close());
        BigDecimal volume = BigDecimal.valueOf(((Number) ours.get("volume")).longValue());
        BigDecimal allowed = theirs.volume().multiply(props.volumeTolerancePct()).divide(HUNDRED, MathContext.DECIMAL64)
                .max(BigDecimal.valueOf(props.volumeToleranceAbs()));
        if (volume.subtract(theirs.volume()).abs().compareTo(allowed) > 0) {
            out.add("volume");
        }
        return out;
    }

    private void price(List<String> out, String field, BigDecimal ours, BigDecimal theirs) {
        BigDecimal allowed = theirs.abs().multiply(props.priceTolerancePct()).divide(HUNDRED, MathContext.DECIMAL64);
        if (ours.subtract(theirs).abs().compareTo(allowed) > 0) {
            out.add(field);
        }
    }

    private static String ohlcv(Map<String, Object> bar) {
        return "{\"open\":" + plain(bar.get("open")) + ",\"high\":" + plain(bar.get("high")) + ",\"low\":"
                + plain(bar.get("low")) + ",\"close\":" + plain(bar.get("close")) + ",\"volume\":" + bar.get("volume") + "}";
    }

    private static String plain(Object v) {
        return v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
    }

    private static String ohlcv(ChartBar b) {
        return "{\"open\":" + b.open().toPlainString() + ",\"high\":" + b.high().toPlainString() + ",\"low\":"
                + b.low().toPlainString() + ",\"close\":" + b.close().toPlainString() + ",\"volume\":"
                + b.volume().toPlainString() + "}";
    }

    private void bad(String reason, JsonNode item) {
        Counter.builder("thor.crosscheck.bad").description("Chart bars that could not be read (skipped)")
                .register(meters).increment();
        if (badReasons.add(reason)) {
            log.warn("Cross-check: a chart bar skipped ({}): {} (further ones of this kind are only counted)", reason,
                    item == null ? "" : item.toString().substring(0, Math.min(200, item.toString().length())));
        }
    }
}
