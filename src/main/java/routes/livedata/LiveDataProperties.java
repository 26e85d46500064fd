package routes.livedata;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;
import routes.livedata.demo.DemoProperties;
import routes.livedata.schwab.SchwabProperties;
import routes.livedata.tos.TosProperties;

/**
 * {@code thor.livedata.*}: ingestion. Each source has its record; {@link Publish} is how every source's ticks are
 * written to Redis.
 */
public record LiveDataProperties(
        @Valid @DefaultValue Publish publish,
        @Valid @DefaultValue DemoProperties demo,
        @Valid @DefaultValue SchwabProperties schwab,
        @Valid @DefaultValue TosProperties tos) {

    /**
     * {@code thor.livedata.publish.*}: how ticks are written to Redis, the same for every source.
     *
     * @param streamMaxLen approximate cap on the {@code ticks} stream ({@code XADD MAXLEN ~})
     * @param pubsub       also publish each tick as JSON on {@code pubsub:tick}
     * @param scriptBatch  ticks per call of the sink's Lua script: one call holds Redis this long; the pipeline
     *                     carries the rest
     */
    public record Publish(
            @Min(1000) @DefaultValue("1000000") long streamMaxLen,
            @DefaultValue("true") boolean pubsub,
            @Min(1) @DefaultValue("250") int scriptBatch) {
    }
}
