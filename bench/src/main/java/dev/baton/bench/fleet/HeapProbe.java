package dev.baton.bench.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The live heap of another JVM: a full collection forced with {@code jcmd GC.run}, then the used heap
 * from {@code jcmd GC.heap_info}. What survives a full collection is what the process really holds.
 */
public final class HeapProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private HeapProbe() {}

    /** Bytes of heap in use in {@code pid} right after a full collection (two, so finalizable garbage goes too). */
    public static long liveBytes(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = USED.matcher(info);
        if (!used.find()) {
            throw new IOException("jcmd GC.heap_info of " + pid + " shows no used heap: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** The first {@code lines} lines of {@code jcmd GC.class_histogram}: the classes holding the most heap. */
    public static String histogram(long pid, int lines) throws IOException, InterruptedException {
        return jcmd(pid, "GC.class_histogram").lines().limit(lines).collect(Collectors.joining("\n"));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process process = new ProcessBuilder(List.of(jcmd, Long.toString(pid), command))
                .redirectErrorStream(true)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(
                    "jcmd " + pid + " " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
