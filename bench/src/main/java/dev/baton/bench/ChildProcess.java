package dev.baton.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process a figure starts (a relay, the echo server) that ends with the figure: when it is closed, and
 * also when the benchmark itself is stopped (Ctrl-C, SIGTERM), through a shutdown hook. A relay left
 * running would take CPU from the next figure and skew it.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Thread hook;

    private ChildProcess(Process process) {
        this.process = process;
        this.hook = new Thread(process::destroyForcibly, "bench-child-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static ChildProcess start(ProcessBuilder builder) throws IOException {
        return new ChildProcess(builder.start());
    }

    public Process process() {
        return process;
    }

    /** The CPU time the process has used so far, user and system. */
    public Duration cpu() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time on this OS"));
    }

    /** Asks the process to stop, then kills it after 10 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it destroys the process anyway.
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
