package routes.engine;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The engine's own Redis connection for its checkpoints. A checkpoint is one MULTI/EXEC of tens of
 * thousands of commands (the bars of every symbol at a minute's close); written through the shared template,
 * each command is its own socket write, which made closing 10,000 bars take 0.3–0.5 s. Here the whole
 * transaction is buffered and written at once.
 *
 * <p>The connection never reconnects by itself: a command that was in flight when the link dropped is not
 * replayed later, outside its WATCH. A failed checkpoint throws, the engine keeps what it had not committed,
 * and the next checkpoint opens a new connection and writes it all again (every write in it is idempotent).
 */
@Component
public class CheckpointConnection implements DisposableBean {

    private final RedisClient client;
    private final Duration timeout;
    private StatefulRedisConnection<String, String> connection;

    public CheckpointConnection(RedisProperties redis) {
        this.timeout = redis.getTimeout() == null ? Duration.ofSeconds(5) : redis.getTimeout();
        // the same server, database and credentials as the application's own Redis connection
        RedisURI.Builder uri = redis.getUrl() != null ? RedisURI.builder(RedisURI.create(redis.getUrl()))
                : RedisURI.builder().withHost(redis.getHost()).withPort(redis.getPort()).withDatabase(redis.getDatabase());
        uri.withTimeout(timeout);
        if (redis.getSsl() != null && redis.getSsl().isEnabled()) {
            uri.withSsl(true);
        }
        // named, so CLIENT LIST shows an operator which connection this is
        uri.withClientName(redis.getClientName() != null ? redis.getClientName() + "-engine-checkpoint" : "thor-engine-checkpoint");
        if (redis.getUrl() == null && redis.getPassword() != null) {
            if (redis.getUsername() != null) {
                uri.withAuthentication(redis.getUsername(), redis.getPassword());
            } else {
                uri.withPassword(redis.getPassword().toCharArray());
            }
        }
        this.client = RedisClient.create(uri.build());
        this.client.setOptions(ClientOptions.builder().autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
    }

    /**
     * Runs {@code commands} inside MULTI/EXEC, provided {@code watchedKey} still holds {@code expected}
     * (WATCHed, so a change between the check and EXEC aborts it too).
     *
     * @return false when the key held something else or changed: nothing was written
     * @throws RedisSystemException when Redis could not be reached or answered, or a command in the
     *         transaction failed
     */
    public synchronized boolean commitIf(String watchedKey, String expected,
                                         Consumer<RedisAsyncCommands<String, String>> commands) {
        StatefulRedisConnection<String, String> c = connection();
        try {
            RedisAsyncCommands<String, String> redis = c.async();
            redis.watch(watchedKey);
            RedisFuture<String> current = redis.get(watchedKey);
            c.flushCommands();
            if (!expected.equals(await(current))) {
                redis.unwatch();
                c.flushCommands();
                return false;
            }
            redis.multi();
            commands.accept(redis);
            RedisFuture<TransactionResult> exec = redis.exec();
            c.flushCommands();
            TransactionResult result = await(exec);
            if (result == null || result.wasDiscarded()) {
                return false;
            }
            // Redis runs the other commands of a transaction when one fails (a key of the wrong type): the
            // checkpoint is not whole, so it counts as failed and is written again, all of it, next time.
            for (Object r : result) {
                if (r instanceof Exception e) {
                    throw new RedisSystemException("a command of the engine checkpoint failed: " + e.getMessage(), e);
                }
            }
            return true;
        } catch (RuntimeException e) {
            drop(); // the next checkpoint starts on a fresh connection
            throw e;
        }
    }

    private <T> T await(RedisFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisSystemException("interrupted while writing the engine checkpoint", e);
        } catch (ExecutionException e) {
            throw new RedisSystemException("the engine checkpoint failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new RedisSystemException("the engine checkpoint got no answer within " + timeout, e);
        }
    }

    private StatefulRedisConnection<String, String> connection() {
        if (connection == null || !connection.isOpen()) {
            drop();
            connection = client.connect(StringCodec.UTF8);
            connection.setAutoFlushCommands(false);
        }
        return connection;
    }

    private void drop() {
        if (connection != null) {
            connection.closeAsync();
            connection = null;
        }
    }

    @Override
    public synchronized void destroy() {
        drop();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
