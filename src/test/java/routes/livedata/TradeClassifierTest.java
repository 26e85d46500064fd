package routes.livedata;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CONTRACT §5's rules of a trade, one case each, on the classifier alone. */
class TradeClassifierTest {

    private static final Instant T0 = Instant.parse("2026-03-09T14:30:00Z");
    private final TradeClassifier c = new TradeClassifier();

    private static Tick tick(String sym, int sec, String last, Long volume, String bid) {
        return Tick.builder(sym, T0.plusSeconds(sec), "TOS").last(last == null ? null : new BigDecimal(last))
                .volume(volume).bid(bid == null ? null : new BigDecimal(bid)).build();
    }

    private TradeClassifier.Verdict judge(Tick t) {
        TradeClassifier.Batch b = c.batch(t.source());
        TradeClassifier.Verdict v = b.classify(t);
        b.commit();
        return v;
    }

    @Test
    void theFirstUpdateIsABaselineThenAVolumeRiseIsATradeOfThatSize() {
        assertThat(judge(tick("ES", 0, "6000", 100L, "5999.75")).trade()).isFalse();
        TradeClassifier.Verdict v = judge(tick("ES", 1, "6000.25", 103L, "6000"));
        assertThat(v.trade()).isTrue();
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.price()).isEqualByComparingTo("6000.25");
    }

    @Test
    void aBidChangeKeepingTheOldLastIsAQuoteAndASamePriceTradeIsATrade() {
        judge(tick("ES", 0, "6000", 100L, "5999.75"));
        assertThat(judge(tick("ES", 1, "6000", 100L, "5999.50")).trade()).as("bid only").isFalse();
        TradeClassifier.Verdict same = judge(tick("ES", 2, "6000", 104L, "5999.50"));
        assertThat(same.trade()).as("only Volume moved").isTrue();
        assertThat(same.size()).isEqualTo(4);
        assertThat(judge(tick("ES", 3, "6000", 104L, "5999.50")).trade()).as("the same trade reported again").isFalse();
    }

    @Test
    void aLastThatMovesWithoutVolumeIsNotATradeOfAVolumeInstrument() {
        judge(tick("ES", 0, "6000", 100L, null));
        assertThat(judge(tick("ES", 1, "6001", 100L, null)).trade()).isFalse();
        // the volume that follows prices the trade at the newest last
        TradeClassifier.Verdict v = judge(tick("ES", 2, null, 101L, null));
        assertThat(v.trade()).isTrue();
        assertThat(v.price()).isEqualByComparingTo("6001");
    }

    @Test
    void anUpdateWithoutItsVolumeIsAQuoteWhoseLastPricesTheNextTrade() {
        judge(tick("ES", 0, "6000", 100L, null));
        // the volume cell N/A (or a quote resent without it): no trade, but the last is the newest price
        assertThat(judge(tick("ES", 1, "6002", null, "6001.75")).trade()).isFalse();
        TradeClassifier.Verdict v = judge(tick("ES", 2, null, 102L, null));
        assertThat(v.trade()).isTrue();
        assertThat(v.size()).isEqualTo(2);
        assertThat(v.price()).isEqualByComparingTo("6002");
        // an older update without volume changes nothing
        judge(tick("ES", 1, "5990", null, null));
        assertThat(judge(tick("ES", 3, null, 103L, null)).price()).isEqualByComparingTo("6002");
    }

    @Test
    void aResetFromANotOlderUpdateCountsTheNewValueAndAnOlderDropIsStale() {
        judge(tick("ES", 0, "6000", 5_000L, null));
        assertThat(judge(tick("ES", -5, "5990", 4_000L, null)).trade()).as("older, lower: stale").isFalse();
        TradeClassifier.Verdict reset = judge(tick("ES", 10, "6010", 7L, null));
        assertThat(reset.trade()).isTrue();
        assertThat(reset.size()).isEqualTo(7);
        assertThat(judge(tick("ES", 11, "6010", 0L, null)).trade()).as("reset to zero: nothing traded").isFalse();
    }

    @Test
    void anIndexTradesWhenItsLastOrTradeTimeMoves() {
        Tick first = Tick.builder("$SPX", T0, "SCHWAB").last(new BigDecimal("5800.10")).build();
        assertThat(judge(first).trade()).isFalse();
        TradeClassifier.Verdict moved = judge(Tick.builder("$SPX", T0.plusSeconds(1), "SCHWAB")
                .last(new BigDecimal("5800.30")).build());
        assertThat(moved.trade()).isTrue();
        assertThat(moved.size()).isNull();
        assertThat(judge(Tick.builder("$SPX", T0.plusSeconds(2), "SCHWAB").last(new BigDecimal("5800.30")).build())
                .trade()).as("same last again").isFalse();
        assertThat(judge(Tick.builder("$SPX", T0.plusSeconds(3), "SCHWAB").last(new BigDecimal("5800.30"))
                .tradeTime(T0.plusSeconds(3)).build()).trade()).as("a new trade time at the same price").isTrue();
        assertThat(judge(Tick.builder("$SPX", T0.plusSeconds(1), "SCHWAB").last(new BigDecimal("5799")).build())
                .trade()).as("older than what is known").isFalse();
    }

    @Test
    void afterABaselineTheResentQuoteIsNoTradeAndTheVolumeMissedIsInterrupted() {
        judge(tick("ES", 0, "6000", 100L, null));
        judge(tick("NQ", 0, "21000", 50L, null));
        c.baseline("TOS", List.of("ES"));
        TradeClassifier.Verdict back = judge(tick("ES", 60, "6005", 180L, null));
        assertThat(back.trade()).isFalse();
        assertThat(back.baseline()).isTrue();
        assertThat(back.interrupted()).isEqualTo(80);
        assertThat(judge(tick("ES", 61, "6005", 181L, null)).size()).isEqualTo(1);
        assertThat(judge(tick("NQ", 61, "21000", 52L, null)).size()).as("NQ was not interrupted").isEqualTo(2);
        c.baseline("TOS");
        assertThat(judge(tick("NQ", 62, "21000", 52L, null)).interrupted()).isZero();
        assertThat(judge(tick("NQ", 63, "21000", 53L, null)).trade()).isTrue();
    }

    @Test
    void sourcesAreJudgedApart() {
        judge(tick("ES", 0, "6000", 100L, null));
        Tick schwab = Tick.builder("ES", T0.plusSeconds(1), "SCHWAB").last(new BigDecimal("6000")).volume(200L).build();
        assertThat(judge(schwab).baseline()).isTrue();
    }

    @Test
    void aBatchNotCommittedLeavesNothingBehind() {
        judge(tick("ES", 0, "6000", 100L, null));
        TradeClassifier.Batch failed = c.batch("TOS");
        assertThat(failed.classify(tick("ES", 1, "6000", 102L, null)).size()).isEqualTo(2);
        // never committed (Redis did not take it): the same update sent again is the same trade
        assertThat(judge(tick("ES", 1, "6000", 102L, null)).size()).isEqualTo(2);
    }

    @Test
    void aSeededVolumeReportsWhatTradedWhileTheAppWasDown() {
        c.seed("TOS", "ES", 1_000, T0.toEpochMilli());
        TradeClassifier.Verdict v = judge(tick("ES", 600, "6000", 1_250L, null));
        assertThat(v.trade()).isFalse();
        assertThat(v.interrupted()).isEqualTo(250);
    }
}
