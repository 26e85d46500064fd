package routes.coverage;

import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text of {@code classpath:sql/*.sql} files run from Java through NamedParameterJdbcTemplate
 * ({@code :name} parameters; the files the YAML routes run use camel-sql's {@code :#name}).
 */
public final class SqlFiles {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlFiles() {
    }

    public static String get(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = new ClassPathResource("sql/" + n).getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("missing classpath:sql/" + n, e);
            }
        });
    }
}
