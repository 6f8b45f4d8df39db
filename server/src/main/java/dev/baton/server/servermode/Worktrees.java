package dev.baton.server.servermode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The git worktrees of a server-mode environment's sessions: one per session, on its own branch
 * {@code baton/<short-id>}, under {@code $BATON_HOME/worktrees/<repo-hash>/<session-id>} so that the main
 * checkout's {@code git status} never shows them. A worktree is removed only when that loses nothing:
 * no uncommitted change and no commit that no other ref reaches.
 */
public final class Worktrees {
    private static final String BRANCH_PREFIX = "baton/";

    private final Path checkout;
    private final Path root;

    private Worktrees(Path checkout, Path root) {
        this.checkout = checkout;
        this.root = root;
    }

    /**
     * The worktrees of the repository {@code directory} is checked out in.
     *
     * @param worktreesHome {@code $BATON_HOME/worktrees}
     * @throws NotARepositoryException when {@code directory} is not in a git work tree
     */
    public static Worktrees of(Path directory, Path worktreesHome) {
        Path checkout = checkoutOf(directory).orElseThrow(() -> new NotARepositoryException(directory));
        return new Worktrees(checkout, worktreesHome.resolve(hash(checkout)));
    }

    /** The top of the git work tree {@code directory} is in, if it is in one. */
    public static Optional<Path> checkoutOf(Path directory) {
        FileRepositoryBuilder builder =
                new FileRepositoryBuilder().readEnvironment().findGitDir(directory.toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repository = builder.setMustExist(true).build()) {
            return repository.isBare()
                    ? Optional.empty()
                    : Optional.of(
                            repository.getWorkTree().toPath().toAbsolutePath().normalize());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The main checkout the worktrees branch off. */
    public Path checkout() {
        return checkout;
    }

    /** Where the worktree of {@code sessionId} lives (whether or not it exists). */
    public Path pathOf(String sessionId) {
        return root.resolve(sessionId);
    }

    /** The worktree of {@code sessionId}, if it has one. */
    public Optional<Worktree> find(String sessionId) {
        Path path = pathOf(sessionId);
        return Files.isDirectory(path)
                ? Optional.of(new Worktree(sessionId, path, branchAt(path, sessionId)))
                : Optional.empty();
    }

    /** Whether {@code directory} is one of these worktrees. */
    public boolean owns(Path directory) {
        Path normal = directory.toAbsolutePath().normalize();
        return normal.getParent() != null && normal.getParent().equals(root);
    }

    /**
     * {@code baton/<short-id>}: the first twelve letters and digits of the session id, short enough to type
     * and, from a random id, long enough not to collide in one repository. An id's {@code -} and {@code _}
     * are left out, so no branch ends with a dash or reads as an option.
     */
    public static String branchOf(String sessionId) {
        String bare = sessionId.startsWith("ses_") ? sessionId.substring(4) : sessionId;
        String lettersAndDigits = bare.replaceAll("[^A-Za-z0-9]", "");
        return BRANCH_PREFIX + lettersAndDigits.substring(0, Math.min(12, lettersAndDigits.length()));
    }

    /**
     * The branch the worktree at {@code path} has checked out. A worktree made by an earlier version may be
     * on a branch named by an older rule; what {@link #branchOf} would name it now is only the fallback
     * when the folder cannot be read as a checkout on a branch.
     */
    private static String branchAt(Path path, String sessionId) {
        try (Git git = Git.open(path.toFile())) {
            String full = git.getRepository().getFullBranch();
            if (full != null && full.startsWith(Constants.R_HEADS)) {
                return full.substring(Constants.R_HEADS.length());
            }
        } catch (IOException | RuntimeException unreadable) {
            // Not (or no longer) a checkout: the name the session would be given stands in.
        }
        return branchOf(sessionId);
    }

    /**
     * A new worktree for {@code sessionId} on a new branch from the checkout's HEAD, or the existing one
     * when the session had one already. JGit cannot add worktrees, so the git command does.
     */
    public Worktree create(String sessionId) throws IOException {
        Path path = pathOf(sessionId);
        String branch = branchOf(sessionId);
        if (Files.isDirectory(path.resolve(".git")) || Files.isRegularFile(path.resolve(".git"))) {
            return new Worktree(sessionId, path, branchAt(path, sessionId));
        }
        Files.createDirectories(root);
        boolean branchExists;
        boolean registered;
        try (Repository repository = open()) {
            branchExists = repository.exactRef(Constants.R_HEADS + branch) != null;
            // git keeps a worktree's records under its folder's name, even once the folder is gone.
            registered = Files.isDirectory(repository
                    .getDirectory()
                    .toPath()
                    .resolve("worktrees")
                    .resolve(path.getFileName().toString()));
        }
        if (registered) {
            // A worktree folder deleted by hand stays registered, and git refuses to add one at its path.
            git(checkout, "worktree", "prune");
        }
        if (branchExists) {
            git(checkout, "worktree", "add", path.toString(), branch);
        } else {
            git(checkout, "worktree", "add", "-b", branch, path.toString(), "HEAD");
        }
        return new Worktree(sessionId, path, branch);
    }

    /**
     * Removes the worktree and its branch if that loses no work; otherwise leaves both as they are.
     *
     * @return what was done, and why a kept worktree was kept
     */
    public Cleanup removeIfNothingLost(Worktree worktree) throws IOException {
        if (!Files.exists(worktree.path())) {
            return new Cleanup(worktree, false, "already gone");
        }
        Optional<String> reason = workAt(worktree);
        if (reason.isPresent()) {
            return new Cleanup(worktree, false, reason.get());
        }
        git(checkout, "worktree", "remove", worktree.path().toString());
        try (Git git = Git.wrap(open())) {
            git.branchDelete()
                    .setBranchNames(Constants.R_HEADS + worktree.branch())
                    .setForce(true)
                    .call();
        } catch (GitAPIException e) {
            throw new IOException("cannot delete branch " + worktree.branch() + ": " + e.getMessage(), e);
        }
        return new Cleanup(worktree, true, "nothing to keep");
    }

    /**
     * Applies {@link #removeIfNothingLost} to the worktrees under this repository's folder whose session
     * is not {@code live}: what a process left behind when it was killed.
     */
    public List<Cleanup> prune(Predicate<String> live) throws IOException {
        List<Cleanup> done = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return done;
        }
        List<Path> folders;
        try (Stream<Path> listed = Files.list(root)) {
            folders = listed.filter(Files::isDirectory).toList();
        }
        for (Path folder : folders) {
            String sessionId = folder.getFileName().toString();
            if (!live.test(sessionId)) {
                Worktree worktree = new Worktree(sessionId, folder, branchAt(folder, sessionId));
                try {
                    done.add(removeIfNothingLost(worktree));
                } catch (IOException e) {
                    // Unreadable is not clean: keep it, and say so.
                    done.add(new Cleanup(worktree, false, e.getMessage()));
                }
            }
        }
        git(checkout, "worktree", "prune");
        return done;
    }

    /** Why removing the worktree would lose work, or empty when it would not. */
    Optional<String> workAt(Worktree worktree) throws IOException {
        try (Git git = Git.open(worktree.path().toFile())) {
            if (!git.status().call().isClean()) {
                return Optional.of("it has uncommitted changes");
            }
            Repository repository = git.getRepository();
            List<ObjectId> tips = new ArrayList<>();
            Optional.ofNullable(repository.resolve(Constants.HEAD)).ifPresent(tips::add);
            Optional.ofNullable(repository.exactRef(Constants.R_HEADS + worktree.branch()))
                    .map(Ref::getObjectId)
                    .ifPresent(tips::add);
            if (hasCommitsNowhereElse(tips, worktree.branch())) {
                return Optional.of("branch " + worktree.branch() + " has commits no other branch has");
            }
            return Optional.empty();
        } catch (GitAPIException e) {
            throw new IOException("cannot read " + worktree.path() + ": " + e.getMessage(), e);
        }
    }

    /** Whether a commit reachable from {@code tips} is reachable from no ref but {@code branch}. */
    private boolean hasCommitsNowhereElse(List<ObjectId> tips, String branch) throws IOException {
        try (Repository repository = open();
                RevWalk walk = new RevWalk(repository)) {
            for (ObjectId tip : tips) {
                walk.markStart(walk.parseCommit(tip));
            }
            for (Ref ref : repository.getRefDatabase().getRefs()) {
                if (ref.getName().equals(Constants.R_HEADS + branch) || ref.getObjectId() == null) {
                    continue;
                }
                try {
                    walk.markUninteresting(walk.parseCommit(ref.getObjectId()));
                } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException notACommit) {
                    // a tag of a tree or blob reaches no commit
                }
            }
            ObjectId mainHead = repository.resolve(Constants.HEAD);
            if (mainHead != null) {
                walk.markUninteresting(walk.parseCommit(mainHead));
            }
            return walk.next() != null;
        }
    }

    private Repository open() throws IOException {
        return new FileRepositoryBuilder()
                .findGitDir(checkout.toFile())
                .setMustExist(true)
                .build();
    }

    private static void git(Path directory, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("git " + args[0] + " did not finish within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while git " + args[0] + " ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + output);
        }
    }

    private static String hash(Path checkout) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(checkout.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("no SHA-256 in this JVM", e));
        }
    }

    /** A session's worktree: where it is and the branch checked out in it. */
    public record Worktree(String sessionId, Path path, String branch) {}

    /** What {@link #removeIfNothingLost} did: removed, or kept and why. */
    public record Cleanup(Worktree worktree, boolean removed, String reason) {}

    /** Worktree mode needs a git repository, and the directory is not in one. */
    public static final class NotARepositoryException extends RuntimeException {
        NotARepositoryException(Path directory) {
            super("worktree mode needs a git repository, and " + directory + " is not in one");
        }
    }
}
