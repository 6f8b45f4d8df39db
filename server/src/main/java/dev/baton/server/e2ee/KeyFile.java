package dev.baton.server.e2ee;

import dev.baton.relay.store.PrivateFiles;
import dev.baton.server.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A 32-byte secret in a file of its own, owner-only, made on first use. Creation is atomic and never
 * replaces: the bytes are written to a private temporary file which is then hard-linked to the final
 * name, so a reader sees no file or the whole key, and of two processes racing to create it one wins
 * and the other reads the winner's key.
 */
final class KeyFile {
    /** Ends the message of every unusable key file: what to search the docs for. */
    static final String INVALID = "key_file_invalid";

    static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFile() {}

    /**
     * The key in {@code file}, creating the file (and its folder, 0700) with fresh random bytes when it
     * does not exist.
     *
     * @param what names the key in messages ("the content key")
     * @throws ConfigurationException ending with {@link #INVALID} when the file exists but does not hold exactly 32 bytes, or cannot be read
     */
    static byte[] readOrCreate(Path file, String what) {
        try {
            return read(file, what);
        } catch (NoSuchFileException missing) {
            return create(file, what);
        } catch (IOException e) {
            throw invalid("cannot read " + what + " at " + file + ": " + e.getMessage(), e);
        }
    }

    /** The user's setup is wrong, not the program: reported as such (exit 2, an editor's "request failed"). */
    private static ConfigurationException invalid(String message) {
        return new ConfigurationException(message + " (" + INVALID + ")");
    }

    static ConfigurationException invalid(String message, Throwable cause) {
        return new ConfigurationException(message + " (" + INVALID + ")", cause);
    }

    static byte[] read(Path file, String what) throws IOException {
        byte[] key = Files.readAllBytes(file);
        if (key.length != LENGTH) {
            throw invalid(file + " should hold " + what + " (" + LENGTH + " bytes) but holds "
                    + key.length + " bytes; it is left as it is, since a new key would cut off every paired device."
                    + " Restore it from a backup, or remove it to start over and pair your devices again");
        }
        return key;
    }

    private static byte[] create(Path file, String what) {
        byte[] key = new byte[LENGTH];
        RANDOM.nextBytes(key);
        try {
            PrivateFiles.createDirectories(file.getParent());
            return PrivateFiles.createWhole(file, key) ? key : read(file, what);
        } catch (IOException e) {
            throw invalid("cannot create " + what + " at " + file + ": " + e.getMessage(), e);
        }
    }
}
