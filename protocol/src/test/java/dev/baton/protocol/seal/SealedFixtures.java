package dev.baton.protocol.seal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.SealedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals again the events inside the conformance suite's wire examples (messages/, edge/,
 * unknown-event-types/), whose sealed values are real: they open under {@link SealVectors#DATA_KEY} for
 * session {@value #SESSION} and epoch {@value #EPOCH}. Run it from protocol/ after the event's associated data
 * changes ({@code java -cp target/classes:target/test-classes:<jackson> dev.baton.protocol.seal.SealedFixtures
 * ../conformance}); {@link SealedFixturesTest} fails until then.
 *
 * <p>It keeps each blob's nonce and plaintext and replaces only its tag, so the files change in as few
 * characters as possible and keep their layout. The plaintext comes out of the counter-mode half of GCM,
 * which needs no associated data: fine for made-up fixtures, never for anything received.
 */
public final class SealedFixtures {
    static final String SESSION = "s-1";
    static final String EPOCH = "e-7f3a";
    static final List<String> FOLDERS = List.of("messages", "edge", "unknown-event-types");

    private SealedFixtures() {}

    /** The suite's files that may hold sealed events. */
    static List<Path> files(Path conformance) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : FOLDERS) {
            try (Stream<Path> walk = Files.walk(conformance.resolve(folder))) {
                walk.filter(file -> file.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    /** Every sealed event anywhere in {@code json}: an object with a {@code seq}, a {@code type} and a {@code sealed}. */
    static List<SealedEvent> sealedEvents(JsonNode json) {
        List<SealedEvent> events = new ArrayList<>();
        collect(json, events);
        return events;
    }

    private static void collect(JsonNode node, List<SealedEvent> events) {
        if (node.isObject() && node.has("seq") && node.has("type") && node.has("sealed")) {
            events.add(new SealedEvent(
                    node.path("seq").asLong(),
                    Instant.parse(node.path("ts").asText()),
                    node.path("type").asText(),
                    text(node, "inputId"),
                    text(node, "origin"),
                    text(node, "requestId"),
                    null,
                    node.path("sealed").asText()));
        }
        node.elements().forEachRemaining(child -> collect(child, events));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.path(field).asText() : null;
    }

    /** The event's body, sealed again with the same nonce under the associated data its clear header names now. */
    static String resealed(SealedEvent event) {
        byte[] blob = Base64.getUrlDecoder().decode(event.sealed());
        byte[] nonce = Arrays.copyOf(blob, Seal.NONCE_BYTES);
        byte[] ciphertext = Arrays.copyOfRange(blob, Seal.NONCE_BYTES, blob.length - Seal.TAG_BYTES);
        byte[] plaintext = counterMode(nonce, ciphertext);
        return Seal.seal(
                SealVectors.DATA_KEY,
                nonce,
                plaintext,
                Aad.event(SESSION, EPOCH, event.seq(), event.type(), event.inputId(), event.origin()));
    }

    /** GCM's keystream starts at counter block {@code nonce || 2}; the 32-bit counter never wraps for these. */
    private static byte[] counterMode(byte[] nonce, byte[] ciphertext) {
        byte[] counter = Arrays.copyOf(nonce, 16);
        counter[15] = 2;
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, new SecretKeySpec(SealVectors.DATA_KEY, "AES"), new IvParameterSpec(counter));
            return cipher.doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        for (Path file : files(Path.of(args[0]))) {
            String text = Files.readString(file);
            String updated = text;
            for (SealedEvent event : sealedEvents(Json.MAPPER.readTree(text))) {
                updated = updated.replace(event.sealed(), resealed(event));
            }
            if (!updated.equals(text)) {
                Files.writeString(file, updated);
            }
        }
    }
}
