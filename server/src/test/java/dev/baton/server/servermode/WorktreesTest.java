package dev.baton.server.servermode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.server.servermode.Worktrees.Cleanup;
import dev.baton.server.servermode.Worktrees.Worktree;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The no-loss rule for session worktrees, on real repositories. */
class WorktreesTest {
    private static final PersonIdent ME = new PersonIdent("Test", "test@example.com");

    @TempDir
    Path tmp;

    Path repo;
    Worktrees worktrees;

    @BeforeEach
    void repository() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo"));
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("README"), "hello\n");
            git.add().addFilepattern("README").call();
            git.commit().setMessage("first").setAuthor(ME).setCommitter(ME).call();
        }
        worktrees = Worktrees.of(repo.resolve("."), tmp.resolve("home/worktrees"));
    }

    @Test
    void aWorktreeIsOnItsOwnBranchOutsideTheCheckoutAndInvisibleToItsStatus() throws Exception {
        Worktree made = worktrees.create("ses_abcdefghijklmnop");

        assertThat(made.branch()).isEqualTo("baton/abcdefghijkl");
        assertThat(made.path()).startsWith(tmp.resolve("home/worktrees")).isDirectory();
        assertThat(made.path().resolve("README")).hasContent("hello");
        try (Git main = Git.open(repo.toFile());
                Git inWorktree = Git.open(made.path().toFile())) {
            assertThat(main.status().call().isClean())
                    .as("the main checkout's status")
                    .isTrue();
            assertThat(inWorktree.getRepository().getBranch()).isEqualTo("baton/abcdefghijkl");
        }
    }

    @Test
    void aBranchNameIsLettersAndDigitsOnlyWhateverTheIdHoldsAndDistinctForDistinctIds() throws Exception {
        Worktree made = worktrees.create("ses_rv-0aIjUIxN-_Qz9");

        assertThat(made.branch()).isEqualTo("baton/rv0aIjUIxNQz");
        try (Git inWorktree = Git.open(made.path().toFile())) {
            assertThat(inWorktree.getRepository().getBranch()).isEqualTo("baton/rv0aIjUIxNQz");
        }
        Set<String> branches = new HashSet<>();
        RandomGenerator random = new SplittableRandom(7);
        byte[] bytes = new byte[12];
        for (int i = 0; i < 10_000; i++) {
            random.nextBytes(bytes);
            String branch = Worktrees.branchOf(
                    "ses_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            assertThat(branch).matches("baton/[A-Za-z0-9]{8,12}");
            branches.add(branch);
        }
        assertThat(branches).as("one branch per session").hasSize(10_000);
    }

    @Test
    void aWorktreeMadeUnderTheOlderNamingRuleIsKnownByTheBranchItIsOnAndCleanedUpWithIt() throws Exception {
        String sessionId = "ses_rv-0aIjUIxN-_Qz9";
        String olderBranch = "baton/rv-0aIjUIxN-";
        Path path = worktrees.pathOf(sessionId);
        Files.createDirectories(path.getParent());
        Process git = new ProcessBuilder(
                        "git", "-C", repo.toString(), "worktree", "add", "-b", olderBranch, path.toString(), "HEAD")
                .redirectErrorStream(true)
                .start();
        assertThat(git.waitFor())
                .as(new String(git.getInputStream().readAllBytes()))
                .isZero();

        assertThat(worktrees.find(sessionId).orElseThrow().branch()).isEqualTo(olderBranch);
        assertThat(worktrees.create(sessionId).branch()).isEqualTo(olderBranch);

        List<Cleanup> pruned = worktrees.prune(id -> false);

        assertThat(pruned).singleElement().satisfies(cleanup -> assertThat(cleanup.removed())
                .as(cleanup.reason())
                .isTrue());
        try (Git main = Git.open(repo.toFile())) {
            assertThat(main.getRepository().exactRef(Constants.R_HEADS + olderBranch))
                    .isNull();
        }
    }

    @Test
    void aCleanWorktreeIsRemovedWithItsBranch() throws Exception {
        Worktree made = worktrees.create("ses_clean0000000");

        Cleanup cleanup = worktrees.removeIfNothingLost(made);

        assertThat(cleanup.removed()).as(cleanup.reason()).isTrue();
        assertThat(made.path()).doesNotExist();
        try (Git main = Git.open(repo.toFile())) {
            assertThat(main.getRepository().exactRef(Constants.R_HEADS + made.branch()))
                    .isNull();
        }
    }

    @Test
    void aWorktreeFolderDeletedByHandIsMadeAgainOnItsBranch() throws Exception {
        Worktree made = worktrees.create("ses_deleted000000");
        try (Stream<Path> files = Files.walk(made.path())) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        assertThat(made.path()).doesNotExist();

        Worktree again = worktrees.create("ses_deleted000000");

        assertThat(again.path()).isEqualTo(made.path());
        assertThat(again.branch()).isEqualTo(made.branch());
        assertThat(again.path().resolve("README")).hasContent("hello");
    }

    @Test
    void anUncommittedChangeKeepsTheWorktree() throws Exception {
        Worktree made = worktrees.create("ses_dirty0000000");
        Files.writeString(made.path().resolve("notes.txt"), "work in progress\n");

        Cleanup cleanup = worktrees.removeIfNothingLost(made);

        assertThat(cleanup.removed()).isFalse();
        assertThat(cleanup.reason()).contains("uncommitted");
        assertThat(made.path().resolve("notes.txt")).hasContent("work in progress");
    }

    @Test
    void aCommitOnlyItsBranchHasKeepsTheWorktreeUntilAnotherBranchHasIt() throws Exception {
        Worktree made = worktrees.create("ses_commit000000");
        try (Git git = Git.open(made.path().toFile())) {
            Files.writeString(made.path().resolve("feature.txt"), "done\n");
            git.add().addFilepattern("feature.txt").call();
            git.commit().setMessage("feature").setAuthor(ME).setCommitter(ME).call();
        }

        Cleanup kept = worktrees.removeIfNothingLost(made);
        assertThat(kept.removed()).isFalse();
        assertThat(kept.reason()).contains("commits no other branch has");
        assertThat(made.path().resolve("feature.txt")).exists();

        try (Git main = Git.open(repo.toFile())) {
            main.branchCreate()
                    .setName("keep-feature")
                    .setStartPoint(made.branch())
                    .call();
        }
        assertThat(worktrees.removeIfNothingLost(made).removed())
                .as("once another branch has the commit")
                .isTrue();
    }

    @Test
    void pruningAtStartAppliesTheSameRuleToWorktreesOfSessionsThatAreGone() throws Exception {
        Worktree clean = worktrees.create("ses_gone00000000");
        Worktree dirty = worktrees.create("ses_gonedirty000");
        Worktree live = worktrees.create("ses_live00000000");
        Files.writeString(dirty.path().resolve("x"), "x");

        List<Cleanup> done = worktrees.prune(id -> id.equals(live.sessionId()));

        assertThat(done)
                .extracting(c -> c.worktree().sessionId(), Cleanup::removed)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(clean.sessionId(), true),
                        org.assertj.core.groups.Tuple.tuple(dirty.sessionId(), false));
        assertThat(clean.path()).doesNotExist();
        assertThat(dirty.path().resolve("x")).exists();
        assertThat(live.path()).isDirectory();
    }

    @Test
    void outsideARepositoryTheRefusalNamesTheDirectory() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));

        assertThatThrownBy(() -> Worktrees.of(plain, tmp.resolve("home/worktrees")))
                .isInstanceOf(Worktrees.NotARepositoryException.class)
                .hasMessageContaining(plain.toString());
    }
}
