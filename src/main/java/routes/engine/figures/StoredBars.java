package routes.engine.figures;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import routes.engine.EngineProperties;
import routes.engine.BarEngine;
import routes.engine.BarQueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far a market's bars in Postgres are final: every bar that ended at or before the instant answered is
 * stored and can no longer be revised. The engine has closed bars through its watermark, queued closed and
 * revised bars in the same Redis transaction, and revises a bar only within the revision window after that;
 * so with the market's queue empty, bars ending at or before watermark − revision window are final.
 * Figures computed from final bars (a session's row, a 24-hour snapshot) are exact and never need rewriting.
 */
@Component
public class StoredBars {

    private final StringRedisTemplate redis;
    private final Duration revisionWindow;

    public StoredBars(StringRedisTemplate redis, EngineProperties props) {
        this.redis = redis;
        this.revisionWindow = props.revisionWindow();
    }

    /** Empty while the engine has no watermark yet or closed bars of the market still wait in its queue. */
    public Optional<Instant> finalThrough(String market) {
        String w = redis.opsForValue().get(BarEngine.WATERMARK);
        long watermark = w == null ? Long.MIN_VALUE : Long.parseLong(w);
        if (watermark <= 0) {
            return Optional.empty(); // nothing closed yet
        }
        Long queued = redis.opsForList().size(BarQueue.key(market));
        if (queued != null && queued > 0) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(watermark).minus(revisionWindow));
    }
}
