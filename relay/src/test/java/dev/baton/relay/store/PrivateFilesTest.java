package dev.baton.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only creation and replacement, and tightening of what a standalone relay's data directory already holds. */
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

    @Test
    void replacingPutsTheNewContentInPlaceAndLeavesNothingElseBehind() throws Exception {
        Path file = Files.writeString(dir.resolve("state.json"), "old content, longer than the new");

        PrivateFiles.replace(file, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(file).hasContent("new");
        assertThat(entries(dir)).containsExactly(file);
    }

    @Test
    void theReplacedFileIsOwnerOnlyWhateverTheOldOneAllowed() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        PrivateFiles.replace(file, new byte[] {1, 2, 3});
        PrivateFiles.replace(dir.resolve("fresh"), new byte[] {4});

        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        assertThat(permissions(dir.resolve("fresh"))).isEqualTo("rw-------");
    }

    @Test
    void aReplacementThatCannotBeMovedInLeavesTheOldEntryAndNoTemporaryFile() throws Exception {
        // A non-empty directory cannot be renamed over, even by root: the failure comes after the write.
        Path target = Files.createDirectories(dir.resolve("occupied"));
        Path inside = Files.writeString(target.resolve("kept"), "kept");

        assertThatThrownBy(() -> PrivateFiles.replace(target, "new".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);

        assertThat(inside).hasContent("kept");
        assertThat(entries(dir)).containsExactly(target);
    }

    @Test
    void aReplacementWhoseFolderIsAFileFailsWithoutWritingAnything() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain"), "plain");

        assertThatThrownBy(() -> PrivateFiles.replace(notAFolder.resolve("file"), new byte[] {1}))
                .isInstanceOf(IOException.class);

        assertThat(notAFolder).hasContent("plain");
        assertThat(entries(dir)).containsExactly(notAFolder);
    }

    @Test
    void creatingWholeWritesANewFileOwnerOnlyAndNeverOverwritesAnExistingOne() throws Exception {
        Path file = dir.resolve("key");

        assertThat(PrivateFiles.createWhole(file, new byte[] {1, 2})).isTrue();
        assertThat(PrivateFiles.createWhole(file, new byte[] {3, 4})).isFalse();

        assertThat(Files.readAllBytes(file)).containsExactly(1, 2);
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(entries(dir)).containsExactly(file);
    }

    private static List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.toList();
        }
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
