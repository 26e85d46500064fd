package routes.livedata.tos;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;
import routes.livedata.FeedInterruptions;
import routes.livedata.Tick;
import routes.livedata.TickSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The thinkorswim export poller's logic, called by the route {@code livedata-tos-export} once per poll:
 * with the bytes of a new version of the file, or with nothing when the file did not change. It returns
 * the ticks to publish (the rows that changed, stamped with the file's modification time); the route
 * hands them to {@link #publish}, which writes them through the tick sink and then calls {@link #published()}.
 * Until then nothing is remembered as published, so a failed publish is retried at the next poll, even when
 * the file does not change again.
 *
 * <p>Trades (CONTRACT §5): the first read after a start, and the first good read after the file was
 * unreadable, missing or half-written on {@value #INTERRUPTED_POLLS} polls or more, are baselines for the rows
 * they publish: the sink takes none of them as a trade, and reports what the Volume grew by meanwhile as
 * interrupted volume instead of pouring it into the minute of that read.
 *
 * <p>Freshness ({@link #freshness()}): the poller also notes when the export's content last changed, for the
 * coverage check that tells a frozen export (Excel hung, RTD disconnected, thinkorswim logged out: the file keeps
 * its last values) from a quiet one. "Changed" means the rows' values: a row whose cells differ from the previous
 * good read (a cell turning N/A included), or a row that came or went. A new modification time with the same
 * values (Excel saving again) is no change, and neither is a read that could not be used. The time is this app's
 * clock at the poll that saw the change. Per symbol the time its row last changed is kept too: an illiquid
 * symbol's row may rightly stand still for minutes while the others move, so the file's verdict is "no row
 * changed", never "some row did not". The first good read after a start, and the first after the file was
 * reported missing or unreadable, is a baseline: it counts as a change at that read (what came before is unknown,
 * and is an interruption of its own: the app's, or the problem's, which the poller ends at that read).
 * The poller draws no conclusion: which markets are open, and so whether standing still is wrong, is the
 * coverage check's business ({@code routes.coverage.TosFrozenCheck}).
 */
@Component("tosExportPoller")
public class TosExportPoller {

    private static final Logger log = LoggerFactory.getLogger(TosExportPoller.class);
    /** Excel's save deletes the file for a moment; only a file missing on two polls in a row is reported. */
    private static final int ABSENT_POLLS_TO_REPORT = 2;
    /** Polls that found no usable file since the last good read, from which on the next good read is a baseline. */
    static final int INTERRUPTED_POLLS = 2;
    /** Bounds the "logged once" memory if a sheet fills with ever-new bad symbols. */
    private static final int MAX_LOGGED = 10_000;
    /** A cell is logged up to this length: a 20,000-character cell must not become a 20,000-character log line. */
    private static final int SAMPLE_CHARS = 200;

    private final TosExportFile export;
    private final TosExportVersions versions;
    private final TosProperties config;
    private final ExportParser parser;
    private final SnapshotDiffer differ = new SnapshotDiffer();
    private final Clock clock;
    private final MeterRegistry meters;
    private final TickSink sink;
    private final Counter polls;
    private final Counter filesRead;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    private List<TosQuote> pending;
    private Instant pendingModified;
    private List<TosQuote> inFlight = List.of();
    private int absentPolls;
    /** Polls without a usable file since the last good read. */
    private int failedPolls;
    /** The rows the next publish writes are baselines: the first read since start, or after an interruption. */
    private boolean baselineDue = true;
    private boolean baselineOfPending;
    private volatile Status status = new Status(null, null, 0, null, null, null);
    private boolean problemIsPresence;
    private FeedInterruptions interruptions = FeedInterruptions.NONE;
    /** The rows of the last good read, by symbol (the parser keeps one row per symbol). */
    private Map<String, TosQuote> lastRows;
    /** Per symbol of the last good read: when its row last changed (clock). */
    private final Map<String, Instant> rowChangedAt = new HashMap<>();
    /** When any row last changed (clock); null until the first good read. */
    private volatile Instant contentChangedAt;
    private volatile Frozen frozen;

    /** What the health indicator shows. Times: lastPoll from the clock, lastVersion from the file. */
    public record Status(Instant lastPoll, Instant lastVersion, int rows, String problem, String lastError,
                         Instant lastErrorAt) { }

    /**
     * When the export's content last changed (see the class comment), by this app's clock.
     *
     * @param changedAt     the last read in which any row changed, or the baseline read; null before the first good read
     * @param lastPoll      the last poll, null before the first
     * @param symbols       the symbols of the last good read
     * @param rowsChangedAt per symbol of the last good read, when its row last changed
     * @param usable        false while the file is missing or unreadable (an interruption of its own)
     */
    public record Freshness(Instant changedAt, Instant lastPoll, Set<String> symbols, Map<String, Instant> rowsChangedAt,
                            boolean usable) { }

    /** What the coverage check concluded: the export frozen since {@code since} for these symbols (health page). */
    public record Frozen(Instant since, Set<String> symbols) { }

    /** Outside a route (benchmarks, tests that call {@link #poll} directly). */
    public TosExportPoller(TosExportFile export, LiveDataProperties props, Clock clock, MeterRegistry meters) {
        this(export, new TosExportVersions(), props, clock, meters, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public TosExportPoller(TosExportFile export, TosExportVersions versions, LiveDataProperties props, Clock clock,
                           MeterRegistry meters, TickSink sink) {
        this.export = export;
        this.sink = sink;
        this.versions = versions;
        this.config = props.tos();
        this.parser = new ExportParser(new SymbolNormalizer(config.aliases()));
        this.clock = clock;
        this.meters = meters;
        this.polls = Counter.builder("thor.tos.polls").description("Polls of the thinkorswim export").register(meters);
        this.filesRead = Counter.builder("thor.tos.files.read")
                .description("New versions of the thinkorswim export read").register(meters);
        for (String reason : List.of(UnusableRead.HALF_WRITTEN, UnusableRead.NO_SYMBOL_HEADER, UnusableRead.NO_SHEET,
                UnusableRead.CANNOT_OPEN)) {
            skipped(reason);
        }
        Gauge.builder("thor.tos.content.unchanged.seconds", this, TosExportPoller::unchangedSeconds)
                .description("Seconds since a row of the thinkorswim export last changed (NaN before the first read)")
                .register(meters);
    }

    /** Where the poller reports that the export stopped and started delivering (the coverage ledger). */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setInterruptions(FeedInterruptions interruptions) {
        this.interruptions = interruptions;
    }

    /**
     * One poll of the file route: reads the new version's bytes once (or there is none). A version that cannot
     * be opened (locked by its writer, no read permission) is a problem on the health page, publishes nothing,
     * and is forgotten by the route so the next poll takes it again.
     */
    public List<Tick> pollFile(@Body GenericFile<?> file, @Header(Exchange.FILE_LAST_MODIFIED) Long modified) {
        if (file == null) {
            return poll(null, null);
        }
        byte[] content;
        try {
            content = Files.readAllBytes(Path.of(file.getAbsoluteFilePath()));
        } catch (IOException e) {
            versions.clear();
            synchronized (this) {
                polls.increment();
                failedPolls++;
                problem(false, "the file cannot be opened (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                        clock.instant());
                skipped(UnusableRead.CANNOT_OPEN).increment();
            }
            return List.of();
        }
        return poll(content, modified);
    }

    /**
     * One poll.
     *
     * @param content  the new version's bytes, or null when there is no new version
     * @param modified the version's modification time (epoch ms), with content
     * @return the ticks to publish, maybe none
     */
    public synchronized List<Tick> poll(@Body byte[] content, @Header(Exchange.FILE_LAST_MODIFIED) Long modified) {
        polls.increment();
        Instant now = clock.instant();
        if (content == null) {
            checkPresence(now);
        } else {
            read(content, modified, now);
        }
        status = new Status(now, status.lastVersion(), status.rows(), status.problem(), status.lastError(),
                status.lastErrorAt());
        return due();
    }

    /**
     * The route's publish: the ticks of the last {@link #poll} through the tick sink, as baselines when that read
     * was the first since start or since an interruption.
     */
    public void publish(@Body List<Tick> ticks) {
        if (isBaseline()) {
            sink.baseline(Tick.SOURCE_TOS, ticks.stream().map(Tick::symbol).toList());
        }
        sink.publish(ticks);
        published();
    }

    /** Whether the ticks of the last {@link #poll} are baselines (CONTRACT §5). */
    public synchronized boolean isBaseline() {
        return baselineOfPending;
    }

    /** Once the sink has written the ticks of the last {@link #poll}. */
    public synchronized void published() {
        differ.commit(inFlight);
        inFlight = List.of();
        pending = null;
        baselineOfPending = false;
    }

    public Status status() {
        return status;
    }

    /** When the content last changed, overall and per symbol (for the coverage check). */
    public synchronized Freshness freshness() {
        return new Freshness(contentChangedAt, status.lastPoll(), Set.copyOf(rowChangedAt.keySet()),
                Map.copyOf(rowChangedAt), status.problem() == null);
    }

    /** When a row last changed (the baseline read counts), by this app's clock; null before the first good read. */
    public Instant contentChangedAt() {
        return contentChangedAt;
    }

    /** The coverage check's verdict, shown on the health page: frozen since then for those symbols, or null. */
    public void reportFrozen(Frozen verdict) {
        this.frozen = verdict;
    }

    public Frozen frozen() {
        return frozen;
    }

    private double unchangedSeconds() {
        Instant c = contentChangedAt;
        return c == null ? Double.NaN : Math.max(0, clock.millis() - c.toEpochMilli()) / 1000.0;
    }

    public Path file() {
        return export.path();
    }

    private void read(byte[] content, Long modified, Instant now) {
        if (modified == null) {
            throw new IllegalStateException("a new version of " + export.path() + " came without its modification time");
        }
        filesRead.increment();
        absentPolls = 0;
        int failedBefore = failedPolls;
        failedPolls++; // until this read turns out usable
        Instant version = Instant.ofEpochMilli(modified);
        try {
            List<ExportTable.Line> lines = export.isWorkbook()
                    ? ExportTable.workbook(content, config.sheet())
                    : ExportTable.csv(content, config.requireFinalNewline());
            ExportParser.Snapshot snapshot = parser.parse(lines, !export.isWorkbook());
            report(snapshot);
            boolean firstRead = lastRows == null;
            // a baseline only where an interruption (this start's, or the problem's) covered the time before
            noteContent(snapshot.quotes(), now, firstRead || status.problem() != null);
            pending = snapshot.quotes();
            pendingModified = version;
            failedPolls = 0;
            if (failedBefore >= INTERRUPTED_POLLS) {
                if (!baselineDue) {
                    log.info("TOS export {} was unusable on {} polls: the rows that changed meanwhile are published as"
                            + " baselines, not trades", export.path(), failedBefore);
                }
                baselineDue = true;
            }
            if (baselineDue) {
                baselineOfPending = true; // kept until published, even if a newer read replaces pending first
                baselineDue = false;
            }
            if (status.problem() != null) {
                log.info("TOS export {} is readable again", export.path());
                interruptions.resumed(Tick.SOURCE_TOS, now);
            } else if (firstRead) {
                // the first good read since this start: whatever an earlier run (or leader) left open of this source
                // (the file missing, frozen) was over by now at the latest; the time the app was away is APP's
                interruptions.resumed(Tick.SOURCE_TOS, now);
            }
            status = new Status(now, version, snapshot.quotes().size(), null, status.lastError(), status.lastErrorAt());
        } catch (UnusableRead e) {
            if (UnusableRead.HALF_WRITTEN.equals(e.reason())) {
                log.warn("TOS export {} (modified {}) was caught half-written: {}. Nothing from this read is published;"
                        + " the next version is read as usual (counted in thor.tos.reads.skipped)", export.path(),
                        version, sample(e.getMessage()));
                status = new Status(now, status.lastVersion(), status.rows(), status.problem(),
                        "half-written read of the version modified " + version + ": " + e.getMessage(), now);
            } else {
                problem(false, e.getMessage(), now);
            }
            skipped(e.reason()).increment(); // after the status: whoever sees the count sees the reason too
        }
    }

    /** No new version: is the file still there? A problem is reported once, and its end once. */
    private void checkPresence(Instant now) {
        Path file = export.path();
        Path dir = file.getParent();
        String problem = !Files.isDirectory(dir) ? "the folder " + dir + " does not exist or is not a folder"
                : !Files.isReadable(dir) ? "the folder " + dir + " cannot be read"
                : !Files.exists(file) ? "the file does not exist"
                : !Files.isReadable(file) ? "the file cannot be read"
                : null;
        if (problem == null) {
            absentPolls = 0;
            if (status.problem() != null && problemIsPresence) {
                log.info("TOS export {} is back", file);
                interruptions.resumed(Tick.SOURCE_TOS, now);
                if (contentChangedAt != null) {
                    // a baseline: the problem's own interruption covered the time until now
                    rowChangedAt.replaceAll((k, v) -> now);
                    contentChangedAt = now;
                }
                status = new Status(now, status.lastVersion(), status.rows(), null, status.lastError(), status.lastErrorAt());
            }
        } else {
            failedPolls++;
            if (++absentPolls >= ABSENT_POLLS_TO_REPORT) {
                problem(true, problem, now);
            }
        }
    }

    /**
     * Notes which rows changed since the last good read. {@code baseline}: every row counts as changed now (the
     * first read, or the first after the file was reported unusable).
     */
    private void noteContent(List<TosQuote> quotes, Instant now, boolean baseline) {
        Map<String, TosQuote> rows = new HashMap<>(quotes.size() * 2);
        boolean changed = baseline;
        for (TosQuote q : quotes) {
            rows.put(q.symbol(), q);
            if (baseline || !q.equals(lastRows.get(q.symbol()))) { // every field, a cell turned N/A included
                rowChangedAt.put(q.symbol(), now);
                changed = true;
            }
        }
        changed |= !baseline && rows.size() != lastRows.size(); // a row went away
        rowChangedAt.keySet().retainAll(rows.keySet());
        lastRows = rows;
        if (changed) {
            contentChangedAt = now;
        }
    }

    private void problem(boolean presence, String problem, Instant now) {
        if (status.problem() == null) {
            interruptions.stopped(Tick.SOURCE_TOS, now, problem); // a changed problem is the same interruption
        }
        if (!problem.equals(status.problem())) {
            log.warn("TOS export {}: {}. Nothing is published from it until that is fixed; the poller keeps checking"
                    + " every {} ms", export.path(), sample(problem), export.pollMillis());
        }
        problemIsPresence = presence;
        status = new Status(now, status.lastVersion(), status.rows(), problem, problem, now);
    }

    private List<Tick> due() {
        if (pending == null) {
            return List.of();
        }
        List<TosQuote> changed = differ.changes(pending);
        if (changed.isEmpty()) {
            pending = null;
            inFlight = List.of();
            baselineOfPending = false; // no row moved while the file was away: nothing needs a baseline
            return List.of();
        }
        inFlight = changed;
        Instant ts = pendingModified;
        return changed.stream().map(q -> q.toTick(ts)).toList();
    }

    private void report(ExportParser.Snapshot snapshot) {
        for (ExportParser.Rejection r : snapshot.rejections()) {
            counter("thor.tos.rows.rejected", "reason", r.reason(), "Export rows skipped, by reason").increment();
            if (once("row|" + r.symbol() + '|' + r.reason())) {
                log.warn("TOS export: the row on line {} ({}) is skipped: {} (logged once per symbol and reason;"
                        + " counted in thor.tos.rows.rejected)", r.line(), r.symbol().isEmpty() ? "no symbol" : sample(r.symbol()),
                        ExportParser.explain(r.reason()));
            }
        }
        for (ExportParser.UnreadableCell c : snapshot.unreadable()) {
            counter("thor.tos.cells.unreadable", "field", c.field(), "Export cells that cannot be read, by tick field")
                    .increment();
            if (once("cell|" + c.symbol() + '|' + c.field())) {
                log.warn("TOS export: {} {} '{}' on line {} cannot be read; the tick leaves {} out (logged once per"
                        + " symbol and field; counted in thor.tos.cells.unreadable)", c.symbol(), c.field(), sample(c.text()),
                        c.line(), c.field());
            }
        }
    }

    /** File text as a log line shows it: short, and with control characters (CR, LF...) escaped, so a cell can
     * never forge a log line of its own. */
    static String sample(String s) {
        String cut = s.length() <= SAMPLE_CHARS ? s : s.substring(0, SAMPLE_CHARS);
        StringBuilder out = new StringBuilder(cut.length() + 8);
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return cut.length() == s.length() ? out.toString() : out + "... (" + s.length() + " characters)";
    }

    private boolean once(String key) {
        return logged.size() < MAX_LOGGED && logged.add(key);
    }

    private Counter skipped(String reason) {
        return counter("thor.tos.reads.skipped", "reason", reason,
                "Reads of the export from which nothing was published, by reason");
    }

    private Counter counter(String name, String tag, String value, String description) {
        return counters.computeIfAbsent(name + '|' + value,
                k -> Counter.builder(name).tag(tag, value).description(description).register(meters));
    }
}
