package dev.baton.server.session.shell;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Keeps the first {@code limit} bytes a command writes and counts the rest, so a command that floods
 * its output costs bounded memory and the reader still learns how much it missed.
 */
final class OutputCapture {
    private final byte[] kept;
    private int size;
    private long dropped;

    OutputCapture(int limit) {
        this.kept = new byte[limit];
    }

    synchronized void write(byte[] buffer, int length) {
        int fits = Math.min(length, kept.length - size);
        System.arraycopy(buffer, 0, kept, size, fits);
        size += fits;
        dropped += length - fits;
    }

    /** The kept output as text, with a note of what was dropped. */
    synchronized String text() {
        int end = dropped > 0 ? wholeCharactersEnd() : size;
        String text = new String(kept, 0, end, UTF_8);
        long droppedBytes = dropped + (size - end);
        if (droppedBytes == 0) {
            return text;
        }
        return text + "\n[output truncated: kept the first " + end + " bytes, dropped " + droppedBytes + " more]";
    }

    /** Where the kept bytes end without cutting a UTF-8 character in half at the limit. */
    private int wholeCharactersEnd() {
        int lead = size - 1;
        while (lead >= 0 && size - lead < 4 && (kept[lead] & 0xC0) == 0x80) {
            lead--; // continuation bytes: walk back to the character's first byte
        }
        if (lead < 0 || (kept[lead] & 0xC0) != 0xC0) {
            return size; // ends in plain ASCII or in bytes that are not UTF-8 anyway
        }
        int length = (kept[lead] & 0xE0) == 0xC0 ? 2 : (kept[lead] & 0xF0) == 0xE0 ? 3 : 4;
        return size - lead < length ? lead : size;
    }
}
