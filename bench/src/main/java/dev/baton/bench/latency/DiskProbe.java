package dev.baton.bench.latency;

import dev.baton.bench.Latencies;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The floor the session log puts under every input: one small append forced to disk, as the backend's
 * event log does for each commit before anyone hears of it. Measured on the disk the sessions live on.
 */
final class DiskProbe {
    private static final byte[] LINE = ("{\"probe\":\"" + "x".repeat(200) + "\"}\n").getBytes(StandardCharsets.UTF_8);

    private DiskProbe() {}

    static Latencies appendAndForce(Path dir, int count) throws IOException {
        Latencies latencies = new Latencies();
        try (FileChannel log = FileChannel.open(
                dir.resolve("probe.jsonl"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                log.write(ByteBuffer.wrap(LINE));
                log.force(false);
                latencies.recordNanos(System.nanoTime() - start);
            }
        }
        return latencies;
    }
}
