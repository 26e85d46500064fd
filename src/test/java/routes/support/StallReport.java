package routes.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What a test prints when an await stalls: its own facts plus every thread's stack, so a failure that happens
 * only inside the full suite can be explained from the CI log instead of guessed at.
 */
public final class StallReport {

    private StallReport() {
    }

    /** Runs {@code await}; if it throws, prints {@code facts} and the threads, then rethrows. */
    public static void explainOnFailure(Runnable await, Supplier<String> facts) {
        try {
            await.run();
        } catch (RuntimeException | AssertionError e) {
            StringBuilder out = new StringBuilder("=== stall report: ").append(e.getMessage()).append('\n');
            try {
                out.append(facts.get()).append('\n');
            } catch (RuntimeException f) {
                out.append("facts failed: ").append(f).append('\n');
            }
            for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                out.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState()).append('\n');
                Arrays.stream(t.getStackTrace()).limit(25).forEach(f -> out.append("    at ").append(f).append('\n'));
            }
            System.out.println(out);
            throw e;
        }
    }
}
