package routes.livedata.tos;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import routes.support.RealServices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.livedata.tos.ExcelLikeFiles.saveLikeExcel;
import static routes.livedata.tos.ExcelLikeFiles.workbook;
import static routes.livedata.tos.ExcelLikeFiles.writeInPlace;
import static routes.livedata.tos.RedisTicks.await;
import static routes.livedata.tos.RedisTicks.awaitReadsAndQuiet;
import static routes.livedata.tos.RedisTicks.count;
import static routes.livedata.tos.RedisTicks.quote;
import static routes.livedata.tos.RedisTicks.stream;
import static routes.livedata.tos.RedisTicks.tick;

/** The workbook export (thor's RTD sheet "LiveData", not the first sheet) saved the way Excel saves it. */
@SpringBootTest(properties = {
        "thor.markets.location=classpath:markets/always-open.yaml",
        "thor.engine.enabled=false",
        "thor.livedata.tos.enabled=true",
        "thor.livedata.tos.poll-interval=200ms",
        "thor.livedata.tos.settle-time=50ms",
        "thor.livedata.tos.sheet=LiveData"})
@ActiveProfiles("test")
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class TosExportWorkbookRouteTest {

    static final String[] HEADER = {"Symbol", "Close", "Open", "NetChange", "24High", "24Low", "52WkHigh", "52WkLow",
            "Volume", "Bid", "Last", "Ask", "BidSize", "AskSize"};
    static final Path DIR;
    static final Path FILE;

    static {
        try {
            DIR = Files.createTempDirectory("tos-xlsx");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        FILE = DIR.resolve("RTD_TOS.xlsx");
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

    @BeforeEach
    void cleanRedis() {
        RealServices.wipeRedis(redis);
    }

    static byte[] liveData(String[]... rows) {
        Map<String, List<String[]>> sheets = new LinkedHashMap<>();
        sheets.put("Notes", List.<String[]>of(new String[]{"Symbol", "Last"}, new String[]{"/ES:XCME", "1"}));
        List<String[]> live = new java.util.ArrayList<>();
        live.add(HEADER);
        live.addAll(Arrays.asList(rows));
        sheets.put("LiveData", live);
        return workbook(sheets);
    }

    @Test
    void rtdCellsOfEveryFormThenAHalfWrittenSaveThenAChange() throws Exception {
        String[] zb = {"/ZB:XCBT", "116'30", "117'00", "+0'14", "117'20", "116'28", "130'00", "110'00", "#N/A", "117'13",
                "117'14", "117-14+", "50", "60"};
        String[] si = {"/SI:XCEC", "57.1", "57.2", "-7.0000000000000007E-2", "57.5", "56.9", "60", "40", "1234",
                "57.162999999999997", "57.163", "57.168000000000006", "1", "2"};
        String[] dxy = {"$DXY", "104.123", "104.2", "5.0000000000000003E-2", "104.5", "103.9", "110", "99", "N/A", "N/A",
                "104.173", "N/A", "N/A", "N/A"};
        String[] hg = {"/HG:XCEC", "4.5", "0", "0", "0", "0", "5.2", "3.9", "", "4.5005", "0", "4.501", "3", "4"};
        saveLikeExcel(FILE, liveData(zb, si, dxy, hg));
        long v1 = Files.getLastModifiedTime(FILE).toMillis();
        await("4 ticks", () -> stream(redis).size() == 4);
        // the first read is a baseline (CONTRACT §5): no trades, so no `last` on the stream
        assertThat(stream(redis)).containsExactly(
                quote(tick("ZB", v1, "last", "117.4375", "bid", "117.40625", "ask", "117.453125", "bid_size", "50",
                        "ask_size", "60", "open", "117", "high", "117.625", "low", "116.875", "prev_close", "116.9375",
                        "net_change", "0.4375")),
                quote(tick("SI", v1, "last", "57.163", "bid", "57.163", "ask", "57.168", "bid_size", "1", "ask_size", "2",
                        "volume", "1234", "open", "57.2", "high", "57.5", "low", "56.9", "prev_close", "57.1",
                        "net_change", "-0.07")),
                quote(tick("DX", v1, "last", "104.173", "open", "104.2", "high", "104.5", "low", "103.9", "prev_close",
                        "104.123", "net_change", "0.05")),
                tick("HG", v1, "bid", "4.5005", "ask", "4.501", "bid_size", "3", "ask_size", "4", "prev_close", "4.5",
                        "net_change", "0"));

        // a save caught half-way: the zip has no central directory yet
        double halfWritten = count(meters, "thor.tos.reads.skipped", "reason", "half-written");
        byte[] next = liveData(zb, si, dxy, new String[]{"/HG:XCEC", "4.5", "4.502", "0.0015", "4.503", "4.5", "5.2", "3.9",
                "321", "4.5010", "4.5015", "4.502", "3", "4"});
        Thread.sleep(60);
        writeInPlace(FILE, Arrays.copyOf(next, next.length - 30));
        await("a half-written read", () -> count(meters, "thor.tos.reads.skipped", "reason", "half-written") == halfWritten + 1);
        assertThat(stream(redis)).hasSize(4);

        double reads = count(meters, "thor.tos.files.read");
        Thread.sleep(60);
        saveLikeExcel(FILE, next);
        long v2 = Files.getLastModifiedTime(FILE).toMillis();
        awaitReadsAndQuiet(meters, reads, 1);
        List<Map<String, String>> ticks = stream(redis);
        assertThat(ticks).hasSize(5);
        Map<String, String> hg2 = tick("HG", v2, "last", "4.5015", "bid", "4.501", "ask", "4.502",
                "bid_size", "3", "ask_size", "4", "volume", "321", "open", "4.502", "high", "4.503", "low", "4.5",
                "prev_close", "4.5", "net_change", "0.0015");
        // HG's first Volume: the baseline of its volume, not a trade of 321
        assertThat(ticks.get(4)).isEqualTo(quote(hg2));
        assertThat(redis.<String, String>opsForHash().entries("tick:HG")).isEqualTo(hg2);
        assertThat(stream(redis)).extracting(t -> t.get("symbol")).doesNotContain("ES"); // the Notes sheet
    }
}
