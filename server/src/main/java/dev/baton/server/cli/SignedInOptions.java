package dev.baton.server.cli;

import picocli.CommandLine.Option;

/** The relay a command that acts with this computer's login (or {@code BATON_TOKEN}) talks to. */
final class SignedInOptions {
    @Option(
            names = "--relay",
            paramLabel = "URL",
            description = "The relay BATON_TOKEN is for (default: BATON_RELAY_URL, config.json, or the saved login).")
    String relay;

    @Option(names = "--insecure", description = "Accept a plain http:// relay on another machine.")
    boolean insecure;
}
