package dev.baton.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a process a test started prints, read as it comes, so the test can wait for a line while it runs. */
public final class ProcessOutput {
    private ProcessOutput() {}

    /** The process's stdout lines so far, filled on a virtual thread until the process ends. */
    public static List<String> lines(Process process) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException e) {
                // the process ended
            }
        });
        return lines;
    }
}
