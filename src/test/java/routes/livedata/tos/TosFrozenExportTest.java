package routes.livedata.tos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import routes.support.TestClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static routes.livedata.tos.ExcelLikeFiles.csv;
import static routes.livedata.tos.ExcelLikeFiles.saveLikeExcel;
import static routes.livedata.tos.ExcelLikeFiles.writeInPlace;
import static routes.livedata.tos.RedisTicks.await;
import static routes.livedata.tos.RedisTicks.awaitReadsAndQuiet;
import static routes.livedata.tos.RedisTicks.count;

/**
 * A thinkorswim export that stays readable but stops changing (Excel hung, RTD disconnected, thinkorswim logged
 * out), through the real poller on a real file, the coverage check's timer route, the real Postgres ledger and the
 * HTTP API. Market FRZ is open 13:00-15:00 UTC; {@code frozen-after} is 2 minutes; the test moves the app's clock.
 * While the market is open, a file whose rows do not change for two minutes is one interruption per open symbol
 * from the last change to the next one (coverage: MISSED, not NO_TRADES; health: frozen since); a new save of
 * the same values is no change; the same file standing still while the market is closed begins nothing, and after
 * the open counts only from the open; one illiquid row standing still while the others move begins nothing; and a
 * (re)start reads the file as a baseline at the time of the read, never at its old modification time, and ends an
 * interruption an earlier run left open; the file going missing while frozen is its own interruption, and the
 * frozen one goes on from its return without a gap; the close ends a frozen-export interruption, and a file still
 * frozen at the next open begins another only {@code frozen-after} into it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "thor.markets.location=classpath:markets/tos-frozen.yaml",
        "thor.engine.enabled=false",
        "thor.livedata.tos.enabled=true",
        "thor.livedata.tos.poll-interval=100ms",
        "thor.livedata.tos.settle-time=30ms",
        "thor.livedata.tos.frozen-after=2m",
        "thor.livedata.tos.frozen-check-interval=50ms"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext // one app context at a time: engines, clocks and Quartz must not compete across tests
class TosFrozenExportTest {

    static final String HEADER = "Symbol,Close,Open,NetChange,24High,24Low,52WkHigh,52WkLow,Volume,Bid,Last,Ask,BidSize,AskSize";
    /** A Tuesday no other test uses. */
    static final String DAY = "2026-04-21";
    static final String NEXT_DAY = "2026-04-22";
    static final String LEFT_OPEN_MISSING = "the file does not exist (left open by an earlier run of TosFrozenExportTest)";
    static final Path DIR;
    static final Path FILE;

    static {
        try {
            DIR = Files.createTempDirectory("tos-frozen");
            FILE = DIR.resolve("export.csv");
            // the export as an earlier run left it: written hours ago (a restart must not take that as frozen since)
            Files.write(FILE, sheet(100, 200, 300));
            Files.setLastModifiedTime(FILE, FileTime.from(at(DAY, "09:00:00")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void file(DynamicPropertyRegistry registry) {
        registry.add("thor.livedata.tos.file", FILE::toString);
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock(at(DAY, "13:30:00"));   // the market open since 13:00
        }

        /** Before the routes start: a frozen-export and a missing-file interruption an earlier run left open. */
        @Bean
        Object leftOverInterruptions(JdbcTemplate jdbc) {
            jdbc.update("DELETE FROM feed_interruption WHERE symbol LIKE 'FZ%' OR reason = ?", LEFT_OPEN_MISSING);
            // the missing file of an earlier run of this test (its start would be the same: begin() keeps the first)
            jdbc.update("DELETE FROM feed_interruption WHERE source = 'TOS' AND symbol IS NULL AND started_at = ?",
                    Timestamp.from(at(NEXT_DAY, "13:13:00")));
            jdbc.update("INSERT INTO feed_interruption (source, symbol, started_at, reason) VALUES ('TOS', NULL, ?, ?)",
                    Timestamp.from(at(DAY, "11:00:00")), LEFT_OPEN_MISSING);
            return jdbc.update("INSERT INTO feed_interruption (source, symbol, started_at, reason) VALUES ('TOS', 'FZA', ?, "
                    + "'left open by an earlier run')", Timestamp.from(at(DAY, "12:00:00")));
        }
    }

    @AfterAll
    static void removeFolder() throws IOException {
        FileSystemUtils.deleteRecursively(DIR);
    }

    @Autowired TestClock clock;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired TosExportPoller poller;
    @Autowired TosExportHealthIndicator health;
    @Autowired TestRestTemplate http;

    final ObjectMapper json = new ObjectMapper();

    static Instant at(String day, String time) {
        return Instant.parse(day + "T" + time + "Z");
    }

    /** The sheet with these volumes of FZA, FZB and FZC (the rest of each row follows from it). */
    static byte[] sheet(long a, long b, long c) {
        return csv(HEADER, row("FZA", a), row("FZB", b), row("FZC", c));
    }

    static String row(String symbol, long volume) {
        long bid = 1000 + volume % 97;
        return symbol + ",1000,1001,+1,1010,990,1100,900," + volume + "," + bid + "," + (bid + 1) + "," + (bid + 2) + ",5,6";
    }

    /** At {@code t}, a version of the file with these contents, read by the poller before returning. */
    void saveAt(Instant t, byte[] content) throws Exception {
        clock.set(t);
        double reads = count(meters, "thor.tos.files.read");
        Thread.sleep(20); // another millisecond of modification time
        writeInPlace(FILE, content);
        awaitReadsAndQuiet(meters, reads, 1);
    }

    /** The frozen-export interruptions of the test's symbols: "SYMBOL started ended". */
    List<String> frozenRows() {
        return jdbc.query("SELECT symbol, started_at, ended_at FROM feed_interruption WHERE source = 'TOS' AND symbol "
                + "LIKE 'FZ%' ORDER BY started_at, symbol", (rs, i) -> rs.getString("symbol") + " "
                + rs.getTimestamp("started_at").toInstant() + " "
                + (rs.getTimestamp("ended_at") == null ? "open" : rs.getTimestamp("ended_at").toInstant().toString()));
    }

    /** A few runs of the check (every 50 ms), after which nothing more is going to happen. */
    void severalChecks() throws InterruptedException {
        Thread.sleep(400);
    }

    @Test
    @Order(1)
    void aStartReadsTheFileAsABaselineAtTheReadAndEndsWhatAnEarlierRunLeftOpen() throws Exception {
        await("the first read", () -> poller.contentChangedAt() != null);
        assertThat(poller.contentChangedAt()).isEqualTo(at(DAY, "13:30:00"));   // not the 09:00 modification time
        await("the leftover ended", () -> frozenRows().equals(List.of("FZA " + at(DAY, "12:00:00") + " " + at(DAY, "13:30:00"))));
        assertThat(jdbc.queryForObject("SELECT ended_at FROM feed_interruption WHERE reason = ?", Timestamp.class,
                LEFT_OPEN_MISSING).toInstant()).isEqualTo(at(DAY, "13:30:00"));

        clock.set(at(DAY, "13:31:59"));                 // unchanged for 1:59 with the market open: not yet
        severalChecks();
        assertThat(frozenRows()).hasSize(1);
        clock.set(at(DAY, "13:32:00"));                 // two minutes since the baseline
        await("frozen", () -> frozenRows().size() == 4);
        assertThat(frozenRows()).containsExactly("FZA " + at(DAY, "12:00:00") + " " + at(DAY, "13:30:00"),
                "FZA " + at(DAY, "13:30:00") + " open", "FZB " + at(DAY, "13:30:00") + " open",
                "FZC " + at(DAY, "13:30:00") + " open");

        saveAt(at(DAY, "13:33:00"), sheet(101, 200, 300));  // one row moves: every frozen symbol delivers again
        await("ended", () -> frozenRows().stream().noneMatch(r -> r.endsWith("open")));
        assertThat(frozenRows()).containsExactly("FZA " + at(DAY, "12:00:00") + " " + at(DAY, "13:30:00"),
                "FZA " + at(DAY, "13:30:00") + " " + at(DAY, "13:33:00"), "FZB " + at(DAY, "13:30:00") + " " + at(DAY, "13:33:00"),
                "FZC " + at(DAY, "13:30:00") + " " + at(DAY, "13:33:00"));
    }

    @Test
    @Order(2)
    void aFileFrozenWhileTheMarketIsOpenIsAnInterruptionFromTheLastChangeToTheNext() throws Exception {
        int before = frozenRows().size();
        TestRestTemplate op = http.withBasicAuth("operator", "test-operator-secret");
        saveAt(at(DAY, "13:34:00"), sheet(102, 201, 300));
        assertThat(poller.contentChangedAt()).isEqualTo(at(DAY, "13:34:00"));

        // Excel saves again with the same values: a new modification time, no change
        clock.set(at(DAY, "13:35:00"));
        double reads = count(meters, "thor.tos.files.read");
        Thread.sleep(20);
        saveLikeExcel(FILE, sheet(102, 201, 300));
        awaitReadsAndQuiet(meters, reads, 1);
        assertThat(poller.contentChangedAt()).isEqualTo(at(DAY, "13:34:00"));
        severalChecks();
        assertThat(frozenRows()).hasSize(before);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        clock.set(at(DAY, "13:36:00"));
        await("frozen", () -> frozenRows().size() == before + 3);
        JsonNode listed = json.readTree(op.getForObject("/api/coverage/interruptions?from=" + at(DAY, "13:34:00")
                + "&to=" + at(DAY, "13:40:00") + "&symbol=FZA", String.class));
        List<String> tos = new ArrayList<>();
        listed.forEach(x -> {
            if ("TOS".equals(x.path("source").asText())) {
                tos.add(x.path("symbol").asText() + " " + x.path("startedAt").asText() + " "
                        + (x.path("endedAt").isTextual() ? x.path("endedAt").asText() : "open"));
            }
        });
        assertThat(tos).containsExactly("FZA " + at(DAY, "13:34:00") + " open");
        assertThat(listed.get(listed.size() - 1).path("reason").asText()).contains("frozen");
        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(h.getDetails()).containsEntry("frozenSince", at(DAY, "13:34:00").toString())
                .containsEntry("contentChangedAt", at(DAY, "13:34:00").toString());
        assertThat(h.getDetails().get("problem").toString()).startsWith("frozen since " + at(DAY, "13:34:00"));
        assertThat(meters.get("thor.tos.frozen.symbols").gauge().value()).isEqualTo(3.0);
        assertThat(meters.get("thor.tos.content.unchanged.seconds").gauge().value()).isEqualTo(120.0);

        clock.set(at(DAY, "13:38:30"));                 // still frozen: still one interruption per symbol
        severalChecks();
        assertThat(frozenRows()).hasSize(before + 3);

        saveAt(at(DAY, "13:39:00"), sheet(102, 202, 300));
        await("ended", () -> frozenRows().stream().noneMatch(r -> r.endsWith("open")));
        assertThat(frozenRows().subList(before, before + 3)).containsExactly(
                "FZA " + at(DAY, "13:34:00") + " " + at(DAY, "13:39:00"),
                "FZB " + at(DAY, "13:34:00") + " " + at(DAY, "13:39:00"),
                "FZC " + at(DAY, "13:34:00") + " " + at(DAY, "13:39:00"));
        await("health UP again", () -> health.health().getStatus().equals(Status.UP));
        assertThat(health.health().getDetails()).doesNotContainKey("frozenSince");

        // the coverage API: the frozen minutes are not covered (MISSED: no bar, interrupted), not NO_TRADES.
        // (An earlier test class's heartbeat left in the shared Redis can make this start look like a restart after
        // downtime: that APP interruption is not what is asked here.)
        jdbc.update("DELETE FROM feed_interruption WHERE source = 'APP'");
        JsonNode cov = json.readTree(op.getForObject("/api/coverage/FRZ/FZA?from=" + at(DAY, "13:33:00") + "&to="
                + at(DAY, "13:41:00"), String.class));
        assertThat(cov.path("minutes").path("MISSED").asLong()).isEqualTo(5);     // 13:34 .. 13:38
        assertThat(cov.path("minutes").path("NO_TRADES").asLong()).isEqualTo(3);  // 13:33, 13:39, 13:40
        List<String> runs = new ArrayList<>();
        cov.path("runs").forEach(r -> runs.add(r.path("from").asText() + " " + r.path("state").asText() + " "
                + r.path("minutes").asLong()));
        assertThat(runs).containsExactly(at(DAY, "13:33:00") + " NO_TRADES 1", at(DAY, "13:34:00") + " MISSED 5",
                at(DAY, "13:39:00") + " NO_TRADES 2");
    }

    @Test
    @Order(3)
    void aFileStandingStillWhileTheMarketIsClosedIsNoInterruptionAndCountsFromTheOpen() throws Exception {
        int before = frozenRows().size();
        saveAt(at(DAY, "15:30:00"), sheet(103, 203, 301));  // after the 15:00 close
        clock.set(at(NEXT_DAY, "12:59:59"));            // the whole night unchanged, the market closed
        severalChecks();
        clock.set(at(NEXT_DAY, "13:01:59"));            // open for 1:59
        severalChecks();
        assertThat(frozenRows()).hasSize(before);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        clock.set(at(NEXT_DAY, "13:02:00"));            // two minutes of the open unchanged
        await("frozen", () -> frozenRows().size() == before + 3);
        assertThat(frozenRows().subList(before, before + 3)).containsExactly("FZA " + at(NEXT_DAY, "13:00:00") + " open",
                "FZB " + at(NEXT_DAY, "13:00:00") + " open", "FZC " + at(NEXT_DAY, "13:00:00") + " open");
        saveAt(at(NEXT_DAY, "13:03:00"), sheet(104, 203, 301));
        await("ended", () -> frozenRows().stream().noneMatch(r -> r.endsWith("open")));
    }

    @Test
    @Order(4)
    void oneIlliquidRowStandingStillWhileTheOthersMoveIsNoInterruption() throws Exception {
        int before = frozenRows().size();
        saveAt(at(NEXT_DAY, "13:04:00"), sheet(105, 204, 302));
        for (int i = 1; i <= 5; i++) {                  // FZC never changes again; FZA and FZB every minute
            saveAt(at(NEXT_DAY, "13:0" + (4 + i) + ":00"), sheet(105 + i, 204 + i, 302));
            severalChecks();
        }
        clock.set(at(NEXT_DAY, "13:10:30"));
        severalChecks();
        assertThat(frozenRows()).hasSize(before);
        TosExportPoller.Freshness f = poller.freshness();
        assertThat(f.changedAt()).isEqualTo(at(NEXT_DAY, "13:09:00"));
        assertThat(f.rowsChangedAt()).containsEntry("FZC", at(NEXT_DAY, "13:04:00"))
                .containsEntry("FZA", at(NEXT_DAY, "13:09:00"));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    @Order(5)
    void theFileMissingWhileFrozenIsItsOwnInterruptionAndTheFrozenOneGoesOnAfterItWithoutAGap() throws Exception {
        int before = frozenRows().size();
        saveAt(at(NEXT_DAY, "13:10:45"), sheet(120, 220, 320));
        clock.set(at(NEXT_DAY, "13:12:45"));
        await("frozen", () -> frozenRows().size() == before + 3);

        clock.set(at(NEXT_DAY, "13:13:00"));
        Files.delete(FILE);
        await("the missing file reported", () -> jdbc.queryForObject("SELECT count(*) FROM feed_interruption WHERE "
                + "source = 'TOS' AND symbol IS NULL AND started_at = ?", Integer.class,
                Timestamp.from(at(NEXT_DAY, "13:13:00"))) == 1);
        clock.set(at(NEXT_DAY, "13:14:00"));            // back with the same values: still frozen
        double reads = count(meters, "thor.tos.files.read");
        writeInPlace(FILE, sheet(120, 220, 320));
        awaitReadsAndQuiet(meters, reads, 1);
        await("the missing file's interruption ended", () -> jdbc.queryForObject("SELECT ended_at FROM feed_interruption "
                + "WHERE source = 'TOS' AND symbol IS NULL AND started_at = ?", Timestamp.class,
                Timestamp.from(at(NEXT_DAY, "13:13:00"))) != null);
        clock.set(at(NEXT_DAY, "13:15:59"));
        severalChecks();
        assertThat(frozenRows()).hasSize(before + 3);
        clock.set(at(NEXT_DAY, "13:16:00"));            // two minutes since it came back unchanged
        await("frozen again", () -> frozenRows().size() == before + 6);
        saveAt(at(NEXT_DAY, "13:17:00"), sheet(121, 220, 320));
        await("ended", () -> frozenRows().stream().noneMatch(r -> r.endsWith("open")));
        assertThat(frozenRows().subList(before, before + 6)).containsExactly(
                "FZA " + at(NEXT_DAY, "13:10:45") + " " + at(NEXT_DAY, "13:14:00"),
                "FZB " + at(NEXT_DAY, "13:10:45") + " " + at(NEXT_DAY, "13:14:00"),
                "FZC " + at(NEXT_DAY, "13:10:45") + " " + at(NEXT_DAY, "13:14:00"),
                "FZA " + at(NEXT_DAY, "13:14:00") + " " + at(NEXT_DAY, "13:17:00"),
                "FZB " + at(NEXT_DAY, "13:14:00") + " " + at(NEXT_DAY, "13:17:00"),
                "FZC " + at(NEXT_DAY, "13:14:00") + " " + at(NEXT_DAY, "13:17:00"));
        assertThat(jdbc.queryForObject("SELECT ended_at FROM feed_interruption WHERE source = 'TOS' AND symbol IS NULL "
                + "AND started_at = ?", Timestamp.class, Timestamp.from(at(NEXT_DAY, "13:13:00"))).toInstant())
                .isEqualTo(at(NEXT_DAY, "13:14:00"));
    }

    @Test
    @Order(6)
    void aFrozenExportInterruptionEndsAtTheCloseAndBeginsAgainOnlyAfterTheNextOpen() throws Exception {
        int before = frozenRows().size();
        String third = "2026-04-23";
        clock.set(at(NEXT_DAY, "14:59:00"));            // unchanged since 13:17, the market open
        await("frozen", () -> frozenRows().size() == before + 3);
        clock.set(at(NEXT_DAY, "15:00:30"));            // closed at 15:00: the interruption ends there
        await("ended at the close", () -> frozenRows().stream().noneMatch(r -> r.endsWith("open")));
        assertThat(frozenRows().subList(before, before + 3)).containsExactly(
                "FZA " + at(NEXT_DAY, "13:17:00") + " " + at(NEXT_DAY, "15:00:00"),
                "FZB " + at(NEXT_DAY, "13:17:00") + " " + at(NEXT_DAY, "15:00:00"),
                "FZC " + at(NEXT_DAY, "13:17:00") + " " + at(NEXT_DAY, "15:00:00"));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("thor.tos.frozen.symbols").gauge().value()).isZero();

        clock.set(at(third, "13:01:59"));               // still the same file, open for 1:59: nothing yet
        severalChecks();
        assertThat(frozenRows()).hasSize(before + 3);
        clock.set(at(third, "13:02:00"));
        await("frozen from the open", () -> frozenRows().size() == before + 6);
        assertThat(frozenRows().subList(before + 3, before + 6)).containsExactly("FZA " + at(third, "13:00:00") + " open",
                "FZB " + at(third, "13:00:00") + " open", "FZC " + at(third, "13:00:00") + " open");
        saveAt(at(third, "13:03:00"), sheet(122, 221, 321));
        await("ended", () -> frozenRows().stream().noneMatch(r -> r.endsWith("open")));
        assertThat(frozenRows().subList(before + 3, before + 6)).allMatch(r -> r.endsWith(at(third, "13:03:00").toString()));
    }
}
