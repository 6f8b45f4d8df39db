package dev.baton.server.editor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.EventBody;
import dev.baton.relay.Relay;
import dev.baton.relay.RelayAdmin;
import dev.baton.relay.RelayConfig;
import dev.baton.server.remote.ExternalAccount;
import dev.baton.server.remote.RelayChoice;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.TestDevice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code baton lsp} main in its own process and speaks LSP to it over its stdio. */
class LspProcessTest {
    private static final Pattern HEADER = Pattern.compile("Content-Length: (\\d+)\r\n\r\n");

    @TempDir
    Path dir;

    private Process process;
    private Thread reader;
    private volatile AssertionError readerFailure;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private int nextId = 1;

    @AfterEach
    void killLeftovers() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void remoteControlFromTheEditorWithNothingButFramesOnStdout() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        start(Map.of("BATON_HOME", dir.resolve("home").toString()), "lsp", "--port", "0");

        JsonNode initialized =
                request("initialize", Map.of("rootUri", workspace.toUri().toString()));
        assertThat(initialized.at("/result/serverInfo/name").asText()).isEqualTo("baton");
        notify("initialized", Map.of());

        JsonNode started = request("baton/startRemoteControl", Map.of("name", "from the editor"));
        assertThat(started.at("/result/url").asText())
                .contains("/s/" + started.at("/result/sessionId").asText() + "#pair=btp_");
        assertThat(started.at("/result/qrText").asText()).contains("█");
        assertThat(started.at("/result/qrSvg").asText()).startsWith("<?xml").contains("<svg");
        awaitNotification("baton/connectionStatus", "online");

        JsonNode sessions = request("baton/listSessions", Map.of());
        assertThat(sessions.at("/result/sessions/0/title").asText()).isEqualTo("from the editor");
        assertThat(sessions.at("/result/sessions/0/online").asBoolean()).isTrue();

        JsonNode shutdown = request("shutdown", null);
        assertThat(shutdown.has("result")).isTrue();
        assertThat(shutdown.has("error")).isFalse();
        assertThat(statesReported()).containsSubsequence("connecting", "online", "off");
        notify("exit", null);

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        reader.join(Duration.ofSeconds(10));
        byte[] everything = stdout.toByteArray();
        Parsed all = parse(everything);
        assertThat(all.consumed())
                .as("bytes on stdout that are not part of a frame")
                .isEqualTo(everything.length);
        assertThat(all.frames()).hasSameSizeAs(received);
    }

    @Test
    void remoteControlCommandStartsRemoteControlForASessionTheEditorOpened() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        start(Map.of("BATON_HOME", dir.resolve("home").toString()), "lsp", "--port", "0");
        request("initialize", Map.of("rootUri", workspace.toUri().toString()));
        notify("initialized", Map.of());
        String sessionId =
                request("baton/openSession", Map.of()).at("/result/sessionId").asText();
        sendInput(sessionId, "before", "!echo history");
        awaitSessionEvent(
                "the command's result",
                event -> "before".equals(event.path("inputId").asText())
                        && "tool_result".equals(event.path("type").asText()));

        sendInput(sessionId, "rc", "/remote-control Couch");
        JsonNode notice = awaitSessionEvent(
                "the Remote Control notice",
                event -> "rc".equals(event.path("inputId").asText())
                        && "notice".equals(event.path("type").asText()));
        JsonNode title = sessionEvents().stream()
                .filter(event -> "rc".equals(event.path("inputId").asText())
                        && "title".equals(event.path("type").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(title.path("title").asText()).isEqualTo("Couch");
        assertThat(title.path("source").asText()).isEqualTo("name");
        awaitNotification("baton/connectionStatus", "online");

        // The log says a pairing was offered, never the code: every device reads the log.
        assertThat(notice.path("text").asText())
                .contains("/s/" + sessionId)
                .contains("A pairing was offered")
                .doesNotContain("#pair");

        // The editor gets its code as the request's direct result, and it pairs a phone.
        JsonNode again = request("baton/startRemoteControl", Map.of("sessionId", sessionId, "name", "Desk"));
        assertThat(again.at("/result/sessionId").asText()).isEqualTo(sessionId);
        Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)/s/" + sessionId + "#pair=(btp_[^&\\s]+)&key=")
                .matcher(again.at("/result/url").asText());
        assertThat(url.find()).as(again.toString()).isTrue();
        try (TestDevice phone = TestDevice.pair(again.at("/result/url").asText())) {
            phone.subscribe(sessionId);
            phone.awaitEvent(
                    "the whole history, up to the title",
                    event -> event.body() instanceof EventBody.Title named
                            && named.title().equals("Couch"));
            assertThat(phone.events().getFirst().seq()).isEqualTo(1);
        }
        awaitSessionEvent(
                "the editor's name as title",
                event -> "title".equals(event.path("type").asText())
                        && "Desk".equals(event.path("title").asText())
                        && "name".equals(event.path("source").asText()));
        assertThat(sessionEvents()).as("no event carries a pairing code").noneMatch(event -> event.toString()
                .contains(url.group(2)));

        request("shutdown", null);
        notify("exit", null);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void devicesAreNamedByTheHostingRelayAndNoneWhenRemoteControlIsOffOrTheRelayIsSilent() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Relay relay = Relay.start(RelayConfig.defaults().withPort(0));
        int port = relay.port();
        try {
            start(
                    Map.of(
                            "BATON_HOME",
                            dir.resolve("home").toString(),
                            RelayChoice.URL_VARIABLE,
                            relay.url().toString(),
                            ExternalAccount.TOKEN_VARIABLE,
                            relay.createAccountToken("alice")),
                    "lsp");
            request("initialize", Map.of("rootUri", workspace.toUri().toString()));
            notify("initialized", Map.of());
            assertThat(request("baton/devices", Map.of()).at("/result/devices"))
                    .as("Remote Control is off")
                    .isEmpty();

            JsonNode started = request("baton/startRemoteControl", Map.of());
            awaitNotification("baton/connectionStatus", "online");
            try (TestDevice phone = TestDevice.pair(started.at("/result/url").asText(), "Pixel 7")) {
                JsonNode devices = request("baton/devices", Map.of()).at("/result/devices");
                assertThat(devices).hasSize(1);
                assertThat(devices.get(0).path("id").asText()).isEqualTo(phone.deviceId());
                assertThat(devices.get(0).path("name").asText()).isEqualTo("Pixel 7");
            }
        } finally {
            relay.close();
        }

        // The relay's port now accepts connections and never answers: the worst a relay can do.
        try (ServerSocket silent = new ServerSocket()) {
            silent.setReuseAddress(true);
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            long asked = System.nanoTime();
            JsonNode devices = request("baton/devices", Map.of());
            Duration waited = Duration.ofNanos(System.nanoTime() - asked);
            assertThat(devices.at("/result/devices")).as(devices.toString()).isEmpty();
            assertThat(waited)
                    .as("the answer comes after the backend's own bound, not the HTTP client's 30 s")
                    .isLessThan(Duration.ofSeconds(10));
        }
        request("shutdown", null);
        notify("exit", null);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anOrganizationThatHasNotTurnedRemoteControlOnRefusesTheEditorWithTheSameMessageAsTheCli() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Path data = dir.resolve("relay-data");
        String token;
        try (RelayAdmin admin = RelayAdmin.open(data)) {
            admin.accounts().addOrganization("acme");
            admin.accounts().addUser("ann", "acme", null);
            token = admin.accounts().createAccountToken("ann").token();
        }
        try (Relay relay = Relay.start(RelayConfig.defaults().withPort(0).withDataDir(data))) {
            start(
                    Map.of(
                            "BATON_HOME",
                            dir.resolve("home").toString(),
                            RelayChoice.URL_VARIABLE,
                            relay.url().toString(),
                            ExternalAccount.TOKEN_VARIABLE,
                            token),
                    "lsp");
            request("initialize", Map.of("rootUri", workspace.toUri().toString()));
            notify("initialized", Map.of());

            JsonNode refused = request("baton/startRemoteControl", Map.of());

            assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32803);
            assertThat(refused.at("/error/message").asText())
                    .startsWith("Remote Control is not yet enabled for your account: organization acme has not"
                            + " turned Remote Control on yet (remote_control_not_enabled). Ask an admin of your"
                            + " organization to turn it on")
                    .doesNotContain("\n");
            request("shutdown", null);
            notify("exit", null);
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void errorsAreOneLineWithoutStackTracesAndExitWithoutShutdownIsOne() throws Exception {
        start(Map.of("BATON_HOME", dir.resolve("home").toString()), "lsp", "--port", "0");
        request("initialize", Map.of());

        JsonNode refused = request(
                "baton/sendInput",
                Map.of(
                        "sessionId",
                        "no-such-session",
                        "inputId",
                        "i1",
                        "input",
                        Map.of("kind", "message", "text", "hi")));

        assertThat(refused.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(refused.at("/error/message").asText()).isEqualTo("no session no-such-session");
        assertThat(refused.at("/error/data").isMissingNode()
                        || refused.at("/error/data").isNull())
                .isTrue();
        notify("exit", null);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
    }

    @Test
    void exitSentRightBehindShutdownWithoutWaitingForItsAnswerIsStillAGracefulExit() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        start(Map.of("BATON_HOME", dir.resolve("home").toString()), "lsp", "--port", "0");
        request("initialize", Map.of("rootUri", workspace.toUri().toString()));
        // A session with Remote Control on makes shutdown's work long enough for exit to overtake it.
        request("baton/startRemoteControl", Map.of("name", "racing"));
        awaitNotification("baton/connectionStatus", "online");

        send(nextId++, "shutdown", null);
        notify("exit", null);

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("exit status after shutdown then exit")
                .isZero();
    }

    @Test
    void theEditorsWorkspaceTrustDecidesWhetherTheProjectLayerCounts() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        // A server entry that only leaves a marker: the MCP start fails after it, with a notice.
        Files.writeString(
                workspace.resolve(".mcp.json"),
                "{\"mcpServers\": {\"marker\": {\"command\": \"/bin/sh\", \"args\": [\"-c\", \"touch $MARK\"],"
                        + " \"env\": {\"MARK\": \"started\"}}}}");
        start(
                Map.of(
                        "BATON_HOME", dir.resolve("home").toString(),
                        // A model configuration that is complete, so sessions prepare their agent; never contacted.
                        "ANTHROPIC_API_KEY", "unused",
                        "ANTHROPIC_BASE_URL", "http://127.0.0.1:9"),
                "lsp",
                "--port",
                "0");
        request(
                "initialize",
                Map.of(
                        "rootUri", workspace.toUri().toString(),
                        "initializationOptions", Map.of("workspaceTrusted", false)));
        notify("initialized", Map.of());

        JsonNode untrusted = request("baton/openSession", Map.of());
        String untrustedId = untrusted.at("/result/sessionId").asText();
        Await.until("the notice that the project layer is off", () -> noticesOf(untrusted).stream()
                .anyMatch(text -> text.contains("project settings are off until you trust it")));
        sendInput(untrustedId, "probe", "!true");
        awaitSessionEvent(
                "the probe's result",
                event -> "probe".equals(event.path("inputId").asText())
                        && "tool_result".equals(event.path("type").asText()));
        assertThat(workspace.resolve("started")).doesNotExist();

        notify("baton/workspaceTrust", Map.of("trusted", true));
        JsonNode trusted = request("baton/openSession", Map.of());

        assertThat(trusted.at("/result/sessionId").asText()).isNotEqualTo(untrustedId);
        Await.until("the trusted folder's MCP server to start", () -> Files.exists(workspace.resolve("started")));
        assertThat(noticesOf(trusted)).noneMatch(text -> text.contains("project settings are off"));
        assertThat(dir.resolve("home").resolve("trust.json"))
                .as("the editor's word is not recorded for terminal starts")
                .doesNotExist();
    }

    @Test
    void aWorkspaceTrustedInTheEditorStartsItsServersAndABadValueIsRefused() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Files.writeString(
                workspace.resolve(".mcp.json"),
                "{\"mcpServers\": {\"marker\": {\"command\": \"/bin/sh\", \"args\": [\"-c\", \"touch started\"]}}}");
        start(
                Map.of(
                        "BATON_HOME", dir.resolve("home").toString(),
                        "ANTHROPIC_API_KEY", "unused",
                        "ANTHROPIC_BASE_URL", "http://127.0.0.1:9"),
                "lsp",
                "--port",
                "0");
        JsonNode refused = request(
                "initialize",
                Map.of(
                        "rootUri",
                        workspace.toUri().toString(),
                        "initializationOptions",
                        Map.of("workspaceTrusted", "yes")));
        assertThat(refused.at("/error/message").asText())
                .isEqualTo("initializationOptions.workspaceTrusted: expected true or false");

        request(
                "initialize",
                Map.of(
                        "rootUri", workspace.toUri().toString(),
                        "initializationOptions", Map.of("workspaceTrusted", true)));
        notify("initialized", Map.of());
        JsonNode opened = request("baton/openSession", Map.of());

        Await.until("the MCP server to start", () -> Files.exists(workspace.resolve("started")));
        assertThat(noticesOf(opened)).noneMatch(text -> text.contains("project settings are off"));
    }

    /** The notices of the session {@code opened} answered for: in the answer, or sent after it. */
    private List<String> noticesOf(JsonNode opened) {
        String sessionId = opened.at("/result/sessionId").asText();
        List<JsonNode> events = new ArrayList<>();
        opened.at("/result/events").forEach(events::add);
        received.stream()
                .filter(frame -> "baton/sessionEvent"
                                .equals(frame.path("method").asText())
                        && sessionId.equals(frame.at("/params/sessionId").asText()))
                .forEach(frame -> events.add(frame.at("/params/event")));
        return events.stream()
                .filter(event -> "notice".equals(event.path("type").asText()))
                .map(event -> event.path("text").asText())
                .toList();
    }

    private void start(Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), "dev.baton.server.cli.BatonCli"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectError(dir.resolve("stderr.log").toFile());
        builder.environment().putAll(env);
        process = builder.start();
        reader = Thread.ofVirtual().start(() -> readFrames(process.getInputStream()));
    }

    /** Collects stdout verbatim and decodes frames as they complete. */
    private void readFrames(InputStream in) {
        byte[] buffer = new byte[8192];
        int parsed = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (stdout) {
                    stdout.write(buffer, 0, n);
                    List<JsonNode> frames = parse(stdout.toByteArray()).frames();
                    received.addAll(frames.subList(parsed, frames.size()));
                    parsed = frames.size();
                }
            }
        } catch (IOException e) {
            // the process ended
        } catch (AssertionError e) {
            readerFailure = e; // reported by the test thread, which is waiting for an answer
        }
    }

    /** The complete frames at the start of a byte stream, and how many bytes they take. */
    private record Parsed(List<JsonNode> frames, int consumed) {}

    /** Reads frames until the bytes end or a frame is incomplete; fails on anything that is not a frame. */
    private static Parsed parse(byte[] bytes) {
        List<JsonNode> frames = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            String rest = new String(bytes, at, Math.min(64, bytes.length - at), StandardCharsets.US_ASCII);
            Matcher header = HEADER.matcher(rest);
            if (!header.lookingAt()) {
                assertThat(partialHeader(rest))
                        .as("stdout holds something that is not an LSP frame: %s", rest)
                        .isTrue();
                break;
            }
            int length = Integer.parseInt(header.group(1));
            int body = at + header.end();
            if (body + length > bytes.length) {
                break;
            }
            try {
                frames.add(Json.MAPPER.readTree(new String(bytes, body, length, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new AssertionError("a frame's body is not JSON", e);
            }
            at = body + length;
        }
        return new Parsed(frames, at);
    }

    /** The start of a header whose rest has not arrived yet. */
    private static boolean partialHeader(String rest) {
        return "Content-Length: ".startsWith(rest) || rest.matches("Content-Length: \\d+(\r(\n\r?)?)?");
    }

    private JsonNode request(String method, Object params) throws IOException {
        int id = nextId++;
        send(id, method, params);
        Await.until("the answer to " + method, () -> {
            if (readerFailure != null) {
                throw readerFailure;
            }
            return answer(id).isPresent();
        });
        return answer(id).orElseThrow();
    }

    private Optional<JsonNode> answer(int id) {
        return received.stream()
                .filter(frame -> frame.path("id").asInt(-1) == id && !frame.has("method"))
                .findFirst();
    }

    private void notify(String method, Object params) throws IOException {
        send(null, method, params);
    }

    private void send(Integer id, String method, Object params) throws IOException {
        ObjectNode message =
                Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (id != null) {
            message.put("id", id);
        }
        if (params != null) {
            message.set("params", Json.MAPPER.valueToTree(params));
        }
        byte[] body = Json.write(message).getBytes(StandardCharsets.UTF_8);
        OutputStream stdin = process.getOutputStream();
        stdin.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        stdin.write(body);
        stdin.flush();
    }

    private void sendInput(String sessionId, String inputId, String text) throws IOException {
        JsonNode sent = request(
                "baton/sendInput",
                Map.of("sessionId", sessionId, "inputId", inputId, "input", Map.of("kind", "message", "text", text)));
        assertThat(sent.has("error")).as(sent.toString()).isFalse();
    }

    private List<JsonNode> sessionEvents() {
        return received.stream()
                .filter(frame ->
                        "baton/sessionEvent".equals(frame.path("method").asText()))
                .map(frame -> frame.at("/params/event"))
                .toList();
    }

    private JsonNode awaitSessionEvent(String what, Predicate<JsonNode> matching) {
        Await.until(what, () -> sessionEvents().stream().anyMatch(matching));
        return sessionEvents().stream().filter(matching).findFirst().orElseThrow();
    }

    private void awaitNotification(String method, String state) {
        Await.until(method + " " + state, () -> statesReported().contains(state));
    }

    private List<String> statesReported() {
        return received.stream()
                .filter(frame ->
                        "baton/connectionStatus".equals(frame.path("method").asText()))
                .map(frame -> frame.at("/params/state").asText())
                .toList();
    }
}
