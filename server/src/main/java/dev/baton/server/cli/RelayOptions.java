package dev.baton.server.cli;

import picocli.CommandLine.Option;

/** Where Remote Control finds its relay; shared by {@code remote-control} and {@code lsp}. */
final class RelayOptions {
    @Option(
            names = "--relay",
            paramLabel = "URL",
            description = "The relay to use, over BATON_RELAY_URL and config.json.")
    String relay;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "7420",
            converter = PortConverter.class,
            description = "Port of the embedded relay (default: ${DEFAULT-VALUE}), shared by every baton with the same"
                    + " BATON_HOME; 0 = any free port, not shared.")
    int port;

    @Option(
            names = "--insecure",
            description = "Accept a plain http:// relay on another machine (tokens then cross the network in clear).")
    boolean insecure;
}
