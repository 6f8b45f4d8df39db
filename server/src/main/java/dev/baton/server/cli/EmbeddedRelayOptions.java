package dev.baton.server.cli;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.remote.EmbeddedListen;
import picocli.CommandLine.Option;

/**
 * Where the embedded relay of {@code baton remote-control} listens. Loopback unless the user says
 * otherwise here or in config.json: binding beyond it lets anyone who reaches the address and holds a
 * pairing code join, so it is never a default.
 */
final class EmbeddedRelayOptions {
    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            description = "Address the embedded relay listens on (default: relay.bind in config.json, else 127.0.0.1,"
                    + " which only this machine can open). 0.0.0.0 lets a phone on the same network join; the URL"
                    + " then names this machine's network address.")
    String bind;

    @Option(
            names = "--public-url",
            paramLabel = "URL",
            description = "The base URL devices are given for the embedded relay, when they reach it by another"
                    + " name (default: relay.publicUrl in config.json, else derived from --bind).")
    String publicUrl;

    /** The flags over config.json, for the embedded relay on {@code port}. */
    EmbeddedListen listen(int port, BatonConfig config) {
        String address = bind != null ? bind : config.relay().bind();
        String url = publicUrl != null ? publicUrl : config.relay().publicUrl();
        String source = publicUrl != null ? "--public-url" : "config.json relay.publicUrl";
        return EmbeddedListen.of(port, address, url, source);
    }

    /** The flags name the embedded relay; with another relay chosen they would silently do nothing. */
    boolean given() {
        return bind != null || publicUrl != null;
    }
}
