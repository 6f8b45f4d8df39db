package dev.baton.server.cli;

import dev.baton.protocol.relay.RelayApi.DeviceCode;
import dev.baton.protocol.relay.RelayApi.TokenGrant;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.config.Credentials;
import dev.baton.server.config.CredentialsFile;
import dev.baton.server.qr.QrCodes;
import dev.baton.server.qr.QrText;
import dev.baton.server.relayclient.RelayClient;
import dev.baton.server.relayclient.RelayException;
import dev.baton.server.remote.LocalHost;
import dev.baton.server.remote.RelayChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code baton login}: signs this computer in to a relay with the device authorization grant (RFC 8628).
 * The person approves the printed code on the relay's {@code /device} page, where they are signed in; the
 * account token the relay then gives is saved in {@code $BATON_HOME/credentials.json}, owner-only.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Sign this computer in to a relay: approve the code it shows on the relay's web page.")
final class LoginCommand implements Callable<Integer> {
    /** RFC 8628 §3.5: how much longer to wait after each {@code slow_down}. */
    private static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--relay",
            paramLabel = "URL",
            description = "The relay to sign in to, over BATON_RELAY_URL and config.json.")
    String relay;

    @Option(
            names = "--insecure",
            description =
                    "Accept a plain http:// relay on another machine (the token then crosses the network in clear).")
    boolean insecure;

    private final Map<String, String> env;

    LoginCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        BatonHome home = BatonHome.fromEnvironment(env)
                .secure(notice -> spec.commandLine().getErr().println("baton: " + notice));
        URI url = relayOf(relay, insecure, env, home, "login");
        try (RelayClient client = new RelayClient(url)) {
            DeviceCode code = requestCode(client, url);
            out.println("To sign this computer in to " + url + ", open");
            out.println();
            out.println("    " + code.verification_uri());
            out.println();
            out.println("and enter the code " + code.user_code() + ", or scan this with a phone:");
            out.println();
            out.print(QrText.render(QrCodes.encode(code.verification_uri_complete())));
            out.println();
            out.println("Waiting for approval (the code works for " + minutes(code.expires_in()) + ")…");
            out.flush();
            TokenGrant grant = await(client, url, code);
            Credentials credentials = new Credentials(
                    url.toString(),
                    grant.access_token(),
                    grant.user(),
                    grant.org(),
                    grant.expiresAt().toString());
            CredentialsFile file = new CredentialsFile(home.credentialsFile());
            file.write(credentials);
            out.println("Signed in to " + url + " as " + grant.user()
                    + (grant.org() == null ? "" : " (organization " + grant.org() + ")") + ". The token is saved in "
                    + file.path() + " and expires " + grant.expiresAt() + ".");
            if (env.get("BATON_TOKEN") != null && !env.get("BATON_TOKEN").isBlank()) {
                out.println("Note: BATON_TOKEN is set in this shell and is used instead until you unset it.");
            }
            out.flush();
            return 0;
        }
    }

    /** {@code --relay}, else BATON_RELAY_URL, else config.json; plain HTTP off this machine needs --insecure. */
    static URI relayOf(String flag, boolean insecure, Map<String, String> env, BatonHome home, String command) {
        RelayChoice choice =
                RelayChoice.resolve(flag, env, BatonConfig.load(home.configFile()), Optional.empty(), null, insecure);
        if (choice instanceof RelayChoice.External external) {
            return external.url();
        }
        throw new ConfigurationException("baton " + command
                + " needs a relay: give --relay URL (or set BATON_RELAY_URL, or relayUrl in config.json)");
    }

    private static DeviceCode requestCode(RelayClient client, URI url) {
        try {
            return client.requestDeviceCode("baton on " + LocalHost.name());
        } catch (RelayException e) {
            throw new CommandFailure("the relay at " + url + " refused to start a sign-in: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), e, BatonCli.EXIT_UNREACHABLE);
        }
    }

    /** Polls at the relay's interval (longer after each {@code slow_down}) until approval, denial or expiry. */
    private static TokenGrant await(RelayClient client, URI url, DeviceCode code) throws InterruptedException {
        Duration interval = Duration.ofSeconds(Math.max(1, code.interval()));
        while (true) {
            Thread.sleep(interval);
            try {
                return client.pollDeviceToken(code.device_code());
            } catch (RelayException e) {
                switch (e.code()) {
                    case AUTHORIZATION_PENDING -> {
                        // keep waiting
                    }
                    case SLOW_DOWN -> interval = interval.plus(SLOW_DOWN_STEP);
                    case ACCESS_DENIED -> throw new CommandFailure(
                            "the sign-in was denied on the relay's page; nothing was saved", e, BatonCli.EXIT_DENIED);
                    case EXPIRED_TOKEN, INVALID_GRANT -> throw new CommandFailure(
                            "the code " + code.user_code() + " expired before anyone approved it; run `baton login`"
                                    + " again and approve the new code within " + minutes(code.expires_in()),
                            e,
                            BatonCli.EXIT_EXPIRED);
                    default -> throw new CommandFailure(
                            "the relay at " + url + " refused the sign-in: " + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new CommandFailure(e.getMessage(), e, BatonCli.EXIT_UNREACHABLE);
            }
        }
    }

    private static String minutes(long seconds) {
        return seconds >= 120 ? seconds / 60 + " minutes" : seconds + " seconds";
    }
}
