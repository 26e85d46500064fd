package routes.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every {@code thor.*} property (README "Properties" lists them with their defaults). Bound and
 * validated at startup: a bad value stops the app with a message that names the key.
 */
@Validated
@ConfigurationProperties(prefix = "thor")
public class ThorProperties {

    @Valid
    private final Markets markets = new Markets();
    @Valid
    private final Livedata livedata = new Livedata();
    @Valid
    private final Engine engine = new Engine();
    @Valid
    private final Routes routes = new Routes();

    public Markets getMarkets() { return markets; }
    public Livedata getLivedata() { return livedata; }
    public Engine getEngine() { return engine; }
    public Routes getRoutes() { return routes; }

    /** User routes and what every route shares (README "Extending Thor in YAML"). */
    public static class Routes {
        /** A folder whose *.camel.yaml files are loaded at startup beside the built-in routes; empty: none. */
        @NotNull
        private String directory = "";
        /** Pause after a failed exchange before its route goes on (route-errors.camel.yaml). */
        @Min(0)
        private long errorPauseMs = 1000;
        /** A failing route's error is logged at most this often per route and kind (always counted). */
        @NotNull @DurationMin(millis = 0)
        private Duration errorLogInterval = Duration.ofMinutes(1);
        /** Items each exit (seda:bars, seda:market-events) holds for slow user routes before it drops. */
        @Min(1)
        private int exitQueueSize = 10_000;

        public String getDirectory() { return directory; }
        public void setDirectory(String v) { this.directory = v; }
        public long getErrorPauseMs() { return errorPauseMs; }
        public void setErrorPauseMs(long v) { this.errorPauseMs = v; }
        public Duration getErrorLogInterval() { return errorLogInterval; }
        public void setErrorLogInterval(Duration v) { this.errorLogInterval = v; }
        public int getExitQueueSize() { return exitQueueSize; }
        public void setExitQueueSize(int v) { this.exitQueueSize = v; }
    }

    public static class Markets {
        /** The market catalog, a Spring resource. */
        @NotBlank
        private String location = "classpath:markets/markets.yaml";

        /** More catalogs whose markets are added to the main one (ids must not repeat). */
        private java.util.List<String> additionalLocations = new java.util.ArrayList<>();

        /** How often market:{id} is refreshed (route globalmarkets-status-board). */
        @NotNull @DurationMin(millis = 10)
        private Duration boardInterval = Duration.ofSeconds(1);
        /** Quartz cron (UTC) of the market clock (route globalmarkets-clock); each fire emits the transitions since the last. */
        @NotBlank
        private String clockCron = "* * * * * ?";

        public Duration getBoardInterval() { return boardInterval; }
        public void setBoardInterval(Duration v) { this.boardInterval = v; }
        public String getClockCron() { return clockCron; }
        public void setClockCron(String v) { this.clockCron = v; }
        public String getLocation() { return location; }
        public void setLocation(String location) { this.location = location; }
        public java.util.List<String> getAdditionalLocations() { return additionalLocations; }
        public void setAdditionalLocations(java.util.List<String> v) { this.additionalLocations = v; }
    }

    public static class Livedata {
        @Valid
        private final Publish publish = new Publish();
        @Valid
        private final Demo demo = new Demo();
        @Valid
        private final Schwab schwab = new Schwab();
        @Valid
        private final Tos tos = new Tos();

        public Publish getPublish() { return publish; }
        public Demo getDemo() { return demo; }
        public Schwab getSchwab() { return schwab; }
        public Tos getTos() { return tos; }
    }

    /** How ticks are written to Redis, the same for every source. */
    public static class Publish {
        /** Approximate cap on the {@code ticks} stream ({@code XADD MAXLEN ~}). */
        @Min(1000)
        private long streamMaxLen = 1_000_000;
        /** Also publish each tick as JSON on {@code pubsub:tick}. */
        private boolean pubsub = true;
        /** Ticks per call of the sink's Lua script: one call holds Redis this long; the pipeline carries the rest. */
        @Min(1)
        private int scriptBatch = 250;

        public int getScriptBatch() { return scriptBatch; }
        public void setScriptBatch(int v) { this.scriptBatch = v; }
        public long getStreamMaxLen() { return streamMaxLen; }
        public void setStreamMaxLen(long v) { this.streamMaxLen = v; }
        public boolean isPubsub() { return pubsub; }
        public void setPubsub(boolean v) { this.pubsub = v; }
    }

    /** The built-in simulated feed. */
    public static class Demo {
        private boolean enabled = false;
        /** Ticks per second over all symbols. */
        @Min(1)
        private int ticksPerSecond = 20;
        /** Random seed; the same seed gives the same walk. */
        private long seed = 42;

        /** How often the feed hands its due ticks to the sink (route livedata-demo-feed). */
        @NotNull @DurationMin(millis = 1)
        private Duration interval = Duration.ofMillis(100);

        public Duration getInterval() { return interval; }
        public void setInterval(Duration v) { this.interval = v; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { this.enabled = v; }
        public int getTicksPerSecond() { return ticksPerSecond; }
        public void setTicksPerSecond(int v) { this.ticksPerSecond = v; }
        public long getSeed() { return seed; }
        public void setSeed(long v) { this.seed = v; }
    }

    /** The Schwab streamer (LEVELONE_EQUITIES, _FUTURES, _FUTURES_OPTIONS); defaults are Schwab's real endpoints. */
    public static class Schwab {
        private boolean enabled = false;
        /** Base of the Trader API; the user preference call is {@code {base}/trader/v1/userPreference}. */
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL")
        private String apiBaseUrl = "https://api.schwabapi.com";
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL")
        private String tokenUrl = "https://api.schwabapi.com/v1/oauth/token";
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL")
        private String authorizeUrl = "https://api.schwabapi.com/v1/oauth/authorize";
        /** The callback URL registered with the Schwab app, exactly (a trailing slash matters). */
        @NotBlank
        private String callbackUrl = "https://127.0.0.1";
        /** Where the tokens live (JSON, owner-only). */
        @NotBlank
        private String tokenFile = System.getProperty("user.home") + "/.thor/schwab-token.json";
        private String appKey = "";
        private String appSecret = "";
        /** Equity and index keys as Schwab spells them ({@code AAPL}, {@code $SPX}). */
        private List<String> equities = new ArrayList<>();
        /** Futures roots or contracts, with or without the leading slash ({@code ES}, {@code /ESZ25}). */
        private List<String> futures = new ArrayList<>();
        /** Futures options keys ({@code ./OZCZ23C565}; the leading {@code ./} is added when missing). */
        private List<String> futuresOptions = new ArrayList<>();
        /** Refresh the access token this long before it ends. */
        @NotNull @DurationMin(seconds = 1)
        private Duration refreshMargin = Duration.ofMinutes(5);
        /** How often the token's age is checked while streaming. */
        @NotNull @DurationMin(millis = 100)
        private Duration tokenCheckInterval = Duration.ofSeconds(30);
        /** How long a refresh token lives after the browser login (Schwab: 7 days, not extended by refreshes). */
        @NotNull @DurationMin(minutes = 1)
        private Duration refreshTokenLifetime = Duration.ofDays(7);
        /** Warn this long before the refresh token ends. */
        @NotNull
        private Duration refreshTokenWarning = Duration.ofHours(12);
        /** No frame at all (data, heartbeat, response) for this long: the link is dead, reconnect. */
        @NotNull @DurationMin(millis = 100)
        private Duration heartbeatTimeout = Duration.ofSeconds(60);
        /** How long LOGIN, SUBS, ADD or UNSUBS may wait for its response before the link counts as dead. */
        @NotNull @DurationMin(millis = 100)
        private Duration commandTimeout = Duration.ofSeconds(10);
        /** Connect, token and preference calls give up after this long. */
        @NotNull @DurationMin(millis = 100)
        private Duration httpTimeout = Duration.ofSeconds(15);
        /** First wait before a reconnect; doubled per failure up to backoff-max. */
        @NotNull @DurationMin(millis = 10)
        private Duration backoffMin = Duration.ofSeconds(1);
        @NotNull @DurationMin(millis = 10)
        private Duration backoffMax = Duration.ofSeconds(60);
        /** A connection that streamed this long was stable: the next reconnect starts again at backoff-min. */
        @NotNull @DurationMin(millis = 10)
        private Duration stableAfter = Duration.ofSeconds(60);
        /** Wait after Schwab closed us because another connection on the same login took over (code 12). */
        @NotNull @DurationMin(millis = 10)
        private Duration takeoverBackoff = Duration.ofMinutes(10);

        @AssertTrue(message = "thor.livedata.schwab.app-key and thor.livedata.schwab.app-secret are required "
                + "when thor.livedata.schwab.enabled=true (environment SCHWAB_APP_KEY / SCHWAB_APP_SECRET)")
        public boolean isCredentialsPresentWhenEnabled() {
            return !enabled || (appKey != null && !appKey.isBlank() && appSecret != null && !appSecret.isBlank());
        }

        @AssertTrue(message = "thor.livedata.schwab.backoff-max must not be shorter than backoff-min")
        public boolean isBackoffRangeValid() {
            return backoffMin == null || backoffMax == null || backoffMax.compareTo(backoffMin) >= 0;
        }

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { this.enabled = v; }
        public String getApiBaseUrl() { return apiBaseUrl; }
        public void setApiBaseUrl(String v) { this.apiBaseUrl = v; }
        public String getTokenUrl() { return tokenUrl; }
        public void setTokenUrl(String v) { this.tokenUrl = v; }
        public String getAuthorizeUrl() { return authorizeUrl; }
        public void setAuthorizeUrl(String v) { this.authorizeUrl = v; }
        public String getCallbackUrl() { return callbackUrl; }
        public void setCallbackUrl(String v) { this.callbackUrl = v; }
        public String getTokenFile() { return tokenFile; }
        public void setTokenFile(String v) { this.tokenFile = v; }
        public String getAppKey() { return appKey; }
        public void setAppKey(String v) { this.appKey = v; }
        public String getAppSecret() { return appSecret; }
        public void setAppSecret(String v) { this.appSecret = v; }
        public List<String> getEquities() { return equities; }
        public void setEquities(List<String> v) { this.equities = v; }
        public List<String> getFutures() { return futures; }
        public void setFutures(List<String> v) { this.futures = v; }
        public List<String> getFuturesOptions() { return futuresOptions; }
        public void setFuturesOptions(List<String> v) { this.futuresOptions = v; }
        public Duration getRefreshMargin() { return refreshMargin; }
        public void setRefreshMargin(Duration v) { this.refreshMargin = v; }
        public Duration getTokenCheckInterval() { return tokenCheckInterval; }
        public void setTokenCheckInterval(Duration v) { this.tokenCheckInterval = v; }
        public Duration getRefreshTokenLifetime() { return refreshTokenLifetime; }
        public void setRefreshTokenLifetime(Duration v) { this.refreshTokenLifetime = v; }
        public Duration getRefreshTokenWarning() { return refreshTokenWarning; }
        public void setRefreshTokenWarning(Duration v) { this.refreshTokenWarning = v; }
        public Duration getHeartbeatTimeout() { return heartbeatTimeout; }
        public void setHeartbeatTimeout(Duration v) { this.heartbeatTimeout = v; }
        public Duration getCommandTimeout() { return commandTimeout; }
        public void setCommandTimeout(Duration v) { this.commandTimeout = v; }
        public Duration getHttpTimeout() { return httpTimeout; }
        public void setHttpTimeout(Duration v) { this.httpTimeout = v; }
        public Duration getBackoffMin() { return backoffMin; }
        public void setBackoffMin(Duration v) { this.backoffMin = v; }
        public Duration getBackoffMax() { return backoffMax; }
        public void setBackoffMax(Duration v) { this.backoffMax = v; }
        public Duration getStableAfter() { return stableAfter; }
        public void setStableAfter(Duration v) { this.stableAfter = v; }
        public Duration getTakeoverBackoff() { return takeoverBackoff; }
        public void setTakeoverBackoff(Duration v) { this.takeoverBackoff = v; }

        /** Secrets stay out of logs and error pages. */
        @Override
        public String toString() {
            return "Schwab[enabled=" + enabled + ", apiBaseUrl=" + apiBaseUrl + ", tokenFile=" + tokenFile
                    + ", equities=" + equities + ", futures=" + futures + "]";
        }
    }

    /** The thinkorswim export poller (CONTRACT §4); README "Properties" explains each key. */
    public static class Tos {
        private boolean enabled = false;
        /** The export Excel or a macro writes: a .csv, or a workbook (.xlsx/.xlsm) whose cached values are read. */
        @NotBlank
        @Pattern(regexp = "(?i).+\\.(csv|xlsx|xlsm)", message = "must name a .csv, .xlsx or .xlsm file")
        private String file = "tos-export.csv";
        /** How often the file is checked for a new version. */
        @NotNull
        @DurationMin(millis = 50)
        private Duration pollInterval = Duration.ofSeconds(1);
        /** How long size and modification time must stay the same before a new version is read. */
        @NotNull
        @DurationMin(millis = 10)
        private Duration settleTime = Duration.ofMillis(250);
        /** The workbook sheet to read; empty for the first sheet. Not used for CSV. */
        @NotNull
        private String sheet = "";
        /** A CSV whose last line does not end in a line break is taken as caught half-written. */
        private boolean requireFinalNewline = true;
        /** Symbol → root, looked up after the leading '/' or '$' and any ':exchange' are removed. */
        private Map<@NotBlank String, @NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9./-]*",
                message = "must be a symbol root such as ES") String> aliases =
                new LinkedHashMap<>(Map.of("RT", "RTY", "30YRBOND", "ZB", "DXY", "DX", "USDX", "DX"));
        /** No row changing for this long while a market of the file's symbols is open: the export is frozen (an interruption). */
        @NotNull
        @DurationMin(seconds = 1)
        private Duration frozenAfter = Duration.ofMinutes(2);
        /** How often the coverage check looks whether the export is frozen (route coverage-tos-frozen). */
        @NotNull
        @DurationMin(millis = 10)
        private Duration frozenCheckInterval = Duration.ofSeconds(10);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { this.enabled = v; }
        public String getFile() { return file; }
        public void setFile(String v) { this.file = v; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration v) { this.pollInterval = v; }
        public Duration getSettleTime() { return settleTime; }
        public void setSettleTime(Duration v) { this.settleTime = v; }
        public String getSheet() { return sheet; }
        public void setSheet(String v) { this.sheet = v; }
        public boolean isRequireFinalNewline() { return requireFinalNewline; }
        public void setRequireFinalNewline(boolean v) { this.requireFinalNewline = v; }
        public Map<String, String> getAliases() { return aliases; }
        public void setAliases(Map<String, String> v) { this.aliases = v; }
        public Duration getFrozenAfter() { return frozenAfter; }
        public void setFrozenAfter(Duration v) { this.frozenAfter = v; }
        public Duration getFrozenCheckInterval() { return frozenCheckInterval; }
        public void setFrozenCheckInterval(Duration v) { this.frozenCheckInterval = v; }
    }

    public static class Engine {
        /** Run the engine routes on this instance. */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { this.enabled = v; }
        /** How long after a minute ends its bar is closed. */
        @NotNull
        private Duration barGrace = Duration.ofSeconds(2);
        /** How long after its bar was written a late tick still revises it. */
        @NotNull
        private Duration revisionWindow = Duration.ofMinutes(5);
        /** How often the engine makes its work durable in Redis (and acknowledges the ticks it covers). */
        @NotNull
        private Duration checkpointInterval = Duration.ofSeconds(1);
        /** Stream entries read per batch. */
        @Min(1)
        private int batchSize = 10_000;
        /** The consumer group on the {@code ticks} stream. */
        @NotBlank
        private String consumerGroup = "thor-engine";
        /** This instance's consumer name inside the group. */
        @NotBlank
        private String consumerName = "engine";
        /** Closed bars written to Postgres per SQL batch. */
        @Min(1)
        private int flushBatchSize = 10_000;

        /** The tick reader's timer period (route engine-tick-batches); the stream block paces it. */
        @NotNull @DurationMin(millis = 1)
        private Duration tickReadPeriod = Duration.ofMillis(1);
        /** How long one read waits on the stream for new ticks when there are none. */
        @NotNull @DurationMin(millis = 1)
        private Duration streamBlock = Duration.ofMillis(500);
        /** A full batch whose newest tick was added longer ago than this is a backlog: bars close by tick time. */
        @NotNull @DurationMin(millis = 1)
        private Duration backlogAge = Duration.ofSeconds(5);
        /** How often the stream is checked for ticks it trimmed before the engine read them. */
        @NotNull @DurationMin(millis = 1)
        private Duration trimCheckInterval = Duration.ofSeconds(5);
        /** How often due bars are closed when no tick comes (route engine-bar-close). */
        @NotNull @DurationMin(millis = 1)
        private Duration closeCheckInterval = Duration.ofMillis(250);
        /** The flusher's timer period (route engine-bar-flush); it reads Redis only when bars were queued. */
        @NotNull @DurationMin(millis = 1)
        private Duration flushInterval = Duration.ofMillis(20);
        /** Without a signal from this instance's engine the flusher still looks into the queues this often. */
        @NotNull @DurationMin(millis = 1)
        private Duration flushIdleCheck = Duration.ofSeconds(1);
        /** Delay of the engine's timers after startup or a takeover. */
        @NotNull
        private Duration startDelay = Duration.ofSeconds(1);
        /** A checkpoint is forced once this many stream entries wait for their acknowledgement. */
        @Min(1)
        private int checkpointMaxEntries = 200_000;

        public Duration getTickReadPeriod() { return tickReadPeriod; }
        public void setTickReadPeriod(Duration v) { this.tickReadPeriod = v; }
        public Duration getStreamBlock() { return streamBlock; }
        public void setStreamBlock(Duration v) { this.streamBlock = v; }
        public Duration getBacklogAge() { return backlogAge; }
        public void setBacklogAge(Duration v) { this.backlogAge = v; }
        public Duration getTrimCheckInterval() { return trimCheckInterval; }
        public void setTrimCheckInterval(Duration v) { this.trimCheckInterval = v; }
        public Duration getCloseCheckInterval() { return closeCheckInterval; }
        public void setCloseCheckInterval(Duration v) { this.closeCheckInterval = v; }
        public Duration getFlushInterval() { return flushInterval; }
        public void setFlushInterval(Duration v) { this.flushInterval = v; }
        public Duration getFlushIdleCheck() { return flushIdleCheck; }
        public void setFlushIdleCheck(Duration v) { this.flushIdleCheck = v; }
        public Duration getStartDelay() { return startDelay; }
        public void setStartDelay(Duration v) { this.startDelay = v; }
        public int getCheckpointMaxEntries() { return checkpointMaxEntries; }
        public void setCheckpointMaxEntries(int v) { this.checkpointMaxEntries = v; }
        public Duration getBarGrace() { return barGrace; }
        public void setBarGrace(Duration v) { this.barGrace = v; }
        public Duration getRevisionWindow() { return revisionWindow; }
        public void setRevisionWindow(Duration v) { this.revisionWindow = v; }
        public Duration getCheckpointInterval() { return checkpointInterval; }
        public void setCheckpointInterval(Duration v) { this.checkpointInterval = v; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int v) { this.batchSize = v; }
        public String getConsumerGroup() { return consumerGroup; }
        public void setConsumerGroup(String v) { this.consumerGroup = v; }
        public String getConsumerName() { return consumerName; }
        public void setConsumerName(String v) { this.consumerName = v; }
        public int getFlushBatchSize() { return flushBatchSize; }
        public void setFlushBatchSize(int v) { this.flushBatchSize = v; }

        @Valid
        private final Figures figures = new Figures();
        @Valid
        private final Rolling24h rolling24h = new Rolling24h();
        @Valid
        private final Week52 week52 = new Week52();

        public Figures getFigures() { return figures; }
        public Rolling24h getRolling24h() { return rolling24h; }
        public Week52 getWeek52() { return week52; }
    }

    /** Session, rolling 24-hour and 52-week figures of markets with session-capture on. */
    public static class Figures {
        /** How often closed sessions to finalize, due 24-hour snapshots and aged 52-week extremes are looked for. */
        @NotNull @DurationMin(millis = 100)
        private Duration checkInterval = Duration.ofSeconds(15);
        /** How far back a closed session without its final rows is still finalized (an app that was down). */
        @NotNull @DurationMin(hours = 1)
        private Duration lookback = Duration.ofDays(7);

        /** Delay of the figure timers after startup or a takeover. */
        @NotNull
        private Duration startDelay = Duration.ofSeconds(2);

        public Duration getStartDelay() { return startDelay; }
        public void setStartDelay(Duration v) { this.startDelay = v; }
        public Duration getCheckInterval() { return checkInterval; }
        public void setCheckInterval(Duration v) { this.checkInterval = v; }
        public Duration getLookback() { return lookback; }
        public void setLookback(Duration v) { this.lookback = v; }
    }

    public static class Rolling24h {
        /** A rolling_24h row at every multiple of this (UTC) while the market is in a session. */
        @NotNull @DurationMin(minutes = 1)
        private Duration snapshotInterval = Duration.ofMinutes(15);

        @AssertTrue(message = "thor.engine.rolling-24h.snapshot-interval must be whole minutes that divide a day")
        public boolean isSnapshotIntervalDividingADay() {
            return snapshotInterval == null || (snapshotInterval.toMillis() % 60_000 == 0
                    && snapshotInterval.toMillis() > 0 && Duration.ofDays(1).toMillis() % snapshotInterval.toMillis() == 0);
        }

        public Duration getSnapshotInterval() { return snapshotInterval; }
        public void setSnapshotInterval(Duration v) { this.snapshotInterval = v; }
    }

    public static class Week52 {
        /** Quartz cron (UTC) of the nightly checkpoint: every 52-week row recomputed from history and written. */
        @NotBlank
        private String checkpointCron = "0 30 0 * * ?";

        public String getCheckpointCron() { return checkpointCron; }
        public void setCheckpointCron(String v) { this.checkpointCron = v; }
    }
}
