package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.SessionNames;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.server.config.BatonHome;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionStore;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.ProcessTrees;
import dev.baton.server.testing.TestDevice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        ProcessTrees.kill(processes);
    }

    @Test
    void printsJsonLinesOnlyAndResumesTheSameSessionByName() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("project"));

        List<String> first = runUntilOnline(workspace);
        JsonNode ready = Json.MAPPER.readTree(first.getFirst());
        assertThat(ready.path("event").asText()).isEqualTo("ready");
        String sessionId = ready.path("sessionId").asText();
        assertThat(sessionId).as("the form of the ids the relay gives").matches("ses_[A-Za-z0-9_-]{16}");
        String relayUrl = ready.path("relayUrl").asText();
        assertThat(ready.path("url").asText())
                .isEqualTo(relayUrl + "/s/" + sessionId + "#pair="
                        + ready.path("pairingCode").asText() + "&key="
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(
                                        Files.readAllBytes(new BatonHome(dir.resolve("home")).contentKeyFile())));
        assertThat(first.subList(1, first.size()))
                .containsExactlyInAnyOrder(
                        "{\"event\":\"capacity\",\"running\":1,\"capacity\":32}",
                        "{\"event\":\"status\",\"state\":\"connecting\"}",
                        "{\"event\":\"adopted\",\"sessionIds\":[]}",
                        "{\"event\":\"status\",\"state\":\"online\"}");
        assertThat(first)
                .as("the connection's states in the order they came")
                .filteredOn(line -> line.contains("\"status\""))
                .containsExactly(
                        "{\"event\":\"status\",\"state\":\"connecting\"}",
                        "{\"event\":\"status\",\"state\":\"online\"}");
        // The hint is a command that runs as it is copied; the second run below is that command.
        assertThat(Files.readString(dir.resolve("stderr.log")))
                .contains("baton: stopped. To resume, run in this directory: baton remote-control --name 'demo'"
                        + " (or baton rc --continue).\n");

        List<String> second = runUntilOnline(workspace);
        JsonNode again = Json.MAPPER.readTree(second.getFirst());
        assertThat(again.path("sessionId").asText()).isEqualTo(sessionId);
        assertThat(again.path("url").asText())
                .startsWith(again.path("relayUrl").asText() + "/s/" + sessionId + "#pair=");
        assertThat(again.path("pairingCode").asText())
                .isNotEqualTo(ready.path("pairingCode").asText());
    }

    @Test
    void aSessionAnEarlierVersionStoredUnderABareIdResumesByNameWithItsHistory() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("project"));
        String bareId = "0aIjUIxN-4Hq2wTzQk7cAg";
        try (Session earlier =
                new SessionStore(new BatonHome(dir.resolve("home")).sessions()).create(bareId, "demo", workspace)) {
            earlier.submit("earlier", "terminal", new Input.Message("!echo from-before"));
            dev.baton.server.testing.Await.until("the earlier command's output", () -> earlier.eventsAfter(0).stream()
                    .anyMatch(event -> "earlier".equals(event.inputId())
                            && event.body() instanceof EventBody.Status status
                            && !status.processing()));
        }

        Run run = startOnline(workspace);
        JsonNode ready = Json.MAPPER.readTree(run.lines().getFirst());
        assertThat(ready.path("sessionId").asText()).isEqualTo(bareId);
        try (TestDevice phone = TestDevice.pair(ready.path("url").asText())) {
            phone.subscribe(bareId);
            phone.awaitEvent(
                    "the earlier command's output",
                    event -> "earlier".equals(event.inputId())
                            && event.body() instanceof EventBody.ToolResult result
                            && result.output().contains("from-before"));
        }
        stop(run);
    }

    @Test
    void withoutATerminalASecondRunStartsANewSessionAndNamesTheOneItCouldResumeAsEveryScreenDoes() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("project"));
        String first = Json.MAPPER
                .readTree(stop(startOnline(workspace, List.of())).getFirst())
                .path("sessionId")
                .asText();

        String second = Json.MAPPER
                .readTree(stop(startOnline(workspace, List.of())).getFirst())
                .path("sessionId")
                .asText();

        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readString(dir.resolve("stderr.log")))
                .contains("baton: starting a new session; to resume "
                        + SessionNames.displayName(first, null)
                        + " instead, run baton rc --continue\n");
    }

    @Test
    void aRenewedPairingCodeIsOneLineInTheFormOfTheFirst() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("project"));
        Run run = startOnline(workspace);
        JsonNode ready = Json.MAPPER.readTree(run.lines().getFirst());

        try (TestDevice phone = TestDevice.pair(ready.path("url").asText(), "phone")) {
            Await.until("a pairing line after the device paired", () -> run.lines().stream()
                    .anyMatch(line -> line.contains("\"event\":\"pairing\"")));
        }
        List<String> lines = stop(run);
        List<JsonNode> pairings = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node.path("event").asText().equals("pairing")) {
                pairings.add(node);
            }
        }
        JsonNode renewed = pairings.getFirst();
        assertThat(fieldNames(renewed)).as("the same form as ready").isEqualTo(fieldNames(ready));
        assertThat(renewed.path("sessionId").asText())
                .isEqualTo(ready.path("sessionId").asText());
        assertThat(renewed.path("environmentId").asText())
                .isEqualTo(ready.path("environmentId").asText());
        assertThat(renewed.path("pairingCode").asText())
                .isNotEqualTo(ready.path("pairingCode").asText());
        assertThat(renewed.path("url").asText())
                .contains("#pair=" + renewed.path("pairingCode").asText() + "&key=");
    }

    @Test
    void theSessionsCommandsSeeTheRemoteControlItRunsUnder() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("project"));
        Run run = startOnline(workspace);
        JsonNode ready = Json.MAPPER.readTree(run.lines().getFirst());
        String sessionId = ready.path("sessionId").asText();
        String relayUrl = ready.path("relayUrl").asText();

        try (TestDevice phone = TestDevice.pair(ready.path("url").asText())) {
            phone.subscribe(sessionId);
            phone.send("rc", new Input.Message("/remote-control"));
            phone.send("status", new Input.Message("/status"));
            phone.send("mobile", new Input.Message("/mobile"));

            // The log every device reads says a pairing was offered, never a code.
            assertThat(noticeFor(phone, "rc"))
                    .contains(relayUrl + "/s/" + sessionId)
                    .contains("A pairing was offered")
                    .doesNotContain("#pair");
            assertThat(noticeFor(phone, "status"))
                    .endsWith("\nRemote Control: online, " + relayUrl + "/s/" + sessionId);
            assertThat(noticeFor(phone, "mobile")).contains(relayUrl + "/\n").contains("█");
        }
        stop(run);
    }

    private static String noticeFor(TestDevice phone, String inputId) {
        phone.awaitEvent(
                "the notice answering " + inputId,
                event -> inputId.equals(event.inputId()) && event.body() instanceof EventBody.Notice);
        return phone.events().stream()
                .filter(event -> inputId.equals(event.inputId()))
                .map(Event::body)
                .flatMap(body -> body instanceof EventBody.Notice notice ? Stream.of(notice.text()) : Stream.empty())
                .findFirst()
                .orElseThrow();
    }

    private static List<String> fieldNames(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names.subList(1, names.size()); // all but event
    }

    private record Run(Process process, List<String> lines, Thread reader) {}

    /** Starts {@code remote-control --json --name demo}, waits for online, stops it with SIGTERM. */
    private List<String> runUntilOnline(Path workspace) throws Exception {
        return stop(startOnline(workspace));
    }

    private Run startOnline(Path workspace) throws Exception {
        return startOnline(workspace, List.of("--name", "demo"));
    }

    private Run startOnline(Path workspace, List<String> choice) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BatonCli.class.getName(),
                "remote-control",
                "--json",
                "--port",
                "0"));
        command.addAll(choice);
        ProcessBuilder builder = new ProcessBuilder(command)
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

        // The directory's earlier sessions are adopted once the first session is online: the last line of a start.
        Await.until(
                "the online status line, then the adopted line",
                () -> lines.stream().anyMatch(line -> line.contains("\"online\""))
                        && lines.stream().anyMatch(line -> line.contains("\"adopted\"")));
        return new Run(process, lines, reader);
    }

    private List<String> stop(Run run) throws Exception {
        Process process = run.process();
        List<String> lines = run.lines();
        Thread reader = run.reader();
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
