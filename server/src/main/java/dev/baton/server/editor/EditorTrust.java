package dev.baton.server.editor;

import dev.baton.server.agent.config.ProjectSettings;
import dev.baton.server.agent.config.ProjectTrust;
import dev.baton.server.trust.WorkspaceTrust;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Trust as the editor decides it: an editor with its own workspace trust (VS Code) says in {@code
 * initializationOptions.workspaceTrusted} whether the user trusts the workspace folder, and {@code
 * baton/workspaceTrust} when they grant it later. Its word is the decision for that folder, for this
 * process only: it is not written to {@code trust.json}, because the editor keeps its own record and a
 * terminal start should still ask. Other folders, and editors that say nothing, follow the user's
 * trust records.
 */
final class EditorTrust implements ProjectTrust {
    private final WorkspaceTrust records;
    private volatile Path folder;
    private volatile Boolean editorSays;

    EditorTrust(WorkspaceTrust records) {
        this.records = records;
    }

    /** What the editor said about {@code workspace} at {@code initialize}; null when it said nothing. */
    void initialize(Path workspace, Boolean trusted) {
        folder = workspace;
        editorSays = trusted;
    }

    /** The user trusted the workspace in the editor: sessions opened from now on get its project layer. */
    void granted() {
        editorSays = true;
    }

    @Override
    public ProjectSettings settings(Path directory) {
        Boolean said = editorSays;
        if (said == null || !directory.equals(folder)) {
            return records.settings(directory);
        }
        return new ProjectSettings(directory, said);
    }

    @Override
    public void whileWriting(Path directory, ProjectWrite write) throws IOException {
        records.whileWriting(directory, write);
    }
}
