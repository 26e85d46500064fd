package routes.livedata.schwab;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;
import routes.config.ThorProperties;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Schwab allows one streamer connection per login (code 12 kicks the older one), so across app
 * instances only the holder of this Redis lease streams. The key carries a hash of the app key, never
 * the key itself; the value names the holder so an operator can see who streams.
 */
@Component
public class StreamerLock {

    private static final DefaultRedisScript<Long> RENEW = new DefaultRedisScript<>(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) "
                    + "else return 0 end", Long.class);
    private static final DefaultRedisScript<Long> RELEASE = new DefaultRedisScript<>(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
            Long.class);

    private final StringRedisTemplate redis;
    private final String key;
    private final String holder;
    private final long leaseMs;

    public StreamerLock(StringRedisTemplate redis, ThorProperties props) {
        ThorProperties.Schwab c = props.getLivedata().getSchwab();
        this.redis = redis;
        this.key = "lock:schwab-streamer:" + hash(c.getAppKey());
        this.holder = ManagementFactory.getRuntimeMXBean().getName() + ":" + UUID.randomUUID().toString().substring(0, 8);
        this.leaseMs = c.getLockLease().toMillis();
    }

    public String key() {
        return key;
    }

    /** Takes the lease if it is free, or extends it if this instance holds it; true while we hold it. */
    boolean acquireOrRenew() {
        Long renewed = redis.execute(RENEW, List.of(key), holder, Long.toString(leaseMs));
        if (renewed != null && renewed == 1L) {
            return true;
        }
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, holder, leaseMs, TimeUnit.MILLISECONDS));
    }

    void release() {
        redis.execute(RELEASE, List.of(key), holder);
    }

    private static String hash(String appKey) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(
                    (appKey == null ? "" : appKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
