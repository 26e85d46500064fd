package routes.support;

import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import routes.livedata.Tick;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feed for tests that run the app as real processes: random-walk trades stamped with the real time,
 * written straight onto the {@code ticks} stream as the sink writes a trade (CONTRACT §5: {@code last} and its
 * {@code size}) and remembered, so the bars in Postgres can be checked against bars computed from exactly the
 * trades that were sent.
 */
public final class LiveTape {

    private final StringRedisTemplate redis;
    private final Random random;
    private final List<ReferenceTrades.Trade> sent = new ArrayList<>();
    private ReferenceTrades.Trade pending;
    private final Map<String, BigDecimal> price = new HashMap<>(Map.of("ES", new BigDecimal("6000.00"),
            "NQ", new BigDecimal("21000.00")));
    private final Map<String, Long> cumulative = new HashMap<>(Map.of("ES", 10_000L, "NQ", 5_000L));

    public LiveTape(StringRedisTemplate redis, long seed) {
        this.redis = redis;
        this.random = new Random(seed);
    }

    /** Sends one trade now. */
    public void send() {
        if (pending == null) {
            String sym = random.nextBoolean() ? "ES" : "NQ";
            price.put(sym, price.get(sym).add(new BigDecimal("0.25").multiply(BigDecimal.valueOf(random.nextInt(5) - 2))));
            long size = 1 + random.nextInt(9);
            cumulative.put(sym, cumulative.get(sym) + size);
            // kept until Redis took it, so a failed send is retried as the same trade, not lost
            pending = new ReferenceTrades.Trade(sym, Instant.now(), price.get(sym), size);
        }
        Tick t = Tick.builder(pending.symbol(), pending.ts(), Tick.SOURCE_DEMO).last(pending.price())
                .volume(cumulative.get(pending.symbol())).build();
        Map<String, String> entry = new HashMap<>(t.toFields());
        entry.put("size", Long.toString(pending.size()));
        redis.opsForStream().add(StreamRecords.string(entry).withStreamKey("ticks"));
        sent.add(pending);
        pending = null;
    }

    /** Sends a trade unless Redis is away (then the trade never happened: the feed could not publish it). */
    public boolean trySend() {
        try {
            send();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Sends a trade every 40 ms for a while. */
    public void sendFor(Duration d) throws InterruptedException {
        Instant end = Instant.now().plus(d);
        while (Instant.now().isBefore(end)) {
            send();
            Thread.sleep(40);
        }
    }

    public int size() {
        return sent.size();
    }

    /** Waits until every bar of the tape is in Postgres, then checks each against the tape's own bars. */
    public void assertBarsInPostgres(JdbcTemplate jdbc, String market, AppProcess... alive) throws InterruptedException {
        Instant lastBucketEnd = Instant.ofEpochMilli(Math.floorDiv(sent.get(sent.size() - 1).ts().toEpochMilli(),
                60_000L) * 60_000L + 60_000L);
        Map<String, Map<String, Object>> expected = ReferenceBars.alwaysOpenTrades(market, sent);
        long deadline = System.nanoTime() + Duration.between(Instant.now(), lastBucketEnd).plusSeconds(40).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m WHERE market = ?", Integer.class, market)
                < expected.size()) {
            for (AppProcess app : alive) {
                assertThat(app.isAlive()).as("app alive, see %s", app.logFile()).isTrue();
            }
            assertThat(System.nanoTime()).as("all %s bars in Postgres in time", expected.size()).isLessThan(deadline);
            Thread.sleep(250);
        }
        compare(jdbc.queryForList("SELECT symbol, bucket_start, open, high, low, close, volume, tick_count "
                + "FROM intraday_bar_1m WHERE market = ?", market), market, expected);
    }

    /**
     * Every trade on the stream (whoever sent it: an entry with {@code last}, of its {@code size}) up to a minute
     * boundary, against the bars in Postgres for the minutes before it: for runs where another feed (the demo)
     * writes to the stream too and never stops.
     */
    public static void assertStreamBarsBefore(StringRedisTemplate redis, JdbcTemplate jdbc, String market,
                                              Instant boundary, AppProcess... alive) throws InterruptedException {
        assertStreamBarsBefore(redis, jdbc, market, t -> true, boundary, alive);
    }

    /** As above, for the stream's ticks that {@code listed} says the market lists. */
    public static void assertStreamBarsBefore(StringRedisTemplate redis, JdbcTemplate jdbc, String market,
                                              java.util.function.Predicate<Tick> listed, Instant boundary,
                                              AppProcess... alive) throws InterruptedException {
        List<ReferenceTrades.Trade> all = new ArrayList<>();
        for (var rec : redis.opsForStream().range("ticks", org.springframework.data.domain.Range.unbounded())) {
            Map<String, String> f = new HashMap<>();
            rec.getValue().forEach((k, v) -> f.put(String.valueOf(k), String.valueOf(v)));
            Tick t = Tick.fromFields(f);
            if (t.last() != null && t.ts().isBefore(boundary) && listed.test(t)) {
                all.add(new ReferenceTrades.Trade(t.symbol(), t.ts(), t.last(),
                        f.containsKey("size") ? Long.parseLong(f.get("size")) : 0));
            }
        }
        Map<String, Map<String, Object>> expected = ReferenceBars.alwaysOpenTrades(market, all);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m WHERE market = ? AND bucket_start < ?",
                Integer.class, market, java.sql.Timestamp.from(boundary)) < expected.size()) {
            for (AppProcess app : alive) {
                assertThat(app.isAlive()).as("app alive, see %s", app.logFile()).isTrue();
            }
            assertThat(System.nanoTime()).as("all %s bars in Postgres in time", expected.size()).isLessThan(deadline);
            Thread.sleep(250);
        }
        compare(jdbc.queryForList("SELECT symbol, bucket_start, open, high, low, close, volume, tick_count "
                + "FROM intraday_bar_1m WHERE market = ? AND bucket_start < ?", market,
                java.sql.Timestamp.from(boundary)), market, expected);
    }

    private static void compare(List<Map<String, Object>> rows, String market, Map<String, Map<String, Object>> expected) {
        Map<String, Map<String, Object>> got = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            got.put(market + " " + row.get("symbol") + " " + ((java.sql.Timestamp) row.get("bucket_start")).toInstant(), row);
        }
        assertThat(got.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((k, want) -> {
            Map<String, Object> row = got.get(k);
            for (String f : List.of("open", "high", "low", "close")) {
                assertThat((BigDecimal) row.get(f)).as(k + " " + f).isEqualByComparingTo((BigDecimal) want.get(f));
            }
            assertThat(((Number) row.get("volume")).longValue()).as(k + " volume").isEqualTo(want.get("volume"));
            assertThat(((Number) row.get("tick_count")).intValue()).as(k + " ticks").isEqualTo(want.get("ticks"));
        });
    }

    /** Waits until the engine's consumer group exists on the stream (an engine is up and leading). */
    public static void awaitEngine(StringRedisTemplate redis, AppProcess... apps) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                if (redis.opsForStream().groups("ticks").size() > 0) {
                    return;
                }
            } catch (RuntimeException e) {
                // no stream yet
            }
            for (AppProcess app : apps) {
                assertThat(app.isAlive()).as("app alive, see %s", app.logFile()).isTrue();
            }
            assertThat(System.nanoTime()).as("engine up in time").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
