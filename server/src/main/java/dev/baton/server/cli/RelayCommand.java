package dev.baton.server.cli;

import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import dev.baton.relay.oidc.OidcSettings;
import dev.baton.relay.store.StoreException;
import dev.baton.relay.store.StoreLocation;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.DurationText;
import dev.baton.server.remote.RelayChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code baton relay}: a standalone relay, until SIGINT/SIGTERM (which flush its store). */
@Command(
        name = "relay",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Run a relay that backends dial out to and browsers and phones connect to.",
        subcommands = {RelayTokenCommand.class, RelayUserCommand.class, RelayOrgCommand.class})
final class RelayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "7420",
            converter = PortConverter.class,
            description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    /** {@code --store} (Redis) or {@code --data-dir} (default: $BATON_HOME/relay). */
    @Mixin
    RelayStoreOptions store;

    @Option(
            names = "--public-url",
            paramLabel = "URL",
            description = "The base URL devices use, when it differs from http://bind:port (a proxy in front).")
    URI publicUrl;

    @Option(
            names = "--allow-origin",
            paramLabel = "ORIGIN",
            description = "Another origin (https://host[:port]) whose pages may use the relay; repeatable."
                    + " The public URL's origin is always allowed.")
    List<String> allowOrigins = List.of();

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description = "Serve HTTPS and WSS with this PEM certificate chain (reloaded when the file changes).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The PKCS#8 PEM private key of --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--trusted-proxy",
            paramLabel = "IP",
            description = "A balancer in front of the relay whose X-Forwarded-* headers are believed; repeatable.")
    List<String> trustedProxies = List.of();

    @Option(
            names = "--oidc-issuer",
            paramLabel = "URL",
            description =
                    "Offer sign-in with this OpenID Connect provider on the web page (https, or http on loopback).")
    URI oidcIssuer;

    @Option(names = "--oidc-client-id", paramLabel = "ID", description = "The relay's client id at the provider.")
    String oidcClientId;

    @Option(
            names = "--oidc-client-secret-file",
            paramLabel = "FILE",
            description = "A file holding the relay's client secret at the provider (kept off the command line).")
    Path oidcClientSecretFile;

    @Option(
            names = "--oidc-claim",
            paramLabel = "CLAIM",
            defaultValue = "preferred_username",
            description = "The ID token claim that names the relay user (default: ${DEFAULT-VALUE}; or email, sub).")
    String oidcClaim;

    @Option(
            names = "--oidc-name",
            paramLabel = "NAME",
            defaultValue = "single sign-on",
            description =
                    "What the sign-in button calls the provider: \"Sign in with NAME\" (default: ${DEFAULT-VALUE}).")
    String oidcName;

    @Option(
            names = "--metrics-port",
            paramLabel = "N",
            converter = PortConverter.class,
            description = "Serve GET /metrics (Prometheus text format) on this port of --metrics-bind, and nothing"
                    + " else there; the public port never serves metrics (default: no metrics listener).")
    Integer metricsPort;

    @Option(
            names = "--metrics-bind",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDR",
            description =
                    "Address of the metrics listener (default: ${DEFAULT-VALUE}); keep it off the public network.")
    String metricsBind;

    @Option(
            names = "--drain-time",
            paramLabel = "DURATION",
            converter = DrainTimeConverter.class,
            description = "On SIGTERM, answer /readyz with 503 for this long while still serving, so a balancer"
                    + " stops sending new requests before streams close: 10s, 1m (default: 0s).")
    Duration drainTime = Duration.ZERO;

    @Option(names = "--json", description = "Print {\"event\":\"listening\",\"url\":…} instead of text.")
    boolean json;

    private final Map<String, String> env;

    RelayCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw mistyped("--tls-cert and --tls-key go together; give both or neither");
        }
        StoreLocation location = store.location(BatonHome.fromEnvironment(env).relayData());
        RelayConfig config = RelayConfig.defaults()
                .withBind(bind)
                .withPort(port)
                .withStore(location)
                .withPublicUrl(publicUrl)
                .withAllowedOrigins(allowOrigins)
                .withTls(tlsCert, tlsKey)
                .withTrustedProxies(trustedProxies)
                .withOidc(oidc())
                .withMetrics(metricsBind, metricsPort == null ? -1 : metricsPort)
                .withDrainTime(drainTime);
        Relay relay;
        try {
            relay = Relay.start(config);
        } catch (StoreException e) {
            throw RelayStoreOptions.failure(e);
        } catch (Exception e) {
            throw new CommandFailure(
                    "cannot start the relay on " + bind + ":" + port + " with data in " + location.display() + ": "
                            + e.getMessage(),
                    e);
        }
        new ShutdownCloser().add(relay);
        PrintWriter out = spec.commandLine().getOut();
        if (plainOnTheNetwork()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(
                    "Warning: the relay listens on " + bind + " without TLS: tokens and session contents cross the"
                            + " network in clear. Use --tls-cert/--tls-key, or a TLS balancer in front with --public-url https://…");
            err.flush();
        }
        if (json) {
            new JsonLines(out).print(new JsonLines.Listening(relay.url().toString(), relay.port()));
        } else {
            out.println("Relay listening on " + relay.url());
            if (oidcIssuer != null) {
                out.println("Sign-in with " + oidcName + " (" + oidcIssuer + "): register " + relay.url()
                        + "/v1/web/oidc/callback as the redirect URI of client " + oidcClientId + ".");
            }
            out.flush();
        }
        // Serves until a signal; the shutdown hook closes the relay and flushes its store.
        new CountDownLatch(1).await();
        return 0;
    }

    /** The identity provider's settings, all given or none; the secret is read from its file. */
    private OidcSettings oidc() {
        if (oidcIssuer == null && oidcClientId == null && oidcClientSecretFile == null) {
            return null;
        }
        if (oidcIssuer == null || oidcClientId == null || oidcClientSecretFile == null) {
            throw mistyped("--oidc-issuer, --oidc-client-id and --oidc-client-secret-file go together; give all three");
        }
        String scheme = String.valueOf(oidcIssuer.getScheme());
        if (oidcIssuer.getHost() == null
                || !(scheme.equals("https") || scheme.equals("http"))
                || RelayChoice.isPlainOffThisMachine(oidcIssuer)) {
            throw mistyped("--oidc-issuer must be an https:// URL (http:// only on this machine): " + oidcIssuer);
        }
        String secret;
        try {
            secret = Files.readString(oidcClientSecretFile).strip();
        } catch (IOException e) {
            throw new CommandFailure("cannot read --oidc-client-secret-file " + oidcClientSecretFile + ": " + e);
        }
        if (secret.isEmpty()) {
            throw new CommandFailure("--oidc-client-secret-file " + oidcClientSecretFile + " is empty");
        }
        return new OidcSettings(oidcIssuer, oidcClientId, secret, oidcClaim, oidcName);
    }

    /** Zero (no drain) or a duration such as {@code 10s}. */
    static final class DrainTimeConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                return DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Loopback never leaves the machine; TLS at a balancer shows as an https public URL. */
    private boolean plainOnTheNetwork() {
        boolean loopback = bind.equals("127.0.0.1") || bind.equals("localhost") || bind.equals("::1");
        boolean balancer = publicUrl != null && "https".equalsIgnoreCase(publicUrl.getScheme());
        return !loopback && tlsCert == null && !balancer;
    }

    /** Flags given in a shape that cannot work: a usage error, said like picocli's own, with where the usage is. */
    private ParameterException mistyped(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
