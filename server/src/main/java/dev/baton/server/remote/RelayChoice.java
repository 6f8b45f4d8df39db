package dev.baton.server.remote;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.config.Credentials;
import dev.baton.server.config.CredentialsFile;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/** Which relay Remote Control uses: a named one, or a relay started inside this process. */
public sealed interface RelayChoice {
    String URL_VARIABLE = "BATON_RELAY_URL";

    /** @param source where the URL came from, for error messages */
    record External(URI url, String source) implements RelayChoice {}

    /** @param listen where the relay listens and the URL it gives devices */
    record Embedded(EmbeddedListen listen) implements RelayChoice {}

    /** {@link #resolve(String, Map, BatonConfig, Optional, EmbeddedListen, boolean)} with no saved login. */
    static RelayChoice resolve(String flag, Map<String, String> env, BatonConfig config, EmbeddedListen listen) {
        return resolve(flag, env, config, Optional.empty(), listen, false);
    }

    /**
     * {@code --relay}, else {@code BATON_RELAY_URL}, else config.json, else the relay of the saved login,
     * else an embedded relay.
     *
     * @param loggedIn the relay {@code baton login} signed this machine in to ({@link #loggedInRelay})
     * @param insecure accept a plain http:// relay that is not on loopback ({@code --insecure})
     */
    static RelayChoice resolve(
            String flag,
            Map<String, String> env,
            BatonConfig config,
            Optional<String> loggedIn,
            EmbeddedListen listen,
            boolean insecure) {
        RelayChoice choice = choose(flag, env, config, loggedIn, listen);
        if (!insecure && choice instanceof External external && isPlainOffThisMachine(external.url())) {
            throw new ConfigurationException(external.source() + ": " + external.url()
                    + " is plain HTTP to another machine: the account token and every session would cross the"
                    + " network in clear. Use an https:// relay, or pass --insecure if the network is trusted.");
        }
        return choice;
    }

    /** Plain {@code http://} to a host that is not this machine: whatever crosses it is readable on the way. */
    public static boolean isPlainOffThisMachine(URI url) {
        return "http".equals(url.getScheme()) && !isThisMachine(url);
    }

    /**
     * A URL on loopback, which only this machine can open (a phone that scans it reaches itself). Only an
     * IPv4 literal counts for 127/8: a name such as 127.example.com is somebody else's machine.
     */
    public static boolean isThisMachine(URI url) {
        String host = url.getHost().toLowerCase(java.util.Locale.ROOT);
        return host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.\\d+){1,3}");
    }

    /** The relay of the login saved in {@code credentials.json}; a login is meant to be used. */
    static Optional<String> loggedInRelay(BatonHome home) {
        return new CredentialsFile(home.credentialsFile())
                .read()
                .map(Credentials::relayUrl)
                .filter(url -> !url.isBlank());
    }

    private static RelayChoice choose(
            String flag,
            Map<String, String> env,
            BatonConfig config,
            Optional<String> loggedIn,
            EmbeddedListen listen) {
        if (flag != null && !flag.isBlank()) {
            return new External(parse(flag, "--relay"), "--relay");
        }
        String variable = env.get(URL_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return new External(parse(variable, URL_VARIABLE), URL_VARIABLE);
        }
        if (config.relayUrl() != null && !config.relayUrl().isBlank()) {
            return new External(parse(config.relayUrl(), "config.json relayUrl"), "config.json");
        }
        if (loggedIn.isPresent()) {
            return new External(parse(loggedIn.get(), "the saved login"), "the saved login (baton login)");
        }
        return new Embedded(listen);
    }

    private static URI parse(String text, String source) {
        try {
            URI url = new URI(text.strip());
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new ConfigurationException(source + ": expected an http(s) URL, got " + text);
            }
            String withoutSlash = url.toString().replaceAll("/+$", "");
            return URI.create(withoutSlash);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(source + ": not a URL: " + text, e);
        }
    }
}
