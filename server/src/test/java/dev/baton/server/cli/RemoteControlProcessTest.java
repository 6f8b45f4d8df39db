package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.server.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code baton remote-control --json} as a real process with the embedded relay. */
class RemoteControlProcessTest {
    @TempDir
    Path dir;

    private final List<Process> processes = new CopyOnWriteArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void printsJsonLinesOnlyAndResumesTheSameSessionByName() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("project"));

        List<String> first = runUntilOnline(workspace);
        JsonNode ready = Json.MAPPER.readTree(first.getFirst());
        assertThat(ready.path("event").asText()).isEqualTo("ready");
        String sessionId = ready.path("sessionId").asText();
        String relayUrl = ready.path("relayUrl").asText();
        assertThat(ready.path("url").asText())
                .isEqualTo(relayUrl + "/s/" + sessionId + "#pair="
                        + ready.path("pairingCode").asText());
        assertThat(first.subList(1, first.size()))
                .containsExactly(
                        "{\"event\":\"status\",\"state\":\"connecting\"}",
                        "{\"event\":\"status\",\"state\":\"online\"}");

        List<String> second = runUntilOnline(workspace);
        JsonNode again = Json.MAPPER.readTree(second.getFirst());
        assertThat(again.path("sessionId").asText()).isEqualTo(sessionId);
        assertThat(again.path("url").asText())
                .startsWith(again.path("relayUrl").asText() + "/s/" + sessionId + "#pair=");
        assertThat(again.path("pairingCode").asText())
                .isNotEqualTo(ready.path("pairingCode").asText());
    }

    /** Starts {@code remote-control --json --name demo}, waits for online, stops it with SIGTERM. */
    private List<String> runUntilOnline(Path workspace) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        BatonCli.class.getName(),
                        "remote-control",
                        "--json",
                        "--port",
                        "0",
                        "--name",
                        "demo")
                .directory(workspace.toFile())
                .redirectError(dir.resolve("stderr.log").toFile());
        builder.environment().put("BATON_HOME", dir.resolve("home").toString());
        Process process = builder.start();
        processes.add(process);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException e) {
                // the process ended
            }
        });

        Await.until("the online status line", () -> lines.stream().anyMatch(line -> line.contains("\"online\"")));
        process.destroy(); // SIGTERM: the shutdown hook closes stream, session and relay
        assertThat(process.waitFor(10, TimeUnit.SECONDS))
                .as("stopped on SIGTERM")
                .isTrue();
        reader.join();
        assertThat(lines)
                .allSatisfy(line ->
                        assertThat(Json.MAPPER.readTree(line).isObject()).isTrue());
        return List.copyOf(lines);
    }
}
