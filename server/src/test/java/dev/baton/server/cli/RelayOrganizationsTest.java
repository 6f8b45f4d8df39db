package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import dev.baton.relay.store.Account;
import dev.baton.relay.store.EmbeddedStore;
import dev.baton.relay.store.Role;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.ProcessOutput;
import dev.baton.server.testing.ProcessTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton relay user|org} on a data directory, then the real {@code baton remote-control --relay} as a
 * process against a real relay on that directory: each organization policy refuses with its own message.
 */
class RelayOrganizationsTest {
    private static final String NOT_ENABLED = "Remote Control is not yet enabled for your account";
    private static final String DISABLED = "Remote Control is disabled by your organization's policy";
    private static final String UNKNOWN = "Unable to determine your organization for Remote Control eligibility";

    @TempDir
    Path dir;

    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private Relay relay;

    @AfterEach
    void stop() {
        ProcessTrees.kill(processes);
        if (relay != null) {
            relay.close();
        }
    }

    private Path data() {
        return dir.resolve("relay-data");
    }

    /** Runs {@code baton ARGS} in this JVM; returns exit status, stdout and stderr. */
    private record Ran(int status, String out, String err) {}

    private Ran baton(String... args) {
        return batonWith(Map.of(), args);
    }

    /** {@code baton ARGS} with further environment variables (BATON_TOKEN). */
    private Ran batonWith(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("BATON_HOME", dir.resolve("admin-home").toString());
        int status = BatonCli.commandLine(all, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Ran(status, out.toString(), err.toString());
    }

    /** {@code baton relay NOUN VERB --data-dir DIR REST…}, which must succeed. */
    private void admin(String... args) {
        List<String> all = new ArrayList<>(List.of("relay", args[0], args[1], "--data-dir", data().toString()));
        all.addAll(List.of(args).subList(2, args.length));
        Ran ran = baton(all.toArray(String[]::new));
        assertThat(ran.status()).as(ran.err()).isZero();
    }

    private String token(String user) {
        Ran ran = baton("relay", "token", "create", "--data-dir", data().toString(), "--user", user);
        assertThat(ran.status()).as(ran.err()).isZero();
        return ran.out().strip();
    }

    private void startRelay() throws Exception {
        relay = Relay.start(RelayConfig.defaults().withPort(0).withDataDir(data()));
    }

    private void stopRelay() {
        relay.close();
        relay = null;
    }

    @Test
    void eachPolicyStateGivesItsMessageAndEnablingTheOrganizationLetsRemoteControlStart() throws Exception {
        admin("org", "add", "acme");
        admin("user", "add", "ann", "--org", "acme");
        admin("org", "add", "paused");
        admin("org", "set", "paused", "--remote-control", "on");
        admin("org", "set", "paused", "--remote-control", "off");
        admin("user", "add", "pat", "--org", "paused", "--role", "owner");
        admin("org", "add", "vault");
        admin("org", "set", "vault", "--lock");
        admin("user", "add", "lex", "--org", "vault", "--role", "admin");
        String ann = token("ann");
        String pat = token("pat");
        String lex = token("lex");
        try (EmbeddedStore store = EmbeddedStore.open(data(), 10)) {
            store.putAccount(new Account("acc_ghost", "ghost", true, Instant.now(), "gone", Role.MEMBER));
        }
        String ghost = token("ghost");
        startRelay();

        assertRefusedWith(
                ann,
                NOT_ENABLED + ": organization acme has not turned Remote Control on yet"
                        + " (remote_control_not_enabled). Ask an admin of your organization");
        assertRefusedWith(
                pat,
                DISABLED + ": an admin of organization paused turned Remote Control off"
                        + " (remote_control_disabled). Only an admin of your organization");
        assertRefusedWith(
                lex,
                DISABLED + ": organization vault has a compliance lock that keeps Remote Control off"
                        + " (remote_control_disabled). Only an admin of your organization");
        assertRefusedWith(
                ghost,
                UNKNOWN + ": user ghost belongs to organization gone,"
                        + " which this relay has no readable record of (remote_control_eligibility_unknown). Ask the relay's");

        stopRelay();
        Ran locked = baton("relay", "org", "set", "--data-dir", data().toString(), "vault", "--remote-control", "on");
        assertThat(locked.status()).isEqualTo(1);
        assertThat(locked.err())
                .startsWith("baton: organization vault has a compliance lock on Remote Control, which forbids"
                        + " turning it on")
                .doesNotContain("\tat ");
        admin("org", "set", "acme", "--remote-control", "on");
        startRelay();

        Process online = remoteControl(ann);
        List<String> lines = ProcessOutput.lines(online);
        Await.until("the online status line", () -> lines.stream().anyMatch(line -> line.contains("\"online\"")));
    }

    @Test
    void aReadOnlyTokenFromSetupTokenReadsButRemoteControlRefusesItSayingWhatToRunInstead() throws Exception {
        admin("user", "add", "sam");
        String full = token("sam");
        startRelay();
        String url = relay.url().toString();

        Ran made = batonWith(Map.of("BATON_TOKEN", full), "setup-token", "--relay", url);
        assertThat(made.status()).as(made.err()).isZero();
        String limited = made.out().strip();
        assertThat(limited).startsWith("bto_").doesNotContain("\n");
        assertThat(made.err())
                .contains("read-only token")
                .doesNotContain(limited)
                .doesNotContain(full);

        Ran status = batonWith(Map.of("BATON_TOKEN", limited), "status", "--relay", url);
        assertThat(status.status()).as(status.err()).isZero();
        assertThat(status.out()).contains("read-only token, from BATON_TOKEN").doesNotContain(limited);

        Ran byLimited = batonWith(Map.of("BATON_TOKEN", limited), "setup-token", "--relay", url);
        assertThat(byLimited.status()).isEqualTo(1);
        assertThat(byLimited.err())
                .startsWith("baton: the relay refused to make a token with the one from BATON_TOKEN")
                .contains("(insufficient_scope)")
                .doesNotContain(limited);
        Ran badScope = batonWith(Map.of("BATON_TOKEN", full), "setup-token", "--scope", "admin", "--relay", url);
        assertThat(badScope.status()).isEqualTo(2);
        assertThat(badScope.err()).contains("'admin' is not a scope; the one there is: read-only");
        Ran inference = batonWith(Map.of("BATON_TOKEN", full), "setup-token", "--scope", "inference-only");
        assertThat(inference.status()).isEqualTo(2);
        assertThat(inference.err()).contains("Baton's relay carries no model traffic");

        assertRefusedWith(
                limited,
                "Remote Control requires a full-scope login token: this is a read-only token, made for scripts"
                        + " (insufficient_scope). Run `baton login` to sign in with a full-scope token, and unset"
                        + " BATON_TOKEN if it holds the limited token from `baton setup-token`.");
        Process verbose = remoteControl(limited, "--verbose");
        assertThat(verbose.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(stderrOf(verbose), StandardCharsets.UTF_8);
        assertThat(said)
                .contains("baton: the refused call:")
                .contains("> POST " + url + "/v1/environments")
                .contains("> Authorization: Bearer bto_…")
                .contains("< 403")
                .contains("\"code\":\"insufficient_scope\"")
                .doesNotContain(limited.substring(4));
        assertRefusedWith(
                "bta_revoked-or-never-issued",
                "Remote credentials fetch failed: the relay refused the account token from BATON_TOKEN: unknown or"
                        + " revoked token (unauthorized). Run `baton login` to sign in again, or set BATON_TOKEN to a"
                        + " token this relay knows.");
    }

    @Test
    void usersAndOrganizationsAreListedAndAnOldDataDirectoryKeepsWorking() throws Exception {
        // A data directory from before organizations: an account record without org or role.
        Files.createDirectories(data());
        MVStore old = new MVStore.Builder()
                .fileName(data().resolve("relay.mv.db").toString())
                .open();
        MVMap<String, String> accounts = old.openMap("accounts");
        accounts.put(
                "acc_old",
                "{\"id\":\"acc_old\",\"user\":\"old\",\"remoteControlEnabled\":true,"
                        + "\"createdAt\":\"2025-01-01T00:00:00Z\"}");
        old.<String, String>openMap("accountsByUser").put("old", "acc_old");
        old.close();

        admin("org", "add", "acme");
        admin("org", "set", "acme", "--remote-control", "on");
        admin("user", "add", "ann", "--org", "acme", "--role", "owner");
        admin("user", "add", "bob", "--org", "acme");
        Ran users = baton("relay", "user", "list", "--data-dir", data().toString());
        assertThat(users.out().lines().map(line -> line.split("\\s+")).map(List::of))
                .containsExactly(
                        List.of("USER", "ORGANIZATION", "ROLE"),
                        List.of("ann", "acme", "owner"),
                        List.of("bob", "acme", "member"),
                        List.of("old", "(personal)", "owner"));
        Ran orgs = baton("relay", "org", "list", "--data-dir", data().toString());
        assertThat(orgs.out()).contains("acme").contains(" on ").contains(" 2");

        Ran again = baton("relay", "user", "add", "--data-dir", data().toString(), "old", "--org", "acme");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).startsWith("baton: user old already exists (personal account)");
        Ran noOrg = baton("relay", "user", "add", "--data-dir", data().toString(), "eve", "--org", "nowhere");
        assertThat(noOrg.err()).startsWith("baton: no organization nowhere; create it first");

        String oldToken = token("old");
        startRelay();
        Process online = remoteControl(oldToken);
        List<String> lines = ProcessOutput.lines(online);
        Await.until("the online status line", () -> lines.stream().anyMatch(line -> line.contains("\"online\"")));
    }

    private void assertRefusedWith(String token, String expectedStart) throws Exception {
        Process process = remoteControl(token);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("refused and exited")
                .isTrue();
        String err = Files.readString(stderrOf(process), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(err).isEqualTo(1);
        assertThat(err).as("one line").doesNotContain("\n").doesNotContain("Exception");
        assertThat(err).startsWith("baton: " + expectedStart);
    }

    private Process remoteControl(String token, String... more) throws IOException {
        Path workspace = Files.createDirectories(dir.resolve("project"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path stderr = Files.createTempFile(dir, "stderr", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        BatonCli.class.getName(),
                        "remote-control",
                        "--relay",
                        relay.url().toString(),
                        "--json",
                        "--name",
                        "demo")
                .directory(workspace.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("BATON_HOME", dir.resolve("home").toString());
        builder.command().addAll(List.of(more));
        builder.environment().put("BATON_TOKEN", token);
        builder.environment().remove("BATON_RELAY_URL");
        Process process = builder.start();
        processes.add(process);
        stderrs.put(process, stderr);
        return process;
    }

    private final Map<Process, Path> stderrs = new ConcurrentHashMap<>();

    private Path stderrOf(Process process) {
        return stderrs.get(process);
    }
}
