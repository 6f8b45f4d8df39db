package dev.baton.bench.fleet;

import dev.baton.bench.ChildProcess;
import dev.baton.bench.latency.EchoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline server ({@link EchoServer}: the relay's Jetty and thread pool, nothing else) in its own
 * JVM with the same JVM options as the relay, so that its CPU and heap compare with the relay's.
 */
public final class EchoProcess implements AutoCloseable {
    private final ChildProcess process;
    private final URI url;

    private EchoProcess(ChildProcess process, URI url) {
        this.process = process;
        this.url = url;
    }

    public static EchoProcess start(List<String> jvmOptions, Path stderr) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EchoServer.class.getName()));
        ChildProcess process = ChildProcess.start(new ProcessBuilder(command).redirectError(stderr.toFile()));
        String line = new BufferedReader(
                        new InputStreamReader(process.process().getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (line == null) {
            throw new IOException("the echo server exited before listening; see " + stderr);
        }
        return new EchoProcess(process, URI.create(line.strip()));
    }

    /** {@code http://127.0.0.1:PORT/echo}. */
    public URI url() {
        return url;
    }

    /** {@code ws://127.0.0.1:PORT/echo}. */
    public URI webSocketUrl() {
        return URI.create("ws" + url.toString().substring("http".length()));
    }

    /** The CPU time the echo server has used so far. */
    public Duration cpu() {
        return process.cpu();
    }

    public long pid() {
        return process.process().pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    /** The java running this JVM: the echo server runs on the same JDK as the benchmark. */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
