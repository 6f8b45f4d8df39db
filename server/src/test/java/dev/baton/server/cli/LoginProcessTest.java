package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.ProcessOutput;
import dev.baton.server.testing.ProcessTrees;
import dev.baton.server.testing.TestClock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code baton login} as a process against a real relay, with the person's part (sign in on the
 * web page, approve or deny the code) done by an HTTP client; then {@code baton status} and {@code baton
 * logout} on what it saved.
 */
class LoginProcessTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Pattern USER_CODE = Pattern.compile("code ([A-Z]{4}-[A-Z]{4})");
    private static final MediaType JSON = MediaType.get("application/json");

    @TempDir
    Path dir;

    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final OkHttpClient http = new OkHttpClient();
    private final TestClock clock = new TestClock();
    private Relay relay;

    @BeforeEach
    void relayWithAUserWhoHasAPassword() throws Exception {
        Path data = dir.resolve("relay-data");
        assertThat(baton("relay", "user", "add", "--data-dir", data.toString(), "ada")
                        .status())
                .isZero();
        Process passwd = process(List.of("relay", "user", "passwd", "--data-dir", data.toString(), "ada"));
        try (OutputStream in = passwd.getOutputStream()) {
            in.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(passwd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(passwd.exitValue())
                .as(new String(passwd.getErrorStream().readAllBytes()))
                .isZero();
        assertThat(new String(passwd.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("Set the password of ada")
                .doesNotContain(PASSWORD);
        relay = Relay.start(RelayConfig.defaults()
                .withPort(0)
                .withDataDir(data)
                .withClock(clock)
                .withDeviceCodes(Duration.ofMinutes(5), Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        ProcessTrees.kill(processes);
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void approvedOnTheWebPageTheTokenIsSavedAndStatusAndLogoutUseIt() throws Exception {
        Process login = process(List.of("login", "--relay", relay.url().toString()));
        List<String> out = ProcessOutput.lines(login);
        String code = userCode(out);
        // The code's line comes before the QR code of verification_uri_complete, which may still be on its way.
        Await.until("the QR code", () -> String.join("\n", out).contains("█"));
        assertThat(String.join("\n", out)).contains(relay.url() + "/device");

        String cookie = signIn();
        JsonNode pending = Json.MAPPER.readTree(call("GET", "/v1/web/device?userCode=" + code, cookie, null));
        assertThat(pending.path("clientName").asText()).startsWith("baton on ");
        call("POST", "/v1/web/device", cookie, "{\"userCode\":\"" + code + "\",\"decision\":\"approve\"}");

        assertThat(login.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(login.exitValue()).as(String.join("\n", out)).isZero();
        Await.until("the success line", () -> out.stream().anyMatch(line -> line.startsWith("Signed in to ")));

        Path saved = dir.resolve("home").resolve("credentials.json");
        assertThat(Files.getPosixFilePermissions(saved)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode credentials = Json.MAPPER.readTree(Files.readString(saved));
        assertThat(credentials.path("relayUrl").asText()).isEqualTo(relay.url().toString());
        assertThat(credentials.path("user").asText()).isEqualTo("ada");
        String token = credentials.path("accountToken").asText();
        assertThat(token).startsWith("bta_");
        assertThat(String.join("\n", out)).doesNotContain(token);

        Ran status = baton("status");
        assertThat(status.status()).as(status.err()).isZero();
        assertThat(status.out())
                .contains("Relay:", relay.url().toString())
                .contains("User:", "ada")
                .contains("none (personal account)")
                .contains("account token, from " + saved)
                .containsPattern("Expires: +\\d{4}-\\d\\d-\\d\\dT")
                .doesNotContain(token);

        Ran logout = baton("logout");
        assertThat(logout.status()).as(logout.err()).isZero();
        assertThat(logout.out()).contains("Signed out of " + relay.url() + " (ada).");
        assertThat(saved).doesNotExist();
        Request revoked = new Request.Builder()
                .url(relay.url() + "/v1/account")
                .header("Authorization", "Bearer " + token)
                .build();
        try (Response response = http.newCall(revoked).execute()) {
            assertThat(response.code()).as("the token was revoked on the relay").isEqualTo(401);
        }
        Ran after = baton("status");
        assertThat(after.status()).isEqualTo(1);
        assertThat(after.err()).isEqualTo("baton: not signed in to any relay: run `baton login --relay URL`\n");
    }

    @Test
    void aDeniedSignInExitsWithItsOwnCodeAndSavesNothing() throws Exception {
        Process login = process(List.of("login", "--relay", relay.url().toString()));
        String code = userCode(ProcessOutput.lines(login));
        call("POST", "/v1/web/device", signIn(), "{\"userCode\":\"" + code + "\",\"decision\":\"deny\"}");

        assertThat(login.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(login.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(login.exitValue()).as(err).isEqualTo(BatonCli.EXIT_DENIED);
        assertThat(err).isEqualTo("baton: the sign-in was denied on the relay's page; nothing was saved\n");
        assertThat(dir.resolve("home").resolve("credentials.json")).doesNotExist();
    }

    @Test
    void aCodeNobodyApprovesExpires() throws Exception {
        Process login = process(List.of("login", "--relay", relay.url().toString()));
        userCode(ProcessOutput.lines(login));
        clock.advance(Duration.ofMinutes(6));

        assertThat(login.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(login.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(login.exitValue()).as(err).isEqualTo(BatonCli.EXIT_EXPIRED);
        assertThat(err)
                .startsWith("baton: the code ")
                .contains("expired before anyone approved it")
                .endsWith("\n");
        assertThat(err.strip()).doesNotContain("\n");
    }

    @Test
    void anUnreachableRelayAndPlainHttpToAnotherMachineAreOneLineRefusals() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Ran unreachable = baton("login", "--relay", "http://127.0.0.1:" + closed);
        assertThat(unreachable.status()).isEqualTo(BatonCli.EXIT_UNREACHABLE);
        assertThat(unreachable.err()).startsWith("baton: cannot reach the relay at http://127.0.0.1:" + closed);
        assertThat(unreachable.err().strip()).doesNotContain("\n");

        Ran plain = baton("login", "--relay", "http://192.0.2.10:7420");
        assertThat(plain.status()).isEqualTo(2);
        assertThat(plain.err())
                .startsWith("baton: --relay: http://192.0.2.10:7420 is plain HTTP")
                .contains("--insecure");

        Ran noRelay = baton("login");
        assertThat(noRelay.status()).isEqualTo(2);
        assertThat(noRelay.err()).contains("baton login needs a relay: give --relay URL");
    }

    private String userCode(List<String> out) {
        Await.until("the user code", () -> out.stream()
                .anyMatch(line -> USER_CODE.matcher(line).find()));
        for (String line : out) {
            Matcher matcher = USER_CODE.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("no user code in " + out);
    }

    /** Signs ada in as the web page does; returns the session cookie's value. */
    private String signIn() throws IOException {
        Request request = new Request.Builder()
                .url(relay.url() + "/v1/web/login")
                .post(RequestBody.create("{\"user\":\"ada\",\"password\":\"" + PASSWORD + "\"}", JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            String header = response.header("Set-Cookie");
            return header.substring("baton_web=".length(), header.indexOf(';'));
        }
    }

    private String call(String method, String path, String cookie, String body) throws IOException {
        Request request = new Request.Builder()
                .url(relay.url() + path)
                .header("Cookie", "baton_web=" + cookie)
                .method(method, body == null ? null : RequestBody.create(body, JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            assertThat(response.isSuccessful()).as(text).isTrue();
            return text;
        }
    }

    private record Ran(int status, String out, String err) {}

    /** {@code baton ARGS} in this JVM, with the test's BATON_HOME. */
    private Ran baton(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BatonCli.commandLine(
                        Map.of("BATON_HOME", dir.resolve("home").toString()),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true))
                .execute(args);
        return new Ran(status, out.toString(), err.toString());
    }

    private Process process(List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new java.util.ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), BatonCli.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("BATON_HOME", dir.resolve("home").toString());
        builder.environment().remove("BATON_TOKEN");
        builder.environment().remove("BATON_RELAY_URL");
        Process process = builder.start();
        processes.add(process);
        return process;
    }
}
