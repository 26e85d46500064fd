package routes.livedata.tos;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import routes.support.RealServices;
import routes.support.TestClock;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.livedata.tos.ExcelLikeFiles.saveLikeExcel;
import static routes.livedata.tos.ExcelLikeFiles.writeInPlace;
import static routes.livedata.tos.RedisTicks.await;
import static routes.livedata.tos.RedisTicks.awaitReadsAndQuiet;
import static routes.livedata.tos.RedisTicks.count;
import static routes.livedata.tos.RedisTicks.stream;

/**
 * The thinkorswim export as a real RTD sheet saves it, through the poller, the sink, the engine and Postgres,
 * into {@code intraday_bar_1m}: saves that only move Bid or Ask (keeping the old Last), same-price trades where
 * only Volume moves, a re-read of an unchanged file, an index ($SPX) without volume, a minute of quotes only,
 * and the file gone for a while during which Volume grows. The test scripts the market as a list of trades
 * and quote changes; the sheet is rendered from that, and the expected bars are computed here from the
 * scripted trades alone, minute by minute (CONTRACT §5, §6).
 */
abstract class TosTradesScenario {

    static final Instant T0 = Instant.parse("2026-03-09T14:30:00Z");
    static final String[] HEADER = {"Symbol", "Close", "Open", "NetChange", "24High", "24Low", "52WkHigh", "52WkLow",
            "Volume", "Bid", "Last", "Ask", "BidSize", "AskSize"};

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(T0.minusSeconds(30));
        }
    }

    @Autowired StringRedisTemplate redis;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired TestClock clock;
    @Autowired CamelContext camel;

    /** One trade of the scripted market, as the sheet shows it at a save: {@code size} 0 for the index. */
    record Trade(String symbol, Instant at, BigDecimal price, long size) { }

    /** The sheet's rows, by thinkorswim symbol, in sheet order. */
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<Trade> trades = new ArrayList<>();
    private final List<Trade> unsaved = new ArrayList<>();

    abstract Path file();

    abstract byte[] render(List<String[]> sheet);

    private static final class Row {
        final String tosSymbol;
        String volume;
        String bid;
        String last;
        String ask;

        Row(String tosSymbol, String volume, String bid, String last, String ask) {
            this.tosSymbol = tosSymbol;
            this.volume = volume;
            this.bid = bid;
            this.last = last;
            this.ask = ask;
        }

        String[] cells() {
            return new String[]{tosSymbol, "5990.5", "5995", "+10", "6050", "5980", "6200", "4800", volume, bid, last,
                    ask, "12", "15"};
        }
    }

    @Test
    void barsFromTheSheetsTradesEqualTheScriptedTradesMinuteByMinute() throws Exception {
        for (String id : List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush")) {
            camel.getRouteController().stopRoute(id);
        }
        RealServices.wipeRedis(redis);
        RealServices.wipeTables(jdbc);
        for (String id : List.of("engine-tick-batches", "engine-bar-close", "engine-bar-flush")) {
            camel.getRouteController().startRoute(id);
        }

        rows.put("/ES:XCME", new Row("/ES:XCME", "1,000", "5999.75", "6000", "6000.25"));
        rows.put("/NQ:XCME", new Row("/NQ:XCME", "500", "20999.5", "21000", "21000.5"));
        rows.put("$SPX", new Row("$SPX", "N/A", "N/A", "5800.10", "N/A"));
        save(1);                                     // the first read: a baseline of every row, no trade
        assertThat(stream(redis)).hasSize(3).allSatisfy(e -> assertThat(e).doesNotContainKey("last"));

        rows.get("/ES:XCME").bid = "6000";           // Bid moves, Last stays the old trade's
        save(10);
        Map<String, String> bidOnly = stream(redis).get(3);
        assertThat(bidOnly).containsEntry("symbol", "ES").containsEntry("bid", "6000").doesNotContainKey("last");
        assertThat(redis.<String, String>opsForHash().entries("tick:ES")).containsEntry("last", "6000")
                .containsEntry("bid", "6000");       // the merged quote keeps the last trade's price

        trade("/ES:XCME", "6000.25", 3);             // a trade at a new price
        save(20);
        trade("/ES:XCME", "6000.25", 2);             // at the same price: only Volume moves
        indexTrade("$SPX", "5800.40");
        save(30);
        resave(40);                                  // the same sheet read again: nothing new

        rows.get("/ES:XCME").ask = "6000.5";         // 14:31: quotes only, no bar
        rows.get("/NQ:XCME").bid = "20999.75";
        save(70);
        rows.get("/ES:XCME").bid = "6000.25";
        save(85);

        trade("/ES:XCME", "5999.75", 5);             // 14:32
        trade("/NQ:XCME", "21001", 7);
        save(125);

        // The file goes away for a while; the market trades on unseen.
        double interruptedBefore = count(meters, "thor.ticks.interrupted.volume", "source", "TOS");
        double polls = count(meters, "thor.tos.polls");
        Files.delete(file());
        await("the poller finds no file on several polls", () -> count(meters, "thor.tos.polls")
                >= polls + TosExportPoller.INTERRUPTED_POLLS + 1);
        rows.get("/ES:XCME").volume = "1,100";       // +90 while away
        rows.get("/ES:XCME").last = "6002";
        rows.get("$SPX").last = "5801";
        save(190);                                   // 14:33: back, a baseline: the 90 are no trade of 14:33
        assertThat(count(meters, "thor.ticks.interrupted.volume", "source", "TOS")).isEqualTo(interruptedBefore + 90);
        trade("/ES:XCME", "6002.25", 4);
        indexTrade("$SPX", "5801.5");
        save(200);

        clock.set(T0.plusSeconds(300));              // every minute's grace has passed
        Map<String, Map<String, Object>> expected = expectedBars();
        assertThat(expected).hasSize(6);             // ES, SPX in 14:30; ES, NQ in 14:32; ES, SPX in 14:33
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM intraday_bar_1m WHERE market = 'TOSX'", Integer.class)
                < expected.size()) {
            assertThat(System.nanoTime()).as("the bars in Postgres in time").isLessThan(deadline);
            Thread.sleep(100);
        }
        Thread.sleep(500); // anything more (a bar for a quote-only minute) would have landed by now too
        Map<String, Map<String, Object>> got = new TreeMap<>();
        for (Map<String, Object> row : jdbc.queryForList("SELECT symbol, bucket_start, open, high, low, close, volume, "
                + "tick_count, vwap FROM intraday_bar_1m WHERE market = 'TOSX'")) {
            got.put(row.get("symbol") + " " + ((Timestamp) row.get("bucket_start")).toInstant(), row);
        }
        assertThat(got.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((key, want) -> {
            Map<String, Object> row = got.get(key);
            for (String f : List.of("open", "high", "low", "close", "vwap")) {
                if (want.get(f) == null) {
                    assertThat(row.get(f)).as(key + " " + f).isNull();
                } else {
                    assertThat((BigDecimal) row.get(f)).as(key + " " + f).isEqualByComparingTo((BigDecimal) want.get(f));
                }
            }
            assertThat(((Number) row.get("volume")).longValue()).as(key + " volume").isEqualTo(want.get("volume"));
            assertThat(((Number) row.get("tick_count")).intValue()).as(key + " tick_count").isEqualTo(want.get("ticks"));
        });
    }

    private void trade(String tosSymbol, String price, long size) {
        Row r = rows.get(tosSymbol);
        r.volume = Long.toString(Long.parseLong(r.volume.replace(",", "")) + size);
        r.last = price;
        unsaved.add(new Trade(tosSymbol, null, new BigDecimal(price), size));
    }

    private void indexTrade(String tosSymbol, String price) {
        rows.get(tosSymbol).last = price;
        unsaved.add(new Trade(tosSymbol, null, new BigDecimal(price), 0));
    }

    /** Excel saves the sheet at T0 + {@code offsetS}; the trades since the last save are stamped with that time. */
    private void save(int offsetS) throws Exception {
        Instant at = T0.plusSeconds(offsetS);
        clock.set(at.plusMillis(200));
        double reads = count(meters, "thor.tos.files.read");
        List<String[]> sheet = new ArrayList<>();
        sheet.add(HEADER);
        rows.values().forEach(r -> sheet.add(r.cells()));
        saveLikeExcel(file(), render(sheet), FileTime.from(at));
        awaitReadsAndQuiet(meters, reads, 1);
        awaitEngineRead();
        for (Trade t : unsaved) {
            trades.add(new Trade(t.symbol(), at, t.price(), t.size()));
        }
        unsaved.clear();
    }

    /** The unchanged file written again (a macro's periodic rewrite): a new version with nothing new in it. */
    private void resave(int offsetS) throws Exception {
        Instant at = T0.plusSeconds(offsetS);
        clock.set(at.plusMillis(200));
        int entries = stream(redis).size();
        double reads = count(meters, "thor.tos.files.read");
        writeInPlace(file(), Files.readAllBytes(file()));
        Files.setLastModifiedTime(file(), FileTime.from(at));
        awaitReadsAndQuiet(meters, reads, 1);
        assertThat(stream(redis)).as("a re-read publishes nothing").hasSize(entries);
    }

    private void awaitEngineRead() throws InterruptedException {
        int entries = stream(redis).size();
        await("the engine read " + entries + " entries", () -> count(meters, "thor.engine.ticks.in") >= entries);
    }

    /** The bars of CONTRACT §6 from the scripted trades, keyed "SYMBOL bucket-start". */
    private Map<String, Map<String, Object>> expectedBars() {
        Map<String, List<Trade>> byMinute = new TreeMap<>();
        for (Trade t : trades) {
            String root = t.symbol().replaceAll("^[/$]", "").replaceAll(":.*$", "");
            Instant minute = Instant.ofEpochSecond(t.at().getEpochSecond() / 60 * 60);
            byMinute.computeIfAbsent(root + " " + minute, k -> new ArrayList<>()).add(t);
        }
        Map<String, Map<String, Object>> bars = new TreeMap<>();
        byMinute.forEach((key, ts) -> {
            Map<String, Object> b = new java.util.HashMap<>();
            b.put("open", ts.get(0).price());
            b.put("close", ts.get(ts.size() - 1).price());
            b.put("high", ts.stream().map(Trade::price).max(BigDecimal::compareTo).orElseThrow());
            b.put("low", ts.stream().map(Trade::price).min(BigDecimal::compareTo).orElseThrow());
            long volume = ts.stream().mapToLong(Trade::size).sum();
            b.put("volume", volume);
            b.put("ticks", ts.size());
            BigDecimal pv = ts.stream().map(t -> t.price().multiply(BigDecimal.valueOf(t.size())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            b.put("vwap", volume == 0 ? null : pv.divide(BigDecimal.valueOf(volume), new MathContext(20, RoundingMode.HALF_EVEN)));
            bars.put(key, b);
        });
        return bars;
    }
}
