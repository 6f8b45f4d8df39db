package dev.baton.server.cli;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DurationText;
import dev.baton.server.relayclient.HostStreamSettings;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --offline-timeout}: shared by {@code remote-control} and {@code lsp}. */
final class OfflineTimeoutOption {
    @Option(
            names = "--offline-timeout",
            paramLabel = "DURATION",
            converter = Converter.class,
            description = "Turn Remote Control off when the relay has been unreachable this long: 30s, 10m, 1h"
                    + " (default: offlineTimeout in $BATON_HOME/config.json, else 10m).")
    Duration value;

    /** The flag, else config.json, else ten minutes. */
    Duration resolve(BatonConfig config) {
        return value != null ? value : config.offlineTimeoutOr(HostStreamSettings.DEFAULT_OFFLINE_TIMEOUT);
    }

    static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                return DurationText.parsePositive(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
