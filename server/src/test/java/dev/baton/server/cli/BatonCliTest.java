package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

class BatonCliTest {
    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        return BatonCli.commandLine(env, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("Usage: baton", "remote-control", "relay", "lsp");
    }

    @Test
    void aRunThatNamesItsCommandBuildsOnlyThatOneAndOtherRunsGetThemAll() {
        assertThat(BatonCli.subcommandsFor(new String[] {"lsp", "--port", "0"})).containsExactly(LspCommand.class);
        assertThat(BatonCli.subcommandsFor(new String[] {"rc"})).containsExactly(RemoteControlCommand.class);
        assertThat(BatonCli.subcommandsFor(new String[] {"relay", "user", "add"}))
                .containsExactly(RelayCommand.class);
        var all = BatonCli.commandLine(Map.of(), new PrintWriter(out), new PrintWriter(err))
                .getSubcommands();
        assertThat(all).containsKeys("remote-control", "rc", "relay", "lsp", "config", "status", "setup-token");
        for (String[] args : new String[][] {{}, {"--help"}, {"--rc", "lsp"}, {"remote-contrl"}}) {
            assertThat(BatonCli.subcommandsFor(args)).as(String.join(" ", args)).hasSize((int)
                    all.values().stream().distinct().count());
        }
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out.toString()).startsWith("baton ");
    }

    @Test
    void anUnknownOptionOrContinueWithResumeIsAUsageError() {
        assertThat(run(Map.of("BATON_HOME", home.toString()), "--continue", "--resume"))
                .isEqualTo(2);
        assertThat(run(Map.of(), "remote-control", "--colour")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown option '--colour' for baton remote-control");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMisspeltOptionIsNamedAloneWithTheOptionThatWasMeant() {
        assertThat(run(Map.of(), "remote-control", "--nme", "laptop")).isEqualTo(2);

        assertThat(err.toString())
                .startsWith("baton: unknown option '--nme' for baton remote-control")
                .contains("Did you mean: --name?")
                .doesNotContain("'laptop'")
                .doesNotContain("Usage:");
        err.getBuffer().setLength(0);

        assertThat(run(Map.of(), "remote-control", "--capacty=3")).isEqualTo(2);

        assertThat(err.toString())
                .startsWith("baton: unknown option '--capacty' for baton remote-control")
                .contains("Did you mean: --capacity?");
        err.getBuffer().setLength(0);

        assertThat(run(Map.of(), "remote-control", "--zzzzzz")).isEqualTo(2);

        assertThat(err.toString()).doesNotContain("Did you mean");
    }

    @Test
    void anUnknownCommandIsOfferedOnlyCommandsASlipAwayOrThatItBegins() {
        assertThat(suggestionFor("relay", "token", "revoke")).isEmpty();
        assertThat(suggestionFor("stat")).contains("Did you mean: status?");
        assertThat(suggestionFor("relay", "usr")).contains("Did you mean: user?");
        assertThat(suggestionFor("remote")).contains("Did you mean: remote-control?");
    }

    /** The "Did you mean" line of a usage error, if it has one. */
    private Optional<String> suggestionFor(String... args) {
        err.getBuffer().setLength(0);
        assertThat(run(Map.of(), args)).isEqualTo(2);
        return err.toString()
                .lines()
                .filter(line -> line.startsWith("Did you mean"))
                .findFirst();
    }

    /** Parsed only: taken as a name, the mistyped option would start a conversation. */
    @Test
    void aMistypedOptionAfterRcIsNamedNotTakenForTheConversationsName() throws Exception {
        assertThat(parseError("--rc", "--bogus")).isEqualTo("baton: unknown option '--bogus' for baton");
        assertThat(parseError("--rc", "--sandbx")).isEqualTo("baton: unknown option '--sandbx' for baton");
    }

    private String parseError(String... args) throws Exception {
        err.getBuffer().setLength(0);
        CommandLine cli = BatonCli.commandLine(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        ParameterException failure = catchThrowableOfType(ParameterException.class, () -> cli.parseArgs(args));
        assertThat(failure).as("a usage error").isNotNull();
        assertThat(cli.getParameterExceptionHandler().handleParseException(failure, args))
                .isEqualTo(2);
        return err.toString().lines().findFirst().orElseThrow();
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestionNotTheWholeUsage() {
        assertThat(run(Map.of(), "remote-contrl")).isEqualTo(2);

        assertThat(err.toString())
                .startsWith("baton: unknown command 'remote-contrl' for baton")
                .contains("Did you mean: remote-control")
                .contains("Run 'baton --help'")
                .doesNotContain("Usage:");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aPortOutOfRangeNamesTheFlagAndTheRangeBeforeAnythingStarts() {
        Map<String, String> env = Map.of("BATON_HOME", home.toString());

        assertThat(run(env, "remote-control", "--port", "99999")).isEqualTo(2);
        assertThat(run(env, "relay", "--port", "-1")).isEqualTo(2);

        assertThat(err.toString())
                .contains(
                        "invalid value for option '--port' of baton remote-control: expected a port from 0 to 65535 (0:"
                                + " any free port), got '99999'")
                .contains("got '-1'")
                .doesNotContain("Exception", "\tat ", "Usage:");
        assertThat(home.resolve("sessions")).doesNotExist();
        assertThat(home.resolve("relay")).doesNotExist();
    }

    @Test
    void aBadDrainTimeOrMetricsPortIsAUsageErrorBeforeTheRelayStarts() {
        Map<String, String> env = Map.of("BATON_HOME", home.toString());

        assertThat(run(env, "relay", "--drain-time", "soon")).isEqualTo(2);
        assertThat(run(env, "relay", "--metrics-port", "70000")).isEqualTo(2);

        assertThat(err.toString())
                .contains(
                        "invalid value for option '--drain-time' of baton relay: expected a duration such as 30s, 10m or"
                                + " 1h, got 'soon'")
                .contains("invalid value for option '--metrics-port' of baton relay: expected a port from 0 to 65535")
                .doesNotContain("Exception", "\tat ", "Usage:");
        assertThat(home.resolve("relay")).doesNotExist();
    }

    @Test
    void bindNamesAnAddressAndOnlyTheEmbeddedRelay() {
        Map<String, String> env = Map.of("BATON_HOME", home.toString());

        assertThat(run(env, "remote-control", "--bind", "every-interface")).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("baton: --bind: expected an IP address such as 127.0.0.1, 0.0.0.0 or 192.168.1.20, got"
                        + " 'every-interface'");

        assertThat(run(env, "remote-control", "--bind", "0.0.0.0", "--relay", "https://relay.example"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("--bind and --public-url are for the embedded relay, but --relay names https://relay.example")
                .doesNotContain("Exception", "\tat ");
        assertThat(home.resolve("relay")).doesNotExist();
    }

    @Test
    void aBadOfflineTimeoutIsAUsageErrorThatSaysWhatIsExpected() {
        Map<String, String> env = Map.of("BATON_HOME", home.toString());

        assertThat(run(env, "remote-control", "--offline-timeout", "ten")).isEqualTo(2);
        assertThat(err.toString())
                .contains("invalid value for option '--offline-timeout' of baton remote-control")
                .contains("expected a duration such as 30s, 10m or 1h, got 'ten'")
                .doesNotContain("Exception", "\tat ");
        assertThat(run(env, "lsp", "--offline-timeout", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("expected a duration longer than zero");
        assertThat(home.resolve("sessions")).doesNotExist();
    }

    @Test
    void anExternalRelayWithoutATokenIsAConfigurationError() {
        Map<String, String> env = Map.of("BATON_HOME", home.toString(), "BATON_RELAY_URL", "http://127.0.0.1:9");

        assertThat(run(env, "remote-control", "--json")).isEqualTo(2);

        assertThat(err.toString())
                .startsWith("baton: no account token for relay http://127.0.0.1:9")
                .contains("BATON_TOKEN")
                .doesNotContain("Exception", "\tat ");
        assertThat(out.toString()).isEmpty();
        assertThat(home.resolve("sessions")).doesNotExist();
    }

    @Test
    void anUnreachableRelayIsNamedInOneLine() {
        Map<String, String> env =
                Map.of("BATON_HOME", home.toString(), "BATON_RELAY_URL", "http://127.0.0.1:9", "BATON_TOKEN", "bta_x");

        assertThat(run(env, "remote-control", "--json")).isEqualTo(BatonCli.EXIT_UNREACHABLE);

        assertThat(err.toString())
                .startsWith("baton: cannot reach the relay at http://127.0.0.1:9/")
                .doesNotContain("Exception", "\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void continueWithNoSessionInTheDirectorySaysSoBeforeReachingForARelay() {
        Map<String, String> env = Map.of("BATON_HOME", home.toString(), "BATON_RELAY_URL", "http://127.0.0.1:9");

        assertThat(run(env, "remote-control", "--continue")).isEqualTo(1);

        assertThat(err.toString())
                .startsWith("baton: no session to continue in " + Path.of("").toAbsolutePath())
                .contains("start one with baton remote-control")
                .doesNotContain("Exception", "\tat ");
        assertThat(home.resolve("sessions")).doesNotExist();
    }

    @Test
    void aPlainHttpRelayOnAnotherMachineIsRefusedWithoutInsecure() {
        Map<String, String> env = Map.of(
                "BATON_HOME", home.toString(), "BATON_RELAY_URL", "http://relay.example:7420", "BATON_TOKEN", "bta_x");

        assertThat(run(env, "remote-control")).isEqualTo(2);

        assertThat(err.toString())
                .startsWith("baton: BATON_RELAY_URL: http://relay.example:7420 is plain HTTP to another machine")
                .contains("--insecure")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void aTlsCertificateWithoutItsKeyIsRefused() {
        assertThat(run(Map.of("BATON_HOME", home.toString()), "relay", "--port", "0", "--tls-cert", "relay.pem"))
                .isEqualTo(2);
        assertThat(err.toString())
                .startsWith("baton: --tls-cert and --tls-key go together")
                .contains("Run 'baton relay --help'");
    }

    @Test
    void anIdentityProviderNeedsAllItsSettingsAndTlsOffThisMachine() throws Exception {
        assertThat(relayWithProvider("https://sso.example", null, null)).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("baton: --oidc-issuer, --oidc-client-id and --oidc-client-secret-file go together");

        Path secret = Files.writeString(home.resolve("secret"), "s3cret\n");
        assertThat(relayWithProvider("http://sso.example", "baton", secret)).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("baton: --oidc-issuer must be an https:// URL (http:// only on this machine)")
                .doesNotContain("s3cret");

        assertThat(relayWithProvider("https://sso.example", "baton", home.resolve("missing")))
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("baton: cannot read --oidc-client-secret-file");
    }

    /** {@code baton relay} with an identity provider's settings (a null one left out); err is emptied first. */
    private int relayWithProvider(String issuer, String clientId, Path secretFile) {
        err.getBuffer().setLength(0);
        List<String> args = new ArrayList<>(List.of("relay", "--port", "0", "--oidc-issuer", issuer));
        if (clientId != null) {
            args.addAll(List.of("--oidc-client-id", clientId));
        }
        if (secretFile != null) {
            args.addAll(List.of("--oidc-client-secret-file", secretFile.toString()));
        }
        return run(Map.of("BATON_HOME", home.toString()), args.toArray(String[]::new));
    }

    @Test
    void continueAndNameTogetherAreAUsageError() {
        assertThat(run(Map.of("BATON_HOME", home.toString()), "remote-control", "--continue", "--name", "api"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--continue and --name cannot be used together");
    }

    @Test
    void aBrokenConfigFileIsAConfigurationError() throws Exception {
        Files.writeString(home.resolve("config.json"), "{oops");

        assertThat(run(Map.of("BATON_HOME", home.toString()), "remote-control")).isEqualTo(2);

        // The file was written readable by others: the line before says it was made private.
        assertThat(err.toString().lines().toList().getLast())
                .startsWith("baton: " + home.resolve("config.json") + " is not valid JSON");
    }

    @Test
    void configSaysWhetherTheSandboxIsOn() throws Exception {
        Map<String, String> env = Map.of("BATON_HOME", home.toString());
        assertThat(run(env, "config")).isZero();
        assertThat(out.toString()).contains("Sandbox: off");

        out.getBuffer().setLength(0);
        Files.writeString(home.resolve("config.json"), "{\"sandbox\": {\"enabled\": true}}");
        assertThat(run(env, "config")).isZero();
        assertThat(out.toString()).contains("Sandbox: on").contains("its network: none");

        out.getBuffer().setLength(0);
        Files.writeString(
                home.resolve("config.json"),
                "{\"sandbox\": {\"enabled\": true, \"network\": {\"allowedDomains\": [\"pypi.org\", \"*.github.com\"]}}}");
        assertThat(run(env, "config")).isZero();
        assertThat(out.toString())
                .contains("its network: pypi.org, *.github.com through a proxy (sandbox.network.allowedDomains)");

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        Files.writeString(
                home.resolve("config.json"), "{\"sandbox\": {\"network\": {\"allowedDomains\": [\"10.0.0.1\"]}}}");
        assertThat(run(env, "config")).isEqualTo(2);
        assertThat(err.toString()).contains("sandbox.network.allowedDomains: \"10.0.0.1\" is an IP address");
    }

    @Test
    void configShowsTheModelSettingsWithTheirSourcesAndTheKeyMasked() {
        Map<String, String> env =
                Map.of("BATON_HOME", home.toString(), "ANTHROPIC_API_KEY", "sk-ant-api03-secretsecretsecret-WXYZ");

        assertThat(run(env, "config")).isZero();

        assertThat(out.toString())
                .startsWith("Model: ready")
                .contains("environment variable ANTHROPIC_API_KEY", "sk-…WXYZ")
                .doesNotContain("secretsecret");
        assertThat(out.toString().lines().toList().getLast())
                .startsWith("Folder: ")
                .contains("not trusted");
    }

    @Test
    void configWithABrokenFileIsAConfigurationError() throws Exception {
        Files.writeString(home.resolve("config.json"), "{\"maxTokens\": \"lots\"}");

        assertThat(run(Map.of("BATON_HOME", home.toString()), "config")).isEqualTo(2);

        assertThat(err.toString()).startsWith("baton: maxTokens in " + home.resolve("config.json"));
    }

    @Test
    void aRelayWhoseCertificateJavaDoesNotTrustIsSaidSoInWords() throws Exception {
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-nodes",
                        "-keyout",
                        "key.pem",
                        "-out",
                        "cert.pem",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=relay.test",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .start();
        String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as(said).isZero();

        try (Relay relay = Relay.start(
                RelayConfig.defaults().withPort(0).withTls(home.resolve("cert.pem"), home.resolve("key.pem")))) {
            assertThat(run(
                            Map.of("BATON_HOME", home.toString(), "BATON_TOKEN", "bta_unused"),
                            "status",
                            "--relay",
                            relay.url().toString()))
                    .isEqualTo(4);
        }

        assertThat(err.toString())
                .startsWith("baton: cannot reach the relay at https://127.0.0.1:")
                .contains("its TLS certificate is not signed by an authority this machine's Java trusts")
                .doesNotContain("PKIX")
                .doesNotContain("sun.security");
    }

    @Test
    void tokenCreatePrintsOnlyTheToken() {
        assertThat(run(Map.of(), "relay", "token", "create", "--data-dir", home.toString(), "--user", "ci"))
                .isZero();
        assertThat(out.toString()).matches("bta_[A-Za-z0-9_-]{20,}\\R");
    }

    @Test
    void tokenCreateNeedsAUser() {
        assertThat(run(Map.of(), "relay", "token", "create", "--data-dir", home.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("baton: missing option '--user=NAME' for baton relay token create\n"
                        + "Run 'baton relay token create --help' for how to use it.\n");
    }

    @Test
    void picocliMistakesAreSaidLikeOursNamingTheCommand() {
        assertThat(firstLineOfError("remote-control", "--name"))
                .isEqualTo("baton: option '--name' of baton remote-control needs a value (NAME)");
        assertThat(firstLineOfError("relay", "user", "add"))
                .isEqualTo("baton: missing argument 'NAME' for baton relay user add");
        assertThat(firstLineOfError("lsp", "extra")).isEqualTo("baton: unexpected argument 'extra' for baton lsp");
        assertThat(firstLineOfError("lsp", "extra", "more"))
                .isEqualTo("baton: unexpected arguments 'extra', 'more' for baton lsp");
        assertThat(firstLineOfError("remote-control", "--json=maybe"))
                .isEqualTo(
                        "baton: invalid value for option '--json' of baton remote-control: 'maybe' is not a boolean");
    }

    /** A mistyped option after one that takes a value is named, not taken for that value. */
    @Test
    void aMistypedOptionIsNotTakenForThePreviousOptionsValue() throws Exception {
        assertThat(parseError("remote-control", "--name", "--verbos"))
                .isEqualTo("baton: unknown option '--verbos' for baton remote-control");
        assertThat(parseError("relay", "token", "create", "--user", "--stor"))
                .isEqualTo("baton: unknown option '--stor' for baton relay token create");
        assertThat(parseError("remote-control", "--name", "-x"))
                .isEqualTo("baton: unknown option '-x' for baton remote-control");
        // An option of the command above is not the mistyped one.
        assertThat(parseError("relay", "--port", "0", "token", "create", "--user", "--stor"))
                .isEqualTo("baton: unknown option '--stor' for baton relay token create");
    }

    /**
     * picocli names a value it has no label for after the Java field ({@code <metricsPort>}), which a
     * usage error and {@code --help} would then show; every value is named the way the README writes it
     * (or lists its few choices, as {@code on|off}).
     */
    @Test
    void everyOptionThatTakesAValueNamesItInCapitals() {
        List<String> unnamed = new ArrayList<>();
        collectUnnamedValues(BatonCli.commandLine(Map.of(), new PrintWriter(out), new PrintWriter(err)), unnamed);
        assertThat(unnamed).isEmpty();
        assertThat(firstLineOfError("relay", "--metrics-port"))
                .isEqualTo("baton: option '--metrics-port' of baton relay needs a value (N)");
    }

    private static void collectUnnamedValues(CommandLine command, List<String> unnamed) {
        CommandSpec spec = command.getCommandSpec();
        spec.options().stream()
                .filter(option -> option.arity().max() > 0 && !option.hidden())
                .filter(option -> !option.paramLabel().matches("[A-Z][A-Z0-9_]*|[a-z]+(\\|[a-z]+)+"))
                .forEach(option ->
                        unnamed.add(spec.qualifiedName() + " " + option.longestName() + " " + option.paramLabel()));
        command.getSubcommands().values().stream()
                .distinct()
                .forEach(subcommand -> collectUnnamedValues(subcommand, unnamed));
    }

    /** The first line a usage error prints, after checking it is one: status 2, one more line, no trace. */
    private String firstLineOfError(String... args) {
        err.getBuffer().setLength(0);
        assertThat(run(Map.of("BATON_HOME", home.toString()), args))
                .as(String.join(" ", args))
                .isEqualTo(2);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.getLast()).startsWith("Run 'baton ").endsWith(" --help' for how to use it.");
        return lines.getFirst();
    }
}
