package dev.baton.server.agent.tool;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;

/** What the file tools share about telling text from binary and reading text leniently. */
final class TextFiles {
    /** How much of a file is sniffed for a NUL byte, the same heuristic git and grep use. */
    private static final int SNIFF_BYTES = 8192;

    private TextFiles() {}

    /** Sniffs an open file from its start, and leaves it positioned at its start again. */
    static boolean isBinary(SeekableByteChannel file) throws IOException {
        byte[] head = new byte[SNIFF_BYTES];
        file.position(0);
        int n = Channels.newInputStream(file).readNBytes(head, 0, head.length);
        file.position(0);
        return isBinary(head, n);
    }

    static boolean isBinary(byte[] bytes, int length) {
        for (int i = 0; i < Math.min(length, SNIFF_BYTES); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** A reader of an open file that shows malformed UTF-8 as U+FFFD instead of failing on it. */
    static BufferedReader lenientReader(SeekableByteChannel file) {
        return new BufferedReader(new InputStreamReader(
                Channels.newInputStream(file),
                UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    /** Cuts a long line for display, saying how much was left out. */
    static String cut(String line, int limit) {
        if (line.length() <= limit) {
            return line;
        }
        return line.substring(0, limit) + "… [" + (line.length() - limit) + " more characters]";
    }

    /** A byte count people read easily: {@code 512 B}, {@code 1.2 KB}, {@code 3.4 MB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }

    /** {@code 1 line}, {@code 3 lines}: counts in summaries read as English. */
    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
