package dev.baton.server.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
    @TempDir
    Path root;

    @Test
    void theContentKeyIsMadeOnceOwnerOnlyAndReadBackTheSame() throws Exception {
        BatonHome home = new BatonHome(root);
        Keyring first = Keyring.open(home);

        Path file = home.contentKeyFile();
        assertThat(Files.readAllBytes(file))
                .hasSize(32)
                .isEqualTo(first.contentKey().bytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(Keyring.open(home).contentKey().bytes())
                .isEqualTo(first.contentKey().bytes());
        assertThat(first.contentKey().kid()).hasSize(16).doesNotContain("=", "+", "/");
        assertThat(first.contentKey().toString())
                .doesNotContain(first.contentKey().base64url());
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).containsExactly("content-key");
        }
    }

    @Test
    void aShortContentKeyFileIsAnErrorWithItsCodeAndIsLeftAlone() throws Exception {
        BatonHome home = new BatonHome(root);
        Files.createDirectories(home.contentKeyFile().getParent());
        Files.write(home.contentKeyFile(), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> Keyring.open(home))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(home.contentKeyFile().toString())
                .hasMessageContaining("holds 3 bytes")
                .hasMessageEndingWith("(key_file_invalid)");
        assertThat(Files.readAllBytes(home.contentKeyFile())).containsExactly(1, 2, 3);
    }

    @Test
    void processesRacingToMakeTheKeyAllEndWithTheSameOne() throws Exception {
        BatonHome home = new BatonHome(root);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> keys = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                keys.add(pool.submit(
                        (Callable<byte[]>) () -> Keyring.open(home).contentKey().bytes()));
            }
            List<byte[]> opened = new ArrayList<>();
            for (Future<byte[]> key : keys) {
                opened.add(key.get());
            }
            // Read only once every open has returned: before that, no thread may have written the file yet.
            byte[] stored = Files.readAllBytes(home.contentKeyFile());
            for (byte[] key : opened) {
                assertThat(Arrays.equals(key, stored)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachSessionHasItsOwnDataKeyBesideItsLog() throws Exception {
        BatonHome home = new BatonHome(root);
        Keyring keys = Keyring.open(home);

        byte[] one = keys.dataKey("session-one");
        byte[] two = keys.dataKey("session-two");

        assertThat(one)
                .hasSize(32)
                .isNotEqualTo(two)
                .isNotEqualTo(keys.contentKey().bytes());
        assertThat(keys.dataKey("session-one")).isEqualTo(one);
        Path file = home.sessions().resolve("session-one").resolve("data-key");
        assertThat(Files.readAllBytes(file)).isEqualTo(one);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
