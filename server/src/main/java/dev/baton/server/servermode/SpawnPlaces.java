package dev.baton.server.servermode;

import dev.baton.server.servermode.Worktrees.Cleanup;
import dev.baton.server.servermode.Worktrees.Worktree;
import dev.baton.server.terminal.ScreenState.SpawnMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where an environment's sessions work: its directory, or (in worktree mode) a git worktree of their
 * own, and the spawn mode the person may switch between the two while the host runs. The worktrees
 * are opened on first need (worktree mode, or a worktree session hosted again), so a directory outside
 * a repository can still host.
 */
final class SpawnPlaces {
    /** Where a new session works: {@code worktree} is null when that is the environment's directory. */
    record Place(Path directory, Worktree worktree) {}

    /** What a switch of the spawn mode said, and whether it switched (a refusal leaves the mode as is). */
    record Switch(String message, boolean switched) {}

    private final Path directory;
    private final Path worktreesHome;
    private volatile SpawnMode mode;
    private volatile Worktrees worktrees; // null until first needed, and outside a repository

    SpawnPlaces(Path directory, Path worktreesHome, SpawnMode mode) {
        this.directory = directory;
        this.worktreesHome = worktreesHome;
        this.mode = mode;
        if (mode == SpawnMode.WORKTREE) {
            worktrees = Worktrees.of(directory, worktreesHome);
        }
    }

    SpawnMode mode() {
        return mode;
    }

    /** Switches between the environment's directory and worktrees; one session only never spawns. */
    synchronized Switch toggle() {
        switch (mode) {
            case SESSION -> {
                return new Switch(
                        "This environment hosts one session only (--spawn session); restart without it to spawn.",
                        false);
            }
            case WORKTREE -> mode = SpawnMode.SAME_DIR;
            case SAME_DIR -> {
                try {
                    worktrees = worktrees != null ? worktrees : Worktrees.of(directory, worktreesHome);
                } catch (Worktrees.NotARepositoryException e) {
                    return new Switch(e.getMessage(), false);
                }
                mode = SpawnMode.WORKTREE;
            }
        }
        return new Switch(
                "New sessions now start "
                        + (mode == SpawnMode.WORKTREE ? "in a worktree of their own" : "in " + directory),
                true);
    }

    /** Where a session a device asked for is created, in the mode of the moment. */
    Place create(String sessionId) throws IOException {
        Worktree worktree = mode == SpawnMode.WORKTREE ? worktrees.create(sessionId) : null;
        return new Place(worktree == null ? directory : worktree.path(), worktree);
    }

    /** The worktree an existing session works in, or null. */
    Worktree worktreeOf(String sessionId) {
        Worktrees current = worktrees;
        return current == null ? null : current.find(sessionId).orElse(null);
    }

    /**
     * Whether a session in {@code sessionDirectory} is this environment's to host again: one of the
     * directory itself, or of a worktree of its repository, whichever mode spawns now.
     */
    boolean belongsHere(Path sessionDirectory) {
        if (sessionDirectory.equals(directory)) {
            return true;
        }
        Worktrees current = worktreesIfRepository();
        return current != null && current.owns(sessionDirectory);
    }

    /**
     * Where a session of this environment works when it is hosted again: its worktree, made again (on its
     * branch if that is left, else a new one from HEAD) when it was removed for holding no work, so the
     * session never runs in the main checkout instead. Null for a session of the directory itself.
     */
    Worktree reopen(String sessionId, Path sessionDirectory) throws IOException {
        Worktrees current = worktreesIfRepository();
        return current != null && current.owns(sessionDirectory) ? current.create(sessionId) : null;
    }

    /** The repository's worktrees, opened on first need whatever the mode; null outside a repository. */
    private synchronized Worktrees worktreesIfRepository() {
        if (worktrees == null && Worktrees.checkoutOf(directory).isPresent()) {
            worktrees = Worktrees.of(directory, worktreesHome);
        }
        return worktrees;
    }

    /** A hosted session ended: its worktree goes if nothing in it would be lost. */
    Cleanup cleanUp(Worktree worktree) {
        try {
            return worktrees.removeIfNothingLost(worktree);
        } catch (IOException e) {
            return new Cleanup(worktree, false, e.getMessage());
        }
    }

    /** Removes what killed processes left: worktrees of sessions nobody hosts, where nothing is lost. */
    List<Cleanup> prune(Predicate<String> hosted) throws IOException {
        Worktrees current = worktrees;
        return current == null ? List.of() : current.prune(hosted);
    }
}
