package routes.engine.figures;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The figure arithmetic on rows shaped as the SQL returns them. */
class FiguresMathTest {

    @Test
    void sessionFiguresFromTheAggregateRow() {
        Map<String, Object> row = new HashMap<>();
        row.put("symbol", "ES");
        row.put("open", new BigDecimal("100.00"));
        row.put("high", new BigDecimal("104.50"));
        row.put("high_at", Timestamp.from(Instant.parse("2026-03-09T14:31:05Z")));
        row.put("low", new BigDecimal("99.25"));
        row.put("low_at", Timestamp.from(Instant.parse("2026-03-09T14:30:40Z")));
        row.put("close", new BigDecimal("103.00"));
        row.put("volume", 30L);
        row.put("price_volume", new BigDecimal("3010.00"));   // 10 @ 100 + 20 @ 100.5
        row.put("vwap_volume", 30L);
        row.put("tick_count", 7L);
        row.put("last_bucket", Timestamp.from(Instant.parse("2026-03-09T14:39:00Z")));
        row.put("prev_close", new BigDecimal("98.00"));
        SessionFigures f = SessionFigures.of(row);

        assertThat(f.vwap()).isEqualByComparingTo("100.33333333333333333");
        assertThat(f.change()).isEqualByComparingTo("5.00");
        assertThat(f.changePct()).isEqualByComparingTo("5.1020408163265306122");
        assertThat(f.range()).isEqualByComparingTo("5.25");
        assertThat(f.through()).isEqualTo(Instant.parse("2026-03-09T14:40:00Z"));
        Map<String, String> state = f.state("2026-03-09", Instant.parse("2026-03-09T14:30:00Z"),
                Instant.parse("2026-03-09T14:40:00Z"));
        assertThat(state).containsEntry("last", "103.00").containsEntry("high_at", "2026-03-09T14:31:05Z")
                .containsEntry("ticks", "7").containsEntry("prev_close", "98.00").containsEntry("through", "2026-03-09T14:40:00Z");
    }

    @Test
    void withoutVolumeOrPreviousCloseThoseFiguresAreAbsent() {
        Map<String, Object> row = new HashMap<>(Map.of("symbol", "NQ", "open", new BigDecimal("5"), "high",
                new BigDecimal("6"), "low", new BigDecimal("4"), "close", new BigDecimal("5.5"), "volume", 0L,
                "price_volume", BigDecimal.ZERO, "vwap_volume", 0L, "tick_count", 3L));
        SessionFigures f = SessionFigures.of(row);
        assertThat(f.vwap()).isNull();
        assertThat(f.change()).isNull();
        assertThat(f.changePct()).isNull();
        assertThat(f.state("2026-03-09", Instant.EPOCH, Instant.EPOCH)).doesNotContainKeys("vwap", "prev_close",
                "change", "change_pct");
    }

    @Test
    void rollingChangeIsAgainstTheWindowsOpen() {
        Rolling24hFigures f = Rolling24hFigures.of(Map.of("symbol", "ES", "open", new BigDecimal("200"), "high",
                new BigDecimal("210"), "low", new BigDecimal("190"), "close", new BigDecimal("195"), "volume", 12L));
        assertThat(f.change()).isEqualByComparingTo("-5");
        assertThat(f.changePct()).isEqualByComparingTo("-2.5");
        assertThat(f.row("X", Instant.EPOCH)).containsEntry("volume", 12L);
    }

    @Test
    void minutesRoundTheWayBarsAreBucketed() {
        assertThat(Figures.ceilMinute(Instant.parse("2026-03-09T14:34:30Z"))).isEqualTo(Instant.parse("2026-03-09T14:35:00Z"));
        assertThat(Figures.ceilMinute(Instant.parse("2026-03-09T14:35:00Z"))).isEqualTo(Instant.parse("2026-03-09T14:35:00Z"));
        assertThat(Figures.floorMinute(Instant.parse("2026-03-09T14:32:30Z"))).isEqualTo(Instant.parse("2026-03-09T14:32:00Z"));
    }
}
