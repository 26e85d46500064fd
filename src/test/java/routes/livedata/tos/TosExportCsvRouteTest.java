package routes.livedata.tos;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import routes.support.RealServices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.livedata.tos.ExcelLikeFiles.csv;
import static routes.livedata.tos.ExcelLikeFiles.saveLikeExcel;
import static routes.livedata.tos.ExcelLikeFiles.writeInPlace;
import static routes.livedata.tos.RedisTicks.await;
import static routes.livedata.tos.RedisTicks.awaitReadsAndQuiet;
import static routes.livedata.tos.RedisTicks.count;
import static routes.livedata.tos.RedisTicks.quote;
import static routes.livedata.tos.RedisTicks.stream;
import static routes.livedata.tos.RedisTicks.tick;
import static routes.livedata.tos.RedisTicks.trade;

/**
 * The CSV export through the real route into the real Redis, written the ways Excel and its macros write
 * it. Each test uses its own symbols, because the poller remembers what it published for the whole run.
 */
@SpringBootTest(properties = {
        "thor.markets.location=classpath:markets/always-open.yaml",
        "thor.engine.enabled=false",
        "thor.livedata.tos.enabled=true",
        "thor.livedata.tos.poll-interval=200ms",
        "thor.livedata.tos.settle-time=50ms",
        "thor.livedata.tos.aliases.BIGDOW=YM"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class TosExportCsvRouteTest {

    static final String HEADER = "Symbol,Close,Open,NetChange,24High,24Low,52WkHigh,52WkLow,Volume,Bid,Last,Ask,BidSize,AskSize";
    static final Path DIR;
    static final Path FILE;

    static {
        try {
            DIR = Files.createTempDirectory("tos-csv");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        FILE = DIR.resolve("export.csv");
    }

    @DynamicPropertySource
    static void file(DynamicPropertyRegistry registry) {
        registry.add("thor.livedata.tos.file", FILE::toString);
    }

    @AfterAll
    static void removeFolder() throws IOException {
        FileSystemUtils.deleteRecursively(DIR);
    }

    @Autowired StringRedisTemplate redis;
    @Autowired MeterRegistry meters;
    @Autowired TosExportHealthIndicator health;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    @BeforeEach
    void cleanRedis() {
        RealServices.wipeRedis(redis);
    }

    static long mtime(Path f) throws IOException {
        return Files.getLastModifiedTime(f).toMillis();
    }

    @Test
    void inPlaceThenExcelSaveThenAnUnchangedSave_onlyChangedRowsArePublished() throws Exception {
        writeInPlace(FILE, csv(HEADER,
                "/ES:XCME,6000.25,6001,12,6020.5,5990.75,6500,4800,\"1,234,567\",6012,6012.25,6012.5,12,15",
                "/NQ:XCME,21000,21010.5,-3.5,21100,20950.25,22000,17000,98765,20996.25,20996.5,20996.75,3,4",
                "$DXY,104.123,104.2,+0.05,104.5,103.9,110,99,N/A,N/A,104.173,N/A,N/A,N/A"));
        long v1 = mtime(FILE);
        await("3 ticks", () -> stream(redis).size() == 3);
        List<Map<String, String>> ticks = stream(redis);
        Map<String, String> es1 = tick("ES", v1, "last", "6012.25", "bid", "6012", "ask", "6012.5", "bid_size", "12",
                "ask_size", "15", "volume", "1234567", "open", "6001", "high", "6020.5", "low", "5990.75", "prev_close",
                "6000.25", "net_change", "12");
        // the first read is a baseline (CONTRACT §5): no trades, so no `last` on the stream; the hash has it all
        assertThat(ticks).containsExactly(quote(es1),
                quote(tick("NQ", v1, "last", "20996.5", "bid", "20996.25", "ask", "20996.75", "bid_size", "3", "ask_size", "4",
                        "volume", "98765", "open", "21010.5", "high", "21100", "low", "20950.25", "prev_close", "21000",
                        "net_change", "-3.5")),
                quote(tick("DX", v1, "last", "104.173", "open", "104.2", "high", "104.5", "low", "103.9", "prev_close",
                        "104.123", "net_change", "0.05")));
        assertThat(redis.<String, String>opsForHash().entries("tick:ES")).isEqualTo(es1);

        // Excel's ~$ owner file and a temp file lying around are never read
        Files.write(DIR.resolve("~$export.csv"), "owner".getBytes(StandardCharsets.UTF_8));
        Files.write(DIR.resolve("9F3A21C0"), csv(HEADER, "/CL:XNYM,70,70,0,71,69,90,60,5,69.99,70.01,70.02,1,1"));

        double reads = count(meters, "thor.tos.files.read");
        Thread.sleep(60); // another millisecond of modification time, and more
        saveLikeExcel(FILE, csv(HEADER,
                "/ES:XCME,6000.25,6001,12.25,6020.5,5990.75,6500,4800,\"1,234,570\",6012.25,6012.5,6012.75,9,15",
                "/NQ:XCME,21000,21010.5,-3.5,21100,20950.25,22000,17000,98765,20996.25,20996.5,20996.75,3,4",
                "$DXY,104.123,104.2,+0.05,104.5,103.9,110,99,N/A,N/A,104.173,N/A,N/A,N/A"));
        long v2 = mtime(FILE);
        awaitReadsAndQuiet(meters, reads, 1);
        ticks = stream(redis);
        assertThat(ticks).hasSize(4);
        Map<String, String> es2 = tick("ES", v2, "last", "6012.5", "bid", "6012.25", "ask", "6012.75",
                "bid_size", "9", "ask_size", "15", "volume", "1234570", "open", "6001", "high", "6020.5", "low", "5990.75",
                "prev_close", "6000.25", "net_change", "12.25");
        assertThat(ticks.get(3)).as("Volume rose by 3: a trade of 3").isEqualTo(trade(es2, 3));
        assertThat(redis.<String, String>opsForHash().entries("tick:ES")).isEqualTo(es2);

        // saved again with nothing changed: read, and nothing published
        reads = count(meters, "thor.tos.files.read");
        Thread.sleep(60);
        writeInPlace(FILE, Files.readAllBytes(FILE));
        awaitReadsAndQuiet(meters, reads, 1);
        assertThat(stream(redis)).hasSize(4);
        assertThat(stream(redis)).extracting(t -> t.get("symbol")).doesNotContain("CL");
        Files.delete(DIR.resolve("~$export.csv"));
        Files.delete(DIR.resolve("9F3A21C0"));
    }

    @Test
    void aHalfWrittenFilePublishesNothingAndTheNextVersionPublishes() throws Exception {
        double halfWritten = count(meters, "thor.tos.reads.skipped", "reason", "half-written");
        // a VBA rewrite caught mid-line: the last line has no line break
        writeInPlace(FILE, (HEADER + "\r\n/CL:XNYM,70,70.1,0.5,71,69,90,60,5000,70.49,70.5,70.51,3,4\r\n/GC:XCEC,2650.1")
                .getBytes(StandardCharsets.UTF_8));
        await("a half-written read", () -> count(meters, "thor.tos.reads.skipped", "reason", "half-written") == halfWritten + 1);
        Thread.sleep(60);
        // a row with fewer cells than the header, line break and all
        writeInPlace(FILE, csv(HEADER, "/CL:XNYM,70,70.1,0.5,71,69,90,60,5000,70.49,70.5,70.51,3,4", "/GC:XCEC,2650.1,2651"));
        await("a second half-written read", () -> count(meters, "thor.tos.reads.skipped", "reason", "half-written") == halfWritten + 2);
        assertThat(stream(redis)).as("nothing from a half-written read").isEmpty();
        assertThat(health.health().getDetails().get("lastError").toString()).contains("half-written");

        Thread.sleep(60);
        writeInPlace(FILE, csv(HEADER, "/CL:XNYM,70,70.1,0.5,71,69,90,60,5000,70.49,70.5,70.51,3,4",
                "/GC:XCEC,2650.1,2651,1.2,2660,2640,2800,1900,700,2651.2,2651.3,2651.4,2,2"));
        long v = mtime(FILE);
        await("2 ticks", () -> stream(redis).size() == 2);
        assertThat(stream(redis)).extracting(t -> t.get("symbol") + "@" + t.get("ts")).containsExactly("CL@" + v, "GC@" + v);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aMissingFileIsReportedAndTheFileIsReadWhenItReturns() throws Exception {
        jdbc.update("DELETE FROM feed_interruption WHERE source = 'TOS'");
        Files.deleteIfExists(FILE);
        await("health names the missing file", () -> "the file does not exist".equals(health.health().getDetails().get("problem")));
        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(h.getDetails()).containsEntry("enabled", true).containsEntry("file", FILE.toString());

        writeInPlace(FILE, csv(HEADER, "30YRBOND,117'00,117'02,+0'14,117'20,116'30,130'00,110'00,\"12,345\",117'13,117'14,117-14+,50,60"));
        long v = mtime(FILE);
        await("the tick", () -> stream(redis).size() == 1);
        assertThat(stream(redis).get(0)).isEqualTo(quote(tick("ZB", v, "last", "117.4375", "bid", "117.40625", "ask",
                "117.453125", "bid_size", "50", "ask_size", "60", "volume", "12345", "open", "117.0625", "high", "117.625",
                "low", "116.9375", "prev_close", "117", "net_change", "0.4375")));
        assertThat(redis.<String, String>opsForHash().get("tick:ZB", "last")).isEqualTo("117.4375");
        await("health UP", () -> health.health().getStatus().equals(Status.UP));
        assertThat(health.health().getDetails()).containsEntry("rows", 1).doesNotContainKey("problem");
        // the time the file was away is in the coverage ledger, begun and ended once
        var gaps = jdbc.queryForList("SELECT ended_at, reason FROM feed_interruption WHERE source = 'TOS'");
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0)).containsEntry("reason", "the file does not exist");
        assertThat(gaps.get(0).get("ended_at")).isNotNull();
    }

    @Test
    void aFileWithoutASymbolHeaderIsReportedUntilAGoodVersionComes() throws Exception {
        double before = count(meters, "thor.tos.reads.skipped", "reason", "no-symbol-header");
        writeInPlace(FILE, csv("Ticker,Last", "RT,2300.5"));
        await("no-symbol-header counted", () -> count(meters, "thor.tos.reads.skipped", "reason", "no-symbol-header") == before + 1);
        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(health.health().getDetails().get("problem").toString()).contains("'Symbol'");

        Thread.sleep(60);
        writeInPlace(FILE, csv("Last,Symbol,Bid", "2300.5,RT,2300.4", "44000,BIGDOW,43999"));
        long v = mtime(FILE);
        await("2 ticks", () -> stream(redis).size() == 2);
        assertThat(stream(redis)).containsExactly(quote(tick("RTY", v, "last", "2300.5", "bid", "2300.4")),
                quote(tick("YM", v, "last", "44000", "bid", "43999")));
        await("health UP", () -> health.health().getStatus().equals(Status.UP));
    }

    @Test
    void badRowsAndCellsAreSkippedCountedAndTheOtherRowsPublished() throws Exception {
        double noValues = count(meters, "thor.tos.rows.rejected", "reason", "no-values");
        double unreadableBid = count(meters, "thor.tos.cells.unreadable", "field", "bid");
        writeInPlace(FILE, csv(HEADER,
                "/SI:XCEC,57.1,57.2,-7.0000000000000007E-2,57.5,56.9,60,40,\"1,234\",57.162999999999997,57.163,57.168,1,2",
                "/HG:XCEC,#N/A,#N/A,#N/A,#N/A,#N/A,#N/A,#N/A,#N/A,#N/A,#N/A,#N/A,#N/A,#N/A",
                "/VX:XCBF,16.1,0,6.0000000000000001E-3,0,0,30,12,1.2E3,oops,16.15,16.2,,"));
        long v = mtime(FILE);
        await("2 ticks", () -> stream(redis).size() == 2);
        assertThat(stream(redis)).containsExactly(
                quote(tick("SI", v, "last", "57.163", "bid", "57.163", "ask", "57.168", "bid_size", "1", "ask_size", "2",
                        "volume", "1234", "open", "57.2", "high", "57.5", "low", "56.9", "prev_close", "57.1",
                        "net_change", "-0.07")),
                quote(tick("VX", v, "last", "16.15", "ask", "16.2", "volume", "1200", "prev_close", "16.1", "net_change", "0.006")));
        assertThat(redis.<String, String>opsForHash().get("tick:VX", "last")).isEqualTo("16.15");
        assertThat(count(meters, "thor.tos.rows.rejected", "reason", "no-values")).isEqualTo(noValues + 1);
        assertThat(count(meters, "thor.tos.cells.unreadable", "field", "bid")).isEqualTo(unreadableBid + 1);
    }
}
