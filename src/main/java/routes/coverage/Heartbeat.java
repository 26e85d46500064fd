package routes.coverage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The app's heartbeat in Redis ({@code coverage:heartbeat}, field per source, epoch ms), written by route
 * {@code coverage-heartbeat} on every instance. On this instance's first beat an old heartbeat means no
 * instance was alive: the time from that beat to now becomes an {@link Interruptions#APP} interruption (the
 * app down is every source down). A beat a little late (a pause, a slow Redis) is not an outage: only one
 * older than {@code thor.coverage.down-after} is.
 */
@Component("heartbeat")
public class Heartbeat {

    public static final String KEY = "coverage:heartbeat";
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final StringRedisTemplate redis;
    private final Interruptions interruptions;
    private final Clock clock;
    private final Duration downAfter;
    private volatile boolean checked;

    public Heartbeat(StringRedisTemplate redis, Interruptions interruptions, Clock clock, CoverageProperties props) {
        this.redis = redis;
        this.interruptions = interruptions;
        this.clock = clock;
        this.downAfter = props.downAfter();
    }

    /** One beat; the first one of this instance first looks at the beat the previous run left. */
    public synchronized void beat() {
        Instant now = clock.instant();
        interruptions.retryUnsaved();
        if (!checked) {
            Object last = redis.opsForHash().get(KEY, Interruptions.APP);
            if (last != null) {
                Instant lastBeat = Instant.ofEpochMilli(Long.parseLong(last.toString()));
                if (Duration.between(lastBeat, now).compareTo(downAfter) > 0) {
                    interruptions.record(Interruptions.APP, List.of(), lastBeat, now,
                            "the app was down (last heartbeat " + lastBeat + ", restarted " + now + ")");
                }
            } else {
                log.info("No earlier heartbeat in Redis: the app's down time before this start is not known");
            }
            checked = true;
        }
        redis.opsForHash().put(KEY, Interruptions.APP, Long.toString(now.toEpochMilli()));
    }
}
