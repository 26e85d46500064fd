package routes.backfill;

import org.junit.jupiter.api.Test;
import routes.livedata.LiveDataProperties;
import routes.livedata.schwab.LevelOne;
import routes.livedata.schwab.Subscriptions;
import routes.support.TestProperties;

import java.time.Instant;
import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which minutes Schwab's 1-minute history can hold: an equity's 07:00-20:00 New York time in winter (EST, UTC-5),
 * in summer (EDT, UTC-4) and across the spring change; a future's every minute; the window configurable, empty for
 * the whole day.
 */
class HistoryHoursTest {

    static HistoryHours hours(String equityHours) {
        LiveDataProperties props = TestProperties.thor("thor.livedata.schwab.futures=/ES,NQ",
                "thor.livedata.schwab.backfill.equity-history-hours=" + equityHours).livedata();
        return new HistoryHours(props, new Subscriptions(props));
    }

    /** The servable minutes of {@code [from, to)} as "first..last" UTC runs. */
    static String runs(HistoryHours h, String symbol, String from, String to) {
        Instant f = Instant.parse(from);
        int count = (int) ((Instant.parse(to).getEpochSecond() - f.getEpochSecond()) / 60);
        BitSet b = h.servable(symbol, f, count);
        StringBuilder out = new StringBuilder();
        for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(b.nextClearBit(i))) {
            int end = b.nextClearBit(i) - 1;
            out.append(out.isEmpty() ? "" : " ").append(f.plusSeconds(60L * i).toString(), 11, 16).append("..")
                    .append(f.plusSeconds(60L * end).toString(), 11, 16);
        }
        return out.toString();
    }

    @Test
    void anEquitysMinutesAre07To20NewYorkTimeWinterAndSummer() {
        HistoryHours h = hours("07:00-20:00");
        // 2026-01-13, EST: 07:00-20:00 ET = 12:00-01:00 UTC
        assertThat(runs(h, "AAPL", "2026-01-13T10:00:00Z", "2026-01-14T03:00:00Z")).isEqualTo("12:00..00:59");
        // 2026-07-14, EDT: 11:00-00:00 UTC
        assertThat(runs(h, "AAPL", "2026-07-14T10:00:00Z", "2026-07-15T03:00:00Z")).isEqualTo("11:00..23:59");
        // across the spring change (2026-03-08): Saturday in EST, Monday in EDT; weekends are the calendar's business
        assertThat(runs(h, "AAPL", "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z"))
                .isEqualTo("00:00..00:59 12:00..00:59 11:00..23:59 11:00..23:59");
    }

    @Test
    void aFuturesMinutesAreAllAskedAndTheWindowIsConfigurable() {
        HistoryHours h = hours("07:00-20:00");
        assertThat(runs(h, "ES", "2026-01-13T00:00:00Z", "2026-01-13T06:00:00Z")).isEqualTo("00:00..05:59");
        assertThat(runs(h, "NQ", "2026-01-13T00:00:00Z", "2026-01-13T06:00:00Z")).isEqualTo("00:00..05:59");
        assertThat(h.schwabSymbol("ES")).isEqualTo("/ES");
        assertThat(h.schwabSymbol("AAPL")).isEqualTo("AAPL");
        assertThat(runs(hours(""), "AAPL", "2026-01-13T00:00:00Z", "2026-01-13T06:00:00Z")).isEqualTo("00:00..05:59");
        assertThat(runs(hours("04:00-24:00"), "AAPL", "2026-01-13T00:00:00Z", "2026-01-14T00:00:00Z"))
                .isEqualTo("00:00..04:59 09:00..23:59");
    }

    @Test
    void aFutureTheControlApiAddedIsAFutureAndStaysOneAfterItsRemoval() {
        LiveDataProperties props = TestProperties.thor("thor.livedata.schwab.futures=/ES").livedata();
        Subscriptions subscriptions = new Subscriptions(props);
        HistoryHours h = new HistoryHours(props, subscriptions);
        assertThat(h.isFuture("CL")).isFalse();
        assertThat(runs(h, "CL", "2026-01-13T00:00:00Z", "2026-01-13T02:00:00Z")).isEqualTo("00:00..00:59");

        subscriptions.add(LevelOne.FUTURES, java.util.List.of("cl"));
        assertThat(h.isFuture("CL")).isTrue();
        assertThat(h.schwabSymbol("CL")).isEqualTo("/CL");
        assertThat(runs(h, "CL", "2026-01-13T00:00:00Z", "2026-01-13T02:00:00Z")).isEqualTo("00:00..01:59");
        subscriptions.remove(LevelOne.FUTURES, java.util.List.of("/CL"));
        assertThat(h.isFuture("CL")).as("an interruption of yesterday is still of a future").isTrue();
        assertThat(h.isFuture("AAPL")).isFalse();
    }
}
