package routes.engine;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code thor.engine.*}: ThorTrading, the engine. The timings are the ones its YAML routes reference
 * (engine-bars.camel.yaml, engine-sessions.camel.yaml); the Java beans read the same keys.
 *
 * @param enabled              run the engine routes on this instance
 * @param barGrace             how long after a minute ends its bar is closed
 * @param revisionWindow       how long after its bar was written a late trade still revises it
 * @param checkpointInterval   how often the engine makes its work durable in Redis (and acknowledges the entries it
 *                             covers)
 * @param batchSize            stream entries read per batch
 * @param consumerGroup        the consumer group on the {@code ticks} stream
 * @param consumerName         this instance's consumer name inside the group (one name for every instance: only the
 *                             leader consumes, and a new leader must see the old one's pending entries)
 * @param flushBatchSize       closed bars written to Postgres per SQL batch
 * @param tickReadPeriod       the tick reader's timer period (route engine-tick-batches); the stream block paces it
 * @param streamBlock          how long one read waits on the stream for new entries when there are none
 * @param backlogAge           a full batch whose newest entry was added longer ago than this is a backlog: bars close
 *                             by trade time
 * @param trimCheckInterval    how often the stream is checked for entries it trimmed before the engine read them
 * @param closeCheckInterval   how often due bars are closed when no trade comes (route engine-bar-close)
 * @param flushInterval        the flusher's timer period (route engine-bar-flush); it reads Redis only when bars
 *                             were queued
 * @param flushIdleCheck       without a signal from this instance's engine the flusher still looks into the queues
 *                             this often
 * @param startDelay           delay of the engine's timers after startup or a takeover
 * @param checkpointMaxEntries a checkpoint is forced once this many stream entries wait for their acknowledgement
 * @param figures              {@code thor.engine.figures.*}
 * @param rolling24h           {@code thor.engine.rolling-24h.*}
 * @param week52               {@code thor.engine.week52.*}
 */
public record EngineProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("2s") Duration barGrace,
        @NotNull @DefaultValue("5m") Duration revisionWindow,
        @NotNull @DefaultValue("1s") Duration checkpointInterval,
        @Min(1) @DefaultValue("10000") int batchSize,
        @NotBlank @DefaultValue("thor-engine") String consumerGroup,
        @NotBlank @DefaultValue("engine") String consumerName,
        @Min(1) @DefaultValue("10000") int flushBatchSize,
        @NotNull @DurationMin(millis = 1) @DefaultValue("1ms") Duration tickReadPeriod,
        @NotNull @DurationMin(millis = 1) @DefaultValue("500ms") Duration streamBlock,
        @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration backlogAge,
        @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration trimCheckInterval,
        @NotNull @DurationMin(millis = 1) @DefaultValue("250ms") Duration closeCheckInterval,
        @NotNull @DurationMin(millis = 1) @DefaultValue("20ms") Duration flushInterval,
        @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration flushIdleCheck,
        @NotNull @DefaultValue("1s") Duration startDelay,
        @Min(1) @DefaultValue("200000") int checkpointMaxEntries,
        @Valid @DefaultValue Figures figures,
        @Valid @DefaultValue Rolling24h rolling24h,
        @Valid @DefaultValue Week52 week52) {

    /**
     * {@code thor.engine.figures.*}: session, rolling 24-hour and 52-week figures of markets with session-capture on.
     *
     * @param checkInterval how often closed sessions to finalize, due 24-hour snapshots and aged 52-week extremes
     *                      are looked for
     * @param lookback      how far back a closed session without its final rows is still finalized (an app that was
     *                      down)
     * @param startDelay    delay of the figure timers after startup or a takeover
     */
    public record Figures(
            @NotNull @DurationMin(millis = 100) @DefaultValue("15s") Duration checkInterval,
            @NotNull @DurationMin(hours = 1) @DefaultValue("7d") Duration lookback,
            @NotNull @DefaultValue("2s") Duration startDelay) {
    }

    /** @param snapshotInterval a rolling_24h row at every multiple of this (UTC) while the market is in a session */
    public record Rolling24h(
            @NotNull @DurationMin(minutes = 1) @DefaultValue("15m") Duration snapshotInterval) {

        @AssertTrue(message = "thor.engine.rolling-24h.snapshot-interval must be whole minutes that divide a day")
        public boolean isSnapshotIntervalDividingADay() {
            return snapshotInterval == null || (snapshotInterval.toMillis() % 60_000 == 0
                    && snapshotInterval.toMillis() > 0
                    && Duration.ofDays(1).toMillis() % snapshotInterval.toMillis() == 0);
        }
    }

    /** @param checkpointCron Quartz cron (UTC) of the nightly checkpoint: every 52-week row recomputed from history */
    public record Week52(
            @NotBlank @DefaultValue("0 30 0 * * ?") String checkpointCron) {
    }
}
