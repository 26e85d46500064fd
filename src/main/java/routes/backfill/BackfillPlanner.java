package routes.backfill;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import routes.coverage.Interruption;
import routes.coverage.SqlFiles;
import routes.globalmarkets.GlobalMarkets;
import routes.globalmarkets.calendar.Market;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns each ended interruption into backfill requests, once: one per symbol it concerns (its own symbol,
 * or, for a whole source, every symbol of the enabled markets), over its minutes. Waits until the
 * interruption ended {@code settle} ago, so the engine has written every bar it will build from trades;
 * skips symbols already known as unsupported (reported once, not asked again).
 */
@Component("backfillPlanner")
public class BackfillPlanner {

    public static final String SCOPE_INTERRUPTED = "INTERRUPTED";
    public static final String SCOPE_ALL = "ALL";
    private static final Logger log = LoggerFactory.getLogger(BackfillPlanner.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final GlobalMarkets markets;
    private final BackfillProperties props;
    private final Clock clock;

    public BackfillPlanner(NamedParameterJdbcTemplate jdbc, GlobalMarkets markets, BackfillProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.markets = markets;
        this.props = props;
        this.clock = clock;
    }

    /** Plans every ended, unplanned interruption; returns how many requests were made. */
    public int plan() {
        Instant now = clock.instant();
        List<Interruption> ended = jdbc.query(SqlFiles.get("backfill-unplanned-interruptions.sql"),
                new MapSqlParameterSource().addValue("settled", ts(now.minus(props.settle())))
                        .addValue("oldest", ts(now.minus(props.maxAge()))),
                (rs, i) -> new Interruption(rs.getLong("id"), rs.getString("source"), rs.getString("symbol"),
                        rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("ended_at").toInstant(),
                        rs.getString("reason")));
        if (ended.isEmpty()) {
            return 0;
        }
        Set<String> unsupported = new HashSet<>(jdbc.queryForList(SqlFiles.get("backfill-unsupported.sql"),
                new MapSqlParameterSource()).stream().map(r -> (String) r.get("symbol")).toList());
        int made = 0;
        for (Interruption x : ended) {
            Instant from = floorMinute(x.startedAt());
            Instant to = ceilMinute(x.endedAt());
            if (!from.isBefore(to)) {
                to = from.plusSeconds(60);
            }
            for (String symbol : symbolsOf(x)) {
                if (unsupported.contains(symbol)) {
                    continue;
                }
                made += request(symbol, from, to, SCOPE_INTERRUPTED, x.id(), "interruption #" + x.id(), now);
            }
            jdbc.update(SqlFiles.get("backfill-mark-planned.sql"),
                    new MapSqlParameterSource().addValue("id", x.id()).addValue("at", ts(now)));
        }
        if (made > 0) {
            log.info("Backfill: {} requests planned for {} ended interruptions", made, ended.size());
        }
        return made;
    }

    /** A request for a symbol and range; returns 1 when it was added (0: the same one exists). */
    public int request(String symbol, Instant from, Instant to, String scope, Long interruptionId, String by, Instant now) {
        return jdbc.queryForList(SqlFiles.get("backfill-insert-request.sql"), new MapSqlParameterSource()
                .addValue("symbol", symbol).addValue("from", ts(from)).addValue("to", ts(to)).addValue("scope", scope)
                .addValue("interruption_id", interruptionId).addValue("requested_by", by).addValue("at", ts(now)),
                Long.class).size();
    }

    /** The interruption's own symbol, or every symbol of the enabled markets. */
    private List<String> symbolsOf(Interruption x) {
        if (x.symbol() != null) {
            return List.of(x.symbol());
        }
        Set<String> all = new LinkedHashSet<>();
        for (Market m : markets.markets()) {
            if (m.enabled()) {
                all.addAll(m.symbols());
            }
        }
        return new ArrayList<>(all);
    }

    static Instant floorMinute(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 60) * 60);
    }

    static Instant ceilMinute(Instant t) {
        Instant f = floorMinute(t);
        return f.equals(t) ? t : f.plusSeconds(60);
    }

    static OffsetDateTime ts(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
