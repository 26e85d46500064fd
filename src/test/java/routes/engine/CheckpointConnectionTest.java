package routes.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import routes.support.Stores;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's checkpoint transaction on the real Redis: it commits only under the expected fencing token,
 * a token that moves while the transaction is being written discards all of it, a command that fails inside
 * it fails the checkpoint, and a connection killed between checkpoints is replaced by the next one.
 */
class CheckpointConnectionTest {

    private final StringRedisTemplate redis = Stores.redis();
    private final String prefix = "test:checkpoint:" + UUID.randomUUID() + ":";
    private final String epoch = prefix + "epoch";
    private final String name = "checkpoint-test-" + UUID.randomUUID();
    private CheckpointConnection checkpoints;

    @BeforeEach
    void connect() {
        RedisProperties props = new RedisProperties();
        props.setHost(System.getenv().getOrDefault("THOR_REDIS_HOST", "127.0.0.1"));
        props.setPort(Integer.parseInt(System.getenv().getOrDefault("THOR_REDIS_PORT", "6379")));
        props.setDatabase(15);
        props.setClientName(name);
        checkpoints = new CheckpointConnection(props);
        redis.opsForValue().set(epoch, "7");
    }

    @AfterEach
    void close() {
        checkpoints.destroy();
        redis.delete(List.of(epoch, prefix + "bars", prefix + "queue", prefix + "late"));
    }

    @Test
    void commitsEverythingUnderItsOwnEpochAndNothingUnderAnother() {
        boolean committed = checkpoints.commitIf(epoch, "7", tx -> {
            tx.hset(prefix + "bars", "ES", "open");
            tx.rpush(prefix + "queue", "bar-1", "bar-2");
        });
        assertThat(committed).isTrue();
        assertThat(redis.opsForHash().get(prefix + "bars", "ES")).isEqualTo("open");
        assertThat(redis.opsForList().range(prefix + "queue", 0, -1)).containsExactly("bar-1", "bar-2");

        boolean stale = checkpoints.commitIf(epoch, "6", tx -> tx.rpush(prefix + "queue", "from-a-stale-engine"));
        assertThat(stale).isFalse();
        assertThat(redis.opsForList().range(prefix + "queue", 0, -1)).containsExactly("bar-1", "bar-2");
    }

    @Test
    void anEpochThatMovesWhileTheTransactionIsWrittenDiscardsAllOfIt() {
        boolean committed = checkpoints.commitIf(epoch, "7", tx -> {
            tx.rpush(prefix + "queue", "bar-1");
            redis.opsForValue().increment(epoch); // another engine restores now, between the check and EXEC
            tx.set(prefix + "late", "written");
        });
        assertThat(committed).isFalse();
        assertThat(redis.hasKey(prefix + "queue")).isFalse();
        assertThat(redis.hasKey(prefix + "late")).isFalse();
    }

    @Test
    void aCommandFailingInsideTheTransactionFailsTheCheckpoint() {
        redis.opsForValue().set(prefix + "bars", "not a hash"); // HSET on it fails with WRONGTYPE
        assertThatThrownBy(() -> checkpoints.commitIf(epoch, "7", tx -> {
            tx.rpush(prefix + "queue", "bar-1");
            tx.hset(prefix + "bars", "ES", "open");
        })).isInstanceOf(RedisSystemException.class).hasMessageContaining("WRONGTYPE");
        redis.delete(prefix + "bars");
        // the engine writes the whole checkpoint again; every write in it is idempotent
        assertThat(checkpoints.commitIf(epoch, "7", tx -> tx.hset(prefix + "bars", "ES", "open"))).isTrue();
        assertThat(redis.opsForHash().get(prefix + "bars", "ES")).isEqualTo("open");
    }

    @Test
    void aKilledConnectionIsReplacedByTheNextCheckpoint() {
        assertThat(checkpoints.commitIf(epoch, "7", tx -> tx.rpush(prefix + "queue", "bar-1"))).isTrue();
        String address = checkpointClientAddress();
        redis.execute((RedisCallback<Object>) c -> {
            c.serverCommands().killClient(address.substring(0, address.lastIndexOf(':')),
                    Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
            return null;
        });
        // the first attempt may meet the dead connection and fail (the engine then retries everything); the
        // connection it leaves behind is a new one
        boolean committed;
        try {
            committed = checkpoints.commitIf(epoch, "7", tx -> tx.rpush(prefix + "queue", "bar-2"));
        } catch (RuntimeException e) {
            committed = checkpoints.commitIf(epoch, "7", tx -> tx.rpush(prefix + "queue", "bar-2"));
        }
        assertThat(committed).isTrue();
        assertThat(redis.opsForList().range(prefix + "queue", 0, -1)).containsExactly("bar-1", "bar-2");
        assertThat(checkpointClientAddress()).as("a new connection").isNotEqualTo(address);
    }

    /** host:port of this test's checkpoint connection, found by its client name in CLIENT LIST. */
    private String checkpointClientAddress() {
        return redis.execute((RedisCallback<String>) c -> c.serverCommands().getClientList().stream()
                .filter(i -> (name + "-engine-checkpoint").equals(i.getName()))
                .map(i -> i.getAddressPort()).findFirst().orElseThrow());
    }
}
