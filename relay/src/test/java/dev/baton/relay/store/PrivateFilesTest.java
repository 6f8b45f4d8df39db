package dev.baton.relay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only creation, and tightening of what a standalone relay's data directory already holds. */
class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aLooseDataDirectoryIsTightenedWhenTheStoreOpensAndTheStoreFileIsPrivate() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path unrelated = Files.writeString(data.resolve("notes.txt"), "the user's own");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(unrelated, PosixFilePermissions.fromString("rw-r--r--"));

        EmbeddedStore.open(data, 100).close();

        assertThat(permissions(data)).isEqualTo("rwx------");
        try (var files = Files.list(data)) {
            assertThat(files.filter(file -> !file.equals(unrelated)))
                    .isNotEmpty()
                    .allSatisfy(file -> assertThat(permissions(file)).isEqualTo("rw-------"));
        }
        assertThat(permissions(unrelated)).as("not the relay's: left alone").isEqualTo("rw-r--r--");
    }

    @Test
    void createdFoldersAndFilesAreOwnerOnlyAndTighteningSaysOnceHowManyItChanged() throws Exception {
        Path nested = PrivateFiles.createDirectories(dir.resolve("a/b"));
        Path file = PrivateFiles.createFile(nested.resolve("f"));
        assertThat(permissions(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(permissions(nested)).isEqualTo("rwx------");
        assertThat(permissions(file)).isEqualTo("rw-------");

        Files.setPosixFilePermissions(nested, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        List<String> notices = new ArrayList<>();
        PrivateFiles.tighten(dir, List.of("a"), notices::add);

        assertThat(notices)
                .containsExactly(
                        "made 2 files and folders under " + dir + " private to you (others could" + " read them)");
        assertThat(permissions(file)).isEqualTo("rw-------");
        notices.clear();
        PrivateFiles.tighten(dir, List.of("a"), notices::add);
        assertThat(notices).isEmpty();
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
