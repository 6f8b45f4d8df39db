package dev.baton.server.remote;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/** Which relay Remote Control uses: a named one, or a relay started inside this process. */
public sealed interface RelayChoice {
    String URL_VARIABLE = "BATON_RELAY_URL";

    /** @param source where the URL came from, for error messages */
    record External(URI url, String source) implements RelayChoice {}

    /** @param listen where the relay listens and the URL it gives devices */
    record Embedded(EmbeddedListen listen) implements RelayChoice {}

    /** {@code --relay}, else {@code BATON_RELAY_URL}, else config.json, else an embedded relay. */
    static RelayChoice resolve(String flag, Map<String, String> env, BatonConfig config, EmbeddedListen listen) {
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
