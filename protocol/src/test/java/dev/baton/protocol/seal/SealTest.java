package dev.baton.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SealTest {
    private final byte[] key = Seal.newKey();
    private final String aad = Aad.event("ses_1", "ep_1", 3, "user_message", "in_1", "editor");

    @Test
    void opensWhatItSealed() {
        String blob = Seal.sealText(key, "hello ✓", aad);

        assertThat(Seal.openText(key, blob, aad)).isEqualTo("hello ✓");
        assertThat(blob)
                .matches("[A-Za-z0-9_-]+")
                .hasSize(Seal.sealedLength("hello ✓".getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void everySealHasItsOwnNonce() {
        assertThat(Seal.sealText(key, "same", aad)).isNotEqualTo(Seal.sealText(key, "same", aad));
    }

    @Test
    void anAlteredByteDoesNotOpen() {
        String blob = Seal.sealText(key, "hello", aad);
        char flipped = blob.charAt(16) == 'A' ? 'B' : 'A';

        assertThatThrownBy(() -> Seal.open(key, blob.substring(0, 16) + flipped + blob.substring(17), aad))
                .isInstanceOf(SealException.class)
                .hasMessage("a sealed value did not open: wrong key, or its bytes or associated data were altered");
    }

    @Test
    void anotherAssociatedDataDoesNotOpen() {
        String blob = Seal.sealText(key, "hello", aad);

        assertThatThrownBy(() -> Seal.open(key, blob, Aad.event("ses_1", "ep_1", 4, "user_message", "in_1", "editor")))
                .isInstanceOf(SealException.class);
        assertThatThrownBy(() -> Seal.open(key, blob, Aad.event("ses_2", "ep_1", 3, "user_message", "in_1", "editor")))
                .isInstanceOf(SealException.class);
    }

    @Test
    void anotherKeyDoesNotOpen() {
        String blob = Seal.sealText(key, "hello", aad);

        assertThatThrownBy(() -> Seal.open(Seal.newKey(), blob, aad)).isInstanceOf(SealException.class);
    }

    @Test
    void textThatIsNoBlobIsRefusedByName() {
        assertThatThrownBy(() -> Seal.open(key, "not base64!", aad))
                .isInstanceOf(SealException.class)
                .hasMessage("a sealed value is not base64url");
        assertThatThrownBy(() -> Seal.open(key, "AAAA", aad))
                .isInstanceOf(SealException.class)
                .hasMessage("a sealed value is 3 bytes, shorter than a nonce and a tag");
        assertThatThrownBy(() -> Seal.open(new byte[16], Seal.sealText(key, "x", aad), aad))
                .isInstanceOf(SealException.class)
                .hasMessage("a key is 16 bytes, not 32");
    }

    @Test
    void aContentKeyIdIsSixteenBase64urlCharactersOfItsDigest() {
        assertThat(ContentKeyId.of(key)).matches("[A-Za-z0-9_-]{16}").isEqualTo(ContentKeyId.of(key.clone()));
        assertThat(ContentKeyId.of(key)).isNotEqualTo(ContentKeyId.of(Seal.newKey()));
    }
}
