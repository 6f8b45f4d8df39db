package dev.baton.server.cli;

import dev.baton.server.trust.TrustStatus;

/** How the commands word a folder's trust, alike everywhere. */
final class TrustMessages {
    private TrustMessages() {}

    /** One line for {@code baton config}: the folder and whether its project values count. */
    static String folderLine(TrustStatus status, boolean hasProjectFiles) {
        String folder = "Folder: " + status.folder() + " ";
        return switch (status) {
            case TrustStatus.Trusted trusted -> folder + "(trusted: its .baton/settings.json and .mcp.json apply)";
            case TrustStatus.Changed changed -> folder + "(trusted, but " + String.join(" and ", changed.files())
                    + " changed since: project values are ignored until you run baton trust " + status.folder() + ")";
            case TrustStatus.Declined declined -> folder
                    + "(you chose not to trust it: project values are ignored; baton trust " + status.folder()
                    + " to change that)";
            case TrustStatus.Untrusted untrusted -> hasProjectFiles
                    ? folder + "(not trusted: project values are ignored until you run baton trust " + status.folder()
                            + ")"
                    : folder + "(not trusted; it has no project settings)";
        };
    }

    /** Why a non-interactive start refuses, and the command that lets it run. */
    static String refusal(TrustStatus status) {
        String how = " Review them, then run: baton trust " + status.folder();
        return switch (status) {
            case TrustStatus.Changed changed -> status.folder() + ": " + String.join(" and ", changed.files())
                    + " changed since you trusted this folder, and nobody is at a terminal to approve it." + how;
            default -> status.folder()
                    + " is not trusted: its .mcp.json and .baton/settings.json would start programs and set"
                    + " permissions, and nobody is at a terminal to approve them." + how;
        };
    }
}
