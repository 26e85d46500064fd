package routes.livedata.tos;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotDifferTest {

    private final SnapshotDiffer differ = new SnapshotDiffer();

    static TosQuote es(String last, String bid, Long volume) {
        return new TosQuote("ES", last == null ? null : new BigDecimal(last), bid == null ? null : new BigDecimal(bid),
                null, null, null, volume, null, null, null, null, null);
    }

    @Test
    void everyRowIsNewTheFirstTimeThenOnlyChangedRows() {
        TosQuote es = es("6012.25", "6012", 100L);
        TosQuote nq = new TosQuote("NQ", new BigDecimal("21000"), null, null, null, null, null, null, null, null, null, null);
        assertThat(differ.changes(List.of(es, nq))).containsExactly(es, nq);
        differ.commit(List.of(es, nq));

        TosQuote es2 = es("6012.5", "6012", 101L);
        assertThat(differ.changes(List.of(es2, nq))).containsExactly(es2);
    }

    @Test
    void nothingIsRememberedUntilCommitted() {
        TosQuote es = es("6012.25", null, null);
        assertThat(differ.changes(List.of(es))).containsExactly(es);
        assertThat(differ.changes(List.of(es))).as("not committed: still news").containsExactly(es);
        differ.commit(List.of(es));
        assertThat(differ.changes(List.of(es))).isEmpty();
    }

    @Test
    void aFieldGoneUnknownIsNotNewsButItsReturnWithAnotherValueIs() {
        differ.commit(List.of(es("6012.25", "6012", 100L)));
        assertThat(differ.changes(List.of(es(null, "6012", 100L)))).as("last went N/A").isEmpty();
        assertThat(differ.changes(List.of(es("6012.25", null, null)))).as("back, same value").isEmpty();
        TosQuote moved = es("6012.5", null, null);
        assertThat(differ.changes(List.of(moved))).containsExactly(moved);
    }

    @Test
    void aSymbolThatLeavesAndReturnsUnchangedPublishesNothing() {
        TosQuote es = es("6012.25", "6012", 100L);
        differ.commit(List.of(es));
        assertThat(differ.changes(List.of())).isEmpty();
        assertThat(differ.changes(List.of(es))).isEmpty();
    }
}
