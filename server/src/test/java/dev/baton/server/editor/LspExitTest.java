package dev.baton.server.editor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An editor that closes Baton sends {@code shutdown} and {@code exit} back to back; the backend must exit
 * 0 every time, whichever of the two it finishes first, and write nothing but the two answers. Many
 * real processes over real stdio.
 */
class LspExitTest {
    private static final int RUNS = 20;
    private static final Pattern HEADER = Pattern.compile("Content-Length: (\\d+)\r\n\r\n");

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void killLeftovers() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void shutdownThenExitRightBehindItExitsZeroEveryTime() throws Exception {
        Path home = dir.resolve("home");
        for (int run = 1; run <= RUNS; run++) {
            process = start(home);
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}"));
                stdin.write(frame("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}"));
                stdin.write(frame("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}"));
                stdin.write(frame("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"));
                stdin.flush();
                InputStream out = process.getInputStream();
                CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(out));

                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue())
                        .as("exit status of run %d of %d; stderr: %s", run, RUNS, stderr())
                        .isZero();
                assertThat(answerIds(stdout.get(10, TimeUnit.SECONDS)))
                        .as("frames on stdout in run %d", run)
                        .containsExactly(1, 2);
            }
        }
    }

    /**
     * The test's own classpath rather than the jar, which is packaged after the tests: the class-data
     * flags of {@code ./baton} are left out, since the JVM cannot archive classes from directories.
     */
    private Process start(Path home) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.baton.server.cli.BatonCli",
                "lsp",
                "--port",
                "0"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectError(dir.resolve("stderr.log").toFile());
        builder.environment().put("BATON_HOME", home.toString());
        return builder.start();
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.log"));
    }

    private static byte[] frame(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        framed.writeBytes(body);
        return framed.toByteArray();
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids of the responses on stdout, failing on any byte that is not part of a frame. */
    private static List<Integer> answerIds(byte[] stdout) throws IOException {
        List<Integer> ids = new ArrayList<>();
        String all = new String(stdout, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < stdout.length) {
            Matcher header = HEADER.matcher(all).region(at, all.length());
            assertThat(header.lookingAt())
                    .as("stdout holds something that is not a frame: %s", all.substring(at))
                    .isTrue();
            int length = Integer.parseInt(header.group(1));
            JsonNode message = Json.MAPPER.readTree(new String(stdout, header.end(), length, StandardCharsets.UTF_8));
            if (message.has("id") && !message.has("method")) {
                ids.add(message.get("id").asInt());
            }
            at = header.end() + length;
        }
        return ids;
    }
}
