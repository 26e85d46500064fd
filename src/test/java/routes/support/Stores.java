package routes.support;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Plain connections to the test Redis (database 15) and Postgres (thor_test), for tests that run no Spring context. */
public final class Stores {

    private Stores() {
    }

    public static StringRedisTemplate redis() {
        return redis(System.getenv().getOrDefault("THOR_REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(System.getenv().getOrDefault("THOR_REDIS_PORT", "6379")), 15);
    }

    public static StringRedisTemplate redis(String host, int port, int database) {
        RedisStandaloneConfiguration c = new RedisStandaloneConfiguration(host, port);
        c.setDatabase(database);
        LettuceConnectionFactory f = new LettuceConnectionFactory(c);
        f.afterPropertiesSet();
        f.start();
        return new StringRedisTemplate(f);
    }

    private static volatile boolean migrated;

    /** The test database, migrated first: a test without a Spring context may be the first to touch it. */
    public static JdbcTemplate postgres() {
        DriverManagerDataSource ds = dataSource();
        if (!migrated) {
            org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            migrated = true;
        }
        return new JdbcTemplate(ds);
    }

    private static DriverManagerDataSource dataSource() {
        return new DriverManagerDataSource(
                "jdbc:postgresql://" + System.getenv().getOrDefault("THOR_DB_HOST", "127.0.0.1") + ":"
                        + System.getenv().getOrDefault("THOR_DB_PORT", "5432") + "/"
                        + System.getenv().getOrDefault("THOR_DB_TEST_NAME", "thor_test"),
                System.getenv().getOrDefault("THOR_DB_USER", "thor"),
                System.getenv().getOrDefault("THOR_DB_PASSWORD", "thor"));
    }
}
