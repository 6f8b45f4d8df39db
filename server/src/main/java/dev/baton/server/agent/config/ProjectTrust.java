package dev.baton.server.agent.config;

import java.io.IOException;
import java.nio.file.Path;

/** Who decides whether a folder's project layer counts: the user's trust records, or their editor. */
public interface ProjectTrust {
    /** Nothing is trusted: sessions run on the user's own settings only. */
    ProjectTrust NONE = new ProjectTrust() {
        @Override
        public ProjectSettings settings(Path directory) {
            return ProjectSettings.untrusted(directory);
        }

        @Override
        public void whileWriting(Path directory, ProjectWrite write) throws IOException {
            write.run();
        }
    };

    /** The project layer of a session in {@code directory}: trusted as its files are now, or not. */
    ProjectSettings settings(Path directory);

    /**
     * Runs {@code write}, Baton's own change to the folder's project settings (a rule the person chose
     * to remember there), so that a folder trusted before it stays trusted after it.
     */
    void whileWriting(Path directory, ProjectWrite write) throws IOException;

    interface ProjectWrite {
        void run() throws IOException;
    }
}
