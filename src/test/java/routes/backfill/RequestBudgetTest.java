package routes.backfill;

import org.junit.jupiter.api.Test;
import routes.support.TestClock;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The market-data budget is a sliding minute: never more than n calls in any 60 seconds. */
class RequestBudgetTest {

    @Test
    void noMoreThanTheBudgetInAnySixtySeconds() {
        Instant t0 = Instant.parse("2026-03-10T14:00:00Z");
        TestClock clock = new TestClock(t0);
        RequestBudget budget = new RequestBudget(3, clock);
        assertThat(budget.take()).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(budget.take()).isEmpty();
        assertThat(budget.take()).isEmpty();
        assertThat(budget.take()).contains(t0.plusSeconds(60));       // the fourth waits for the first to age out
        clock.set(t0.plusSeconds(59));
        assertThat(budget.take()).contains(t0.plusSeconds(60));
        clock.set(t0.plusSeconds(60));
        assertThat(budget.take()).isEmpty();
        assertThat(budget.take()).contains(t0.plusSeconds(70));       // the next two were taken at +10 s
    }
}
