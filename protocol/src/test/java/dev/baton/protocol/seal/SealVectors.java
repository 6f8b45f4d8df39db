package dev.baton.protocol.seal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the fixed test vectors under conformance/sealed/ (run once by hand, from protocol/: {@code java -cp
 * target/classes:target/test-classes:<jackson> dev.baton.protocol.seal.SealVectors ../conformance}).
 * {@link SealVectorsTest} holds the files to what this writes, so the two cannot drift apart.
 */
public final class SealVectors {
    static final String SESSION = "ses_vectors";
    static final String EPOCH = "ep_1";
    static final String ENVIRONMENT = "env_vectors";
    /** An input id with a {@code |} in it, as a device may make one: the associated data stays unambiguous. */
    static final String INPUT = "in_1|phone";

    static final String ORIGIN = "dev_phone";
    static final byte[] DATA_KEY = digest("baton conformance data key");
    static final byte[] CONTENT_KEY = digest("baton conformance content key");

    private SealVectors() {}

    /** The vectors by file name: each with the key, the associated data's parts and the plaintext. */
    static Map<String, Vector> vectors() {
        String kid = ContentKeyId.of(CONTENT_KEY);
        Map<String, Vector> vectors = new LinkedHashMap<>();
        vectors.put(
                "event",
                new Vector(
                        "an event body (permission_request) under the data key, stamped with the input and"
                                + " the surface that caused it",
                        DATA_KEY,
                        Aad.event(SESSION, EPOCH, 7, "permission_request", INPUT, ORIGIN),
                        parts(
                                "sessionId",
                                SESSION,
                                "epoch",
                                EPOCH,
                                "seq",
                                7,
                                "type",
                                "permission_request",
                                "inputId",
                                INPUT,
                                "origin",
                                ORIGIN),
                        text("{\"type\":\"permission_request\",\"requestId\":\"req_1\",\"tool\":\"Bash\","
                                + "\"input\":{\"command\":\"rm -rf build\"},\"summary\":\"Run rm -rf build — ok?\"}"),
                        1));
        vectors.put(
                "event-unstamped",
                new Vector(
                        "an event body (notice) that no input caused: no inputId, no origin",
                        DATA_KEY,
                        Aad.event(SESSION, EPOCH, 8, "notice", null, null),
                        parts("sessionId", SESSION, "epoch", EPOCH, "seq", 8, "type", "notice"),
                        text("{\"type\":\"notice\",\"text\":\"Resumed after a restart\"}"),
                        21));
        vectors.put(
                "delta",
                new Vector(
                        "the third delta (n = 2) of a message under the data key",
                        DATA_KEY,
                        Aad.delta(SESSION, EPOCH, "msg_1", 2),
                        parts("sessionId", SESSION, "epoch", EPOCH, "messageId", "msg_1", "n", 2),
                        text("partial answer: naïve ✓"),
                        2));
        vectors.put(
                "input",
                new Vector(
                        "an input under the data key",
                        DATA_KEY,
                        Aad.input(SESSION, "in_1"),
                        parts("sessionId", SESSION, "inputId", "in_1"),
                        text("{\"kind\":\"message\",\"text\":\"hello from the phone\"}"),
                        3));
        vectors.put(
                "title",
                new Vector(
                        "a session title (snapshot, list, registration) under the data key",
                        DATA_KEY,
                        Aad.title(SESSION),
                        parts("sessionId", SESSION),
                        text("Fix the flaky build"),
                        4));
        vectors.put(
                "spawn-title",
                new Vector(
                        "a spawn title under the content key",
                        CONTENT_KEY,
                        Aad.spawnTitle(ENVIRONMENT),
                        parts("environmentId", ENVIRONMENT),
                        text("Write the release notes"),
                        5));
        for (String field : new String[] {"name", "hostname", "directory"}) {
            vectors.put(
                    "environment-" + field,
                    new Vector(
                            "an environment's " + field + " under the content key",
                            CONTENT_KEY,
                            Aad.environment(field),
                            parts("field", field),
                            text(Map.of("name", "laptop", "hostname", "laptop.local", "directory", "/home/ada/baton")
                                    .get(field)),
                            6 + field.length()));
        }
        vectors.put(
                "session-key",
                new Vector(
                        "a session's data key wrapped under the content key; kid is ContentKeyId of the key",
                        CONTENT_KEY,
                        Aad.sessionKey(SESSION, kid),
                        parts("sessionId", SESSION, "kid", kid),
                        DATA_KEY,
                        20));
        return vectors;
    }

    /** Blobs that must not open, by file name: each is the event vector with one thing changed. */
    static Map<String, ObjectNode> refused() {
        Vector event = vectors().get("event");
        String blob = event.blob();
        Map<String, ObjectNode> refused = new LinkedHashMap<>();
        char flipped = blob.charAt(20) == 'A' ? 'B' : 'A';
        refused.put(
                "altered-byte",
                refusal(
                        "one ciphertext character changed",
                        DATA_KEY,
                        event.aad(),
                        blob.substring(0, 20) + flipped + blob.substring(21)));
        refused.put(
                "altered-aad",
                refusal(
                        "the event moved to seq 8",
                        DATA_KEY,
                        Aad.event(SESSION, EPOCH, 8, "permission_request", INPUT, ORIGIN),
                        blob));
        refused.put(
                "other-session",
                refusal(
                        "the event moved to another session",
                        DATA_KEY,
                        Aad.event("ses_other", EPOCH, 7, "permission_request", INPUT, ORIGIN),
                        blob));
        refused.put(
                "relabelled-input-id",
                refusal(
                        "the clear inputId changed to another input's",
                        DATA_KEY,
                        Aad.event(SESSION, EPOCH, 7, "permission_request", "in_2", ORIGIN),
                        blob));
        refused.put(
                "dropped-input-id",
                refusal(
                        "the clear inputId left out",
                        DATA_KEY,
                        Aad.event(SESSION, EPOCH, 7, "permission_request", null, ORIGIN),
                        blob));
        refused.put(
                "split-input-id",
                refusal(
                        "the inputId's part after its | moved into the origin",
                        DATA_KEY,
                        Aad.event(SESSION, EPOCH, 7, "permission_request", "in_1", "phone|" + ORIGIN),
                        blob));
        refused.put(
                "relabelled-origin",
                refusal(
                        "the clear origin changed to the editor",
                        DATA_KEY,
                        Aad.event(SESSION, EPOCH, 7, "permission_request", INPUT, "editor"),
                        blob));
        refused.put(
                "wrong-key",
                refusal("opened with the content key instead of the data key", CONTENT_KEY, event.aad(), blob));
        refused.put(
                "truncated", refusal("the tag cut off", DATA_KEY, event.aad(), blob.substring(0, blob.length() - 8)));
        return refused;
    }

    private static ObjectNode refusal(String description, byte[] key, String aad, String blob) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("description", description);
        node.put("key", Seal.base64url(key));
        node.put("aad", aad);
        node.put("blob", blob);
        return node;
    }

    public static void main(String[] args) throws IOException {
        Map<String, ObjectNode> files = new LinkedHashMap<>();
        vectors().forEach((name, vector) -> files.put("sealed/" + name, vector.json()));
        refused().forEach((name, node) -> files.put("sealed/refused/" + name, node));
        for (Map.Entry<String, ObjectNode> entry : files.entrySet()) {
            Path file = Path.of(args[0], entry.getKey() + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(entry.getValue()) + "\n");
        }
    }

    record Vector(
            String description, byte[] key, String aad, Map<String, Object> aadParts, byte[] plaintext, int nonceSeed) {
        byte[] nonce() {
            return nonce(nonceSeed);
        }

        static byte[] nonce(int nonceSeed) {
            byte[] nonce = new byte[Seal.NONCE_BYTES];
            for (int i = 0; i < nonce.length; i++) {
                nonce[i] = (byte) (nonceSeed * 16 + i);
            }
            return nonce;
        }

        String blob() {
            return Seal.seal(key, nonce(), plaintext, aad);
        }

        ObjectNode json() {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("description", description);
            node.put("key", Seal.base64url(key));
            if (key == CONTENT_KEY) {
                node.put("kid", ContentKeyId.of(key));
            }
            node.put("nonce", Seal.base64url(nonce()));
            node.put("aad", aad);
            node.set("aadParts", Json.MAPPER.valueToTree(aadParts));
            String asText = new String(plaintext, StandardCharsets.UTF_8);
            if (java.util.Arrays.equals(asText.getBytes(StandardCharsets.UTF_8), plaintext) && plaintext != DATA_KEY) {
                node.put("plaintext", asText);
            }
            node.put("plaintextBase64url", Seal.base64url(plaintext));
            node.put("blob", blob());
            return node;
        }
    }

    private static Map<String, Object> parts(Object... pairs) {
        Map<String, Object> parts = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parts.put((String) pairs[i], pairs[i + 1]);
        }
        return parts;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] digest(String seed) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text(seed));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
