package dev.baton.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}: the store of a relay that is not running, which the admin commands write straight into. */
final class RelayDataDir {
    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The relay's data directory.")
    Path path;
}
