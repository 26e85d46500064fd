package routes.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The app as a separate JVM (the test's own classpath, profile {@code test}), so a test can kill it the hard
 * way (SIGKILL, no shutdown hooks) and start it again, as production crashes do.
 */
public final class AppProcess implements AutoCloseable {

    private final List<String> args;
    private final Path log;
    private List<String> prefix = List.of();
    private Process process;

    /** A command the JVM runs under, such as {@code setpriv} with fewer privileges; before {@link #start}. */
    public AppProcess runUnder(List<String> command) {
        this.prefix = List.copyOf(command);
        return this;
    }

    public AppProcess(Path log, String... args) {
        this.log = log;
        this.args = List.of(args);
    }

    public AppProcess start() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        String extra = System.getProperty("app.jvm.args", "");
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", cp, "routes.ThorApplication", "--spring.profiles.active=test"));
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    /** SIGKILL: no graceful stop, no shutdown hooks. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public File logFile() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
