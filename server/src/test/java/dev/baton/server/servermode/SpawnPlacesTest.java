package dev.baton.server.servermode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.servermode.SpawnPlaces.Place;
import dev.baton.server.terminal.ScreenState.SpawnMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where sessions of an environment work, and the spawn mode switch, on real directories. */
class SpawnPlacesTest {
    private static final PersonIdent ME = new PersonIdent("Test", "test@example.com");

    @TempDir
    Path tmp;

    @Test
    void switchingToWorktreesGivesEachNewSessionItsOwnAndBackTheDirectory() throws Exception {
        Path repo = repository();
        SpawnPlaces places = new SpawnPlaces(repo, tmp.resolve("worktrees"), SpawnMode.SAME_DIR);
        assertThat(places.create("ses_aaaaaaaaaaaaaaaa")).isEqualTo(new Place(repo, null));

        assertThat(places.toggle())
                .isEqualTo(new SpawnPlaces.Switch("New sessions now start in a worktree of their own", true));
        Place inWorktree = places.create("ses_bbbbbbbbbbbbbbbb");
        assertThat(inWorktree.worktree()).isNotNull();
        assertThat(inWorktree.directory())
                .isEqualTo(inWorktree.worktree().path())
                .isDirectory();
        assertThat(places.worktreeOf("ses_bbbbbbbbbbbbbbbb")).isEqualTo(inWorktree.worktree());
        assertThat(places.belongsHere(inWorktree.directory())).isTrue();
        assertThat(places.belongsHere(tmp)).isFalse();

        assertThat(places.toggle()).isEqualTo(new SpawnPlaces.Switch("New sessions now start in " + repo, true));
        assertThat(places.mode()).isEqualTo(SpawnMode.SAME_DIR);
        assertThat(places.create("ses_cccccccccccccccc")).isEqualTo(new Place(repo, null));
        assertThat(places.belongsHere(inWorktree.directory()))
                .as("a session started in a worktree still belongs here")
                .isTrue();
    }

    @Test
    void aDirectoryOutsideARepositoryOrOneSessionOnlyRefusesTheSwitch() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        SpawnPlaces sameDir = new SpawnPlaces(plain, tmp.resolve("worktrees"), SpawnMode.SAME_DIR);
        SpawnPlaces.Switch refused = sameDir.toggle();
        assertThat(refused.switched()).isFalse();
        assertThat(refused.message()).contains(plain.toString());
        assertThat(sameDir.mode()).isEqualTo(SpawnMode.SAME_DIR);
        assertThat(sameDir.prune(id -> false))
                .as("no worktrees were ever opened")
                .isEmpty();

        SpawnPlaces oneSession = new SpawnPlaces(plain, tmp.resolve("worktrees"), SpawnMode.SESSION);
        assertThat(oneSession.toggle().switched()).isFalse();
        assertThat(oneSession.mode()).isEqualTo(SpawnMode.SESSION);
    }

    @Test
    void aWorktreeWithNothingInItIsRemovedWhenItsSessionEnds() throws Exception {
        SpawnPlaces places = new SpawnPlaces(repository(), tmp.resolve("worktrees"), SpawnMode.WORKTREE);
        Place place = places.create("ses_dddddddddddddddd");

        assertThat(places.cleanUp(place.worktree()).removed()).isTrue();
        assertThat(place.directory()).doesNotExist();
    }

    private Path repository() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("README"), "hello\n");
            git.add().addFilepattern("README").call();
            git.commit().setMessage("first").setAuthor(ME).setCommitter(ME).call();
        }
        return repo;
    }
}
