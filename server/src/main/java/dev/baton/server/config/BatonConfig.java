package dev.baton.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code $BATON_HOME/config.json}. A missing file is an empty config; a broken one is a configuration
 * error rather than silently ignored settings.
 *
 * @param relayUrl the relay to use when neither {@code --relay} nor {@code BATON_RELAY_URL} is set
 */
public record BatonConfig(String relayUrl) {
    public static final BatonConfig EMPTY = new BatonConfig(null);

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
