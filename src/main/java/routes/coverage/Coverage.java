package routes.coverage;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import routes.backfill.BackfillRequest;
import routes.backfill.HistoryHours;
import routes.globalmarkets.calendar.Market;

import java.time.Clock;
import java.time.Instant;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which minutes of a market and symbol were covered: per minute a {@link MinuteState}, from the stored bars
 * (and their origin), the market's calendar, the interruptions that concern the symbol and the backfills
 * that finished. A minute without a bar and without an interruption is a minute without trades. An interrupted
 * minute without a bar outside the hours Schwab's 1-minute history is known to hold ({@link HistoryHours}) is
 * NOT_IN_HISTORY at once, before and without any backfill.
 */
@Component
public class Coverage {

    /** Consecutive minutes in one state: {@code [from, to)}. */
    public record Run(Instant from, Instant to, MinuteState state, long minutes) {
    }

    public record Report(String market, String symbol, Instant from, Instant to, Map<MinuteState, Long> minutes,
                         List<Run> runs, List<Interruption> interruptions, List<BackfillRequest> backfills) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Interruptions interruptions;
    private final Clock clock;
    private final HistoryHours hours;

    public Coverage(NamedParameterJdbcTemplate jdbc, Interruptions interruptions, Clock clock, HistoryHours hours) {
        this.jdbc = jdbc;
        this.interruptions = interruptions;
        this.clock = clock;
        this.hours = hours;
    }

    /** {@code from} and {@code to} are whole minutes (the caller floors and ceils them). */
    public Report of(Market market, String symbol, Instant from, Instant to) {
        Instant now = clock.instant();
        int count = (int) ((to.getEpochSecond() - from.getEpochSecond()) / 60);
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("market", market.id())
                .addValue("symbol", symbol).addValue("from", Interruptions.ts(from)).addValue("to", Interruptions.ts(to));
        Map<Integer, String> origins = new HashMap<>();
        jdbc.query(SqlFiles.get("coverage-bars.sql"), p, rs -> {
            origins.put(index(from, rs.getTimestamp("bucket_start").toInstant()), rs.getString("origin"));
        });
        List<Interruption> touching = interruptions.between(symbol, from, to);
        List<BackfillRequest> backfills = jdbc.query(SqlFiles.get("backfill-requests-between.sql"), p,
                (rs, i) -> BackfillRequest.of(rs));
        BitSet open = OpenMinutes.of(market, from, to);
        BitSet interrupted = minutes(from, count, touching, now);
        BitSet consulted = hours.servable(symbol, from, count);
        consulted.flip(0, count); // outside Schwab's history hours: as good as asked, and not there
        for (BackfillRequest b : backfills) {
            if (BackfillRequest.DONE.equals(b.state())) {
                set(consulted, from, count, b.from(), b.to());
            }
        }

        Map<MinuteState, Long> totals = new EnumMap<>(MinuteState.class);
        for (MinuteState s : MinuteState.values()) {
            totals.put(s, 0L);
        }
        List<Run> runs = new java.util.ArrayList<>();
        MinuteState runState = null;
        int runStart = 0;
        for (int i = 0; i <= count; i++) {
            MinuteState s = i == count ? null
                    : state(origins.get(i), open.get(i), interrupted.get(i), consulted.get(i));
            if (s != null) {
                totals.merge(s, 1L, Long::sum);
            }
            if (s != runState) {
                if (runState != null) {
                    runs.add(new Run(from.plusSeconds(60L * runStart), from.plusSeconds(60L * i), runState, i - runStart));
                }
                runState = s;
                runStart = i;
            }
        }
        return new Report(market.id(), symbol, from, to, totals, runs, touching, backfills);
    }

    static MinuteState state(String origin, boolean open, boolean interrupted, boolean consulted) {
        if ("SCHWAB_HISTORY".equals(origin)) {
            return MinuteState.FILLED;
        }
        if (origin != null) {
            return interrupted ? MinuteState.PARTIAL : MinuteState.TRADES;
        }
        if (!open) {
            return MinuteState.CLOSED;
        }
        if (!interrupted) {
            return MinuteState.NO_TRADES;
        }
        return consulted ? MinuteState.NOT_IN_HISTORY : MinuteState.MISSED; // consulted: asked, or sure to be absent
    }

    /** The minutes of {@code [from, from + count min)} that any of the interruptions touches. */
    public static BitSet minutes(Instant from, int count, List<Interruption> list, Instant now) {
        BitSet out = new BitSet();
        for (Interruption x : list) {
            set(out, from, count, x.startedAt(), x.endedAt() == null ? now : x.endedAt());
        }
        return out;
    }

    /** Marks every minute that {@code [a, b)} overlaps. */
    private static void set(BitSet bits, Instant from, int count, Instant a, Instant b) {
        if (!a.isBefore(b)) {
            return;
        }
        long first = Math.max(0, Math.floorDiv(a.getEpochSecond() - from.getEpochSecond(), 60));
        long end = Math.min(count, -Math.floorDiv(-(b.getEpochSecond() - from.getEpochSecond() + (b.getNano() > 0 ? 1 : 0)), 60));
        if (first < end) {
            bits.set((int) first, (int) end);
        }
    }

    private static int index(Instant from, Instant minute) {
        return (int) ((minute.getEpochSecond() - from.getEpochSecond()) / 60);
    }
}
