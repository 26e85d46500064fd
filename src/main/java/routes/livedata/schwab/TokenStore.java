package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The token file (CONTRACT §2): Schwab's token fields plus {@code expires_at} and
 * {@code refresh_token_issued_at} in epoch seconds. Written owner-only to a temp file and moved into
 * place, so a crash mid-write never leaves half a login behind.
 */
@Component
public class TokenStore {

    private static final Logger log = LoggerFactory.getLogger(TokenStore.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    public TokenStore(LiveDataProperties props) {
        this.file = Path.of(props.schwab().tokenFile());
    }

    public Path file() {
        return file;
    }

    /**
     * The stored login, or empty when there is none yet.
     *
     * @throws IllegalStateException naming the file and the field when the file cannot be used
     */
    public synchronized Optional<SchwabTokens> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            tightenIfShared();
            JsonNode n = json.readTree(file.toFile());
            return Optional.of(new SchwabTokens(text(n, "access_token"), text(n, "refresh_token"),
                    n.path("token_type").asText("Bearer"), n.path("expires_in").asLong(0),
                    Instant.ofEpochSecond(number(n, "expires_at")),
                    Instant.ofEpochSecond(number(n, "refresh_token_issued_at"))));
        } catch (IOException e) {
            throw new IllegalStateException("token file " + file + " is not readable JSON: " + e.getMessage());
        }
    }

    public synchronized void write(SchwabTokens t) {
        ObjectNode n = json.createObjectNode();
        n.put("access_token", t.accessToken());
        n.put("refresh_token", t.refreshToken());
        n.put("token_type", t.tokenType());
        n.put("expires_in", t.expiresIn());
        n.put("expires_at", t.expiresAt().getEpochSecond());
        n.put("refresh_token_issued_at", t.refreshTokenIssuedAt().getEpochSecond());
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path tmp = posix
                    ? Files.createTempFile(dir, ".schwab-token", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, ".schwab-token", ".tmp");
            try {
                Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write token file " + file, e);
        }
    }

    /** A file someone copied in with default permissions is made owner-only again. */
    private void tightenIfShared() throws IOException {
        if (posix && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            log.warn("Schwab token file {} was readable by others; its permissions are now rw-------", file);
        }
    }

    private String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalStateException("token file " + file + " has no '" + field + "'");
        }
        return v.asText();
    }

    private long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalStateException("token file " + file + " has no numeric '" + field + "' (epoch seconds)");
        }
        return v.asLong();
    }
}
