package routes.coverage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * The record of when a source was not delivering ({@code feed_interruption}), what the coverage API and the
 * backfill read. The feeds call it at the moment they notice (narrow hooks):
 * <ul>
 *   <li>{@link #begin}: the source (or some symbols of it) stopped: the Schwab stream disconnected or is not
 *       logged in, the TOS export is missing, unreadable, or not changing while its market is open;</li>
 *   <li>{@link #end}: it delivers again;</li>
 *   <li>{@link #record}: a finished stretch found afterwards (the app down, from {@link Heartbeat}).</li>
 * </ul>
 * Every call is idempotent (begin twice keeps the first start, end twice changes nothing), so a feed may call
 * it on every failed attempt. Times come from the caller's injected clock. {@code symbols} null or empty
 * means the whole source. Source names: {@link #APP}, {@link #SCHWAB}, {@link #TOS}, {@link #DEMO}.
 * They never throw at the feed: a write Postgres refuses waits in memory, in order, and the heartbeat writes it
 * once Postgres is back.
 */
@Component("interruptions")
public class Interruptions implements routes.livedata.FeedInterruptions {

    public static final String APP = "APP";
    public static final String SCHWAB = "SCHWAB";
    public static final String TOS = "TOS";
    public static final String DEMO = "DEMO";

    private static final Logger log = LoggerFactory.getLogger(Interruptions.class);

    private static final int MAX_UNSAVED = 10_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final MeterRegistry meters;
    /** Writes Postgres refused, oldest first. */
    private final Deque<Runnable> unsaved = new ArrayDeque<>();
    private boolean warned;

    public Interruptions(NamedParameterJdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** The source (or these symbols of it) stopped delivering at {@code at}. */
    public void begin(String source, Collection<String> symbols, Instant at, String reason) {
        check(source);
        safely(() -> writeBegin(source, symbols, at, reason));
    }

    /** The source (or these symbols of it) delivers again from {@code at}. */
    public void end(String source, Collection<String> symbols, Instant at) {
        check(source);
        safely(() -> writeEnd(source, symbols, at));
    }

    /** A whole source stopped (the Schwab stream, the TOS export): {@link #begin} for all its symbols. */
    @Override
    public void stopped(String source, Instant at, String reason) {
        begin(source, null, at, reason);
    }

    /** A whole source delivers again: {@link #end} for all its symbols. */
    @Override
    public void resumed(String source, Instant at) {
        end(source, null, at);
    }

    /** A finished interruption {@code [from, to)} found after the fact. */
    public void record(String source, Collection<String> symbols, Instant from, Instant to, String reason) {
        check(source);
        safely(() -> writeRecord(source, symbols, from, to, reason));
    }

    /** Writes what Postgres refused earlier, oldest first; stops at the first that fails again. */
    public void retryUnsaved() {
        synchronized (unsaved) {
            Runnable w;
            while ((w = unsaved.peekFirst()) != null) {
                try {
                    w.run();
                } catch (DataAccessException e) {
                    return;
                }
                unsaved.pollFirst();
            }
            warned = false;
        }
    }

    /**
     * Writes now, or, while earlier writes wait (Postgres away), queues behind them without trying: a feed's
     * thread waits for Postgres at most once per outage; the heartbeat retries the queue.
     */
    private void safely(Runnable write) {
        synchronized (unsaved) {
            if (unsaved.isEmpty()) {
                try {
                    write.run();
                    return;
                } catch (DataAccessException e) {
                    if (!warned) {
                        warned = true;
                        log.warn("An interruption could not be written ({}); it is kept and written once Postgres "
                                + "takes it", e.getMostSpecificCause().getMessage());
                    }
                }
            }
            if (unsaved.size() >= MAX_UNSAVED) {
                unsaved.pollFirst();
                Counter.builder("thor.feed.interruptions.lost")
                        .description("Interruption writes dropped while Postgres was away too long").register(meters)
                        .increment();
            }
            unsaved.addLast(write);
        }
    }

    private void writeBegin(String source, Collection<String> symbols, Instant at, String reason) {
        int added = 0;
        for (String symbol : each(symbols)) {
            added += jdbc.update(SqlFiles.get("interruption-begin.sql"), params(source, symbol)
                    .addValue("at", ts(at)).addValue("reason", reason));
        }
        if (added > 0) {
            counter(source).increment(added);
            log.warn("Interruption of {} {} began at {}: {}", source, what(symbols), at, reason);
        }
    }

    private void writeEnd(String source, Collection<String> symbols, Instant at) {
        int ended = 0;
        for (String symbol : each(symbols)) {
            ended += jdbc.update(SqlFiles.get("interruption-end.sql"), params(source, symbol).addValue("at", ts(at)));
        }
        if (ended > 0) {
            log.info("Interruption of {} {} ended at {}", source, what(symbols), at);
        }
    }

    private void writeRecord(String source, Collection<String> symbols, Instant from, Instant to, String reason) {
        int added = 0;
        for (String symbol : each(symbols)) {
            added += jdbc.update(SqlFiles.get("interruption-record.sql"), params(source, symbol)
                    .addValue("from", ts(from)).addValue("to", ts(to)).addValue("reason", reason));
        }
        if (added > 0) {
            counter(source).increment(added);
            log.warn("Interruption of {} {} recorded: {} .. {}: {}", source, what(symbols), from, to, reason);
        }
    }

    /** Interruptions overlapping {@code [from, to)} that concern {@code symbol} (null: all), oldest first. */
    public List<Interruption> between(String symbol, Instant from, Instant to) {
        return jdbc.query(SqlFiles.get("interruptions-between.sql"), new MapSqlParameterSource()
                .addValue("symbol", symbol).addValue("from", ts(from)).addValue("to", ts(to)), (rs, i) ->
                new Interruption(rs.getLong("id"), rs.getString("source"), rs.getString("symbol"),
                        instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at")),
                        rs.getString("reason")));
    }

    private Counter counter(String source) {
        return Counter.builder("thor.feed.interruptions").tag("source", source)
                .description("Interruptions recorded (a source, or one symbol of it, not delivering)").register(meters);
    }

    private static List<String> each(Collection<String> symbols) {
        List<String> out = new ArrayList<>();
        if (symbols == null || symbols.isEmpty()) {
            out.add(null);
        } else {
            out.addAll(symbols);
        }
        return out;
    }

    private static void check(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("an interruption needs a source");
        }
    }

    private static MapSqlParameterSource params(String source, String symbol) {
        return new MapSqlParameterSource().addValue("source", source).addValue("symbol", symbol);
    }

    private static String what(Collection<String> symbols) {
        return symbols == null || symbols.isEmpty() ? "(all symbols)" : symbols.toString();
    }

    static OffsetDateTime ts(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
