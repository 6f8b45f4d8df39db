package dev.baton.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code $BATON_HOME/config.json}. A missing file is an empty config; a broken one is a configuration
 * error rather than silently ignored settings.
 *
 * @param relayUrl the relay to use when neither {@code --relay} nor {@code BATON_RELAY_URL} is set
 * @param offlineTimeout how long the relay may be unreachable before Remote Control gives up
 *     ({@code "30s"}, {@code "10m"}), when {@code --offline-timeout} does not say
 * @param relay where the embedded relay listens, when {@code --bind} and {@code --public-url} do not say
 */
public record BatonConfig(String relayUrl, String offlineTimeout, EmbeddedRelaySettings relay) {
    public static final BatonConfig EMPTY = new BatonConfig(null, null, null);

    public BatonConfig {
        relay = relay == null ? EmbeddedRelaySettings.NONE : relay;
    }

    public BatonConfig(String relayUrl) {
        this(relayUrl, null, null);
    }

    /**
     * {@code "relay": {"bind": "0.0.0.0", "publicUrl": "http://192.168.1.20:7420"}}.
     *
     * @param bind the address the embedded relay listens on; null: loopback
     * @param publicUrl the base URL devices are given; null: derived from the address
     */
    public record EmbeddedRelaySettings(String bind, String publicUrl) {
        static final EmbeddedRelaySettings NONE = new EmbeddedRelaySettings(null, null);
    }

    /** {@link #offlineTimeout} read as a duration, or {@code fallback} when it is not set. */
    public Duration offlineTimeoutOr(Duration fallback) {
        if (offlineTimeout == null) {
            return fallback;
        }
        try {
            return DurationText.parsePositive(offlineTimeout);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("config.json offlineTimeout: " + e.getMessage(), e);
        }
    }

    public static BatonConfig load(Path file) {
        try {
            BatonConfig config = Json.MAPPER.readValue(Files.readString(file), BatonConfig.class);
            return config == null ? EMPTY : config;
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
