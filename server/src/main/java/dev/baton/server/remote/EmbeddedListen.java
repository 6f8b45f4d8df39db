package dev.baton.server.remote;

import dev.baton.relay.NetworkAddress;
import dev.baton.relay.RelayConfig;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigurationException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Where the embedded relay listens and which URL it gives devices. Loopback by default: a phone cannot
 * open that URL, but nothing on the network can reach the session either. Binding beyond loopback is a
 * choice the user makes with {@code --bind}; the URL then names an address a phone on the same network
 * can open (the first non-loopback address, or {@code --public-url}).
 *
 * @param port 0 picks any free port (and then nothing is shared)
 * @param bind the address to listen on
 * @param publicUrl the base URL devices get; null: derived from {@code bind}
 */
public record EmbeddedListen(int port, String bind, URI publicUrl) {
    public static final String LOOPBACK = "127.0.0.1";

    public static EmbeddedListen loopback(int port) {
        return new EmbeddedListen(port, LOOPBACK, null);
    }

    /** As configured in config.json, for an editor's backend. */
    public static EmbeddedListen configured(int port, BatonConfig config) {
        return of(port, config.relay().bind(), config.relay().publicUrl(), "config.json relay.publicUrl");
    }

    /**
     * @param publicUrl the base URL as the user wrote it, or null
     * @param source where {@code publicUrl} came from, for the error when it is not an http(s) URL
     */
    public static EmbeddedListen of(int port, String bind, String publicUrl, String source) {
        if (publicUrl == null) {
            return new EmbeddedListen(port, bind, null);
        }
        try {
            URI url = new URI(publicUrl.strip());
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new ConfigurationException(source + ": expected an http(s) URL, got '" + publicUrl + "'");
            }
            return new EmbeddedListen(port, bind, url);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(source + ": not a URL: '" + publicUrl + "'", e);
        }
    }

    /**
     * @throws ConfigurationException when {@code bind} is not an address of this machine's form
     */
    public EmbeddedListen {
        if (bind == null || bind.isBlank()) {
            bind = LOOPBACK;
        }
        address(bind); // fail at start, with the flag's name, rather than when the relay binds
    }

    /** Whether only this machine can reach the relay. */
    public boolean loopbackOnly() {
        return address(bind).isLoopbackAddress();
    }

    /** Where this machine reaches the relay: its own address unless it listens on every address. */
    public String localHost() {
        return address(bind).isAnyLocalAddress() ? LOOPBACK : bind;
    }

    /** {@code host:port} as a person reads it in a message. */
    public String describe() {
        String host = localHost();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The relay's settings for this listener, with {@code base} giving the rest. */
    RelayConfig applyTo(RelayConfig base) {
        if (publicUrl == null
                && address(bind).isAnyLocalAddress()
                && NetworkAddress.first().isEmpty()) {
            throw new ConfigurationException("--bind " + bind + ": this machine has no network address but loopback"
                    + " to put in the URL; name the address devices use with --public-url");
        }
        return base.withBind(bind).withPort(port).withPublicUrl(publicUrl);
    }

    private static InetAddress address(String text) {
        // Only literal addresses: a host name would be looked up (slowly, and maybe differently later).
        if (!text.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            throw new ConfigurationException(
                    "--bind: expected an IP address such as 127.0.0.1, 0.0.0.0 or 192.168.1.20, got '" + text + "'");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new ConfigurationException("--bind: not an IP address: '" + text + "'", e);
        }
    }
}
