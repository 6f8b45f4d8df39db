package dev.baton.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The vectors under conformance/sealed/, which the web client's tests open too: each opens to its plaintext
 * under its associated data, and each file is exactly what {@link SealVectors} writes.
 */
class SealVectorsTest {
    private static final Path DIR = Path.of("../conformance/sealed");

    @Test
    void everyVectorOpensToItsPlaintextUnderItsAssociatedData() throws IOException {
        Map<String, SealVectors.Vector> vectors = SealVectors.vectors();
        // The content key delivery vector has a shape of its own: KeyDeliveryVectorsTest holds it.
        assertThat(names(DIR).stream().filter(name -> !name.equals("content-key-wrap")))
                .containsExactlyInAnyOrderElementsOf(vectors.keySet());
        for (String name : vectors.keySet()) {
            JsonNode file = read(DIR.resolve(name + ".json"));
            byte[] opened = Seal.open(
                    bytes(file, "key"),
                    file.path("blob").asText(),
                    file.path("aad").asText());
            assertThat(opened).as(name).isEqualTo(bytes(file, "plaintextBase64url"));
            if (file.has("plaintext")) {
                assertThat(new String(opened, StandardCharsets.UTF_8))
                        .as(name)
                        .isEqualTo(file.path("plaintext").asText());
            }
            assertThat(file)
                    .as("conformance/sealed/%s.json is stale: rerun SealVectors", name)
                    .isEqualTo(vectors.get(name).json());
        }
    }

    @Test
    void theContentKeyIdIsTheDigestsFirstSixteenCharacters() throws IOException {
        JsonNode file = read(DIR.resolve("session-key.json"));
        assertThat(file.path("kid").asText()).hasSize(16).isEqualTo(ContentKeyId.of(bytes(file, "key")));
        assertThat(file.path("aad").asText()).endsWith("|" + file.path("kid").asText());
    }

    @Test
    void everyRefusedBlobFailsToOpen() throws IOException {
        assertThat(names(DIR.resolve("refused")))
                .containsExactlyInAnyOrderElementsOf(SealVectors.refused().keySet());
        for (String name : SealVectors.refused().keySet()) {
            JsonNode file = read(DIR.resolve("refused").resolve(name + ".json"));
            assertThat(file).as(name).isEqualTo(SealVectors.refused().get(name));
            assertThatThrownBy(() -> Seal.open(
                            bytes(file, "key"),
                            file.path("blob").asText(),
                            file.path("aad").asText()))
                    .as(name)
                    .isInstanceOf(SealException.class);
        }
    }

    private static Stream<String> namesStream(Path dir) throws IOException {
        return Files.list(dir)
                .map(path -> path.getFileName().toString())
                .filter(file -> file.endsWith(".json"))
                .map(file -> file.substring(0, file.length() - ".json".length()));
    }

    private static java.util.List<String> names(Path dir) throws IOException {
        try (Stream<String> names = namesStream(dir)) {
            return names.toList();
        }
    }

    private static JsonNode read(Path file) throws IOException {
        return Json.MAPPER.readTree(Files.readString(file));
    }

    private static byte[] bytes(JsonNode file, String field) {
        return Base64.getUrlDecoder().decode(file.path(field).asText());
    }
}
