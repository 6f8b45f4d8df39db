package dev.baton.server.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files by which a folder makes Baton do things on its own: its MCP servers and its settings
 * (permission rules, model endpoint, provider). Trusting a folder means trusting these as they are.
 */
public final class ProjectFiles {
    public static final String MCP = ".mcp.json";
    public static final String SETTINGS = ".baton/settings.json";
    static final List<String> ALL = List.of(MCP, SETTINGS);
    /** Stands for a file that does not exist: creating it later is a change like any other. */
    static final String ABSENT = "absent";

    private ProjectFiles() {}

    /** Whether the folder has any project file, that is anything to trust. */
    public static boolean any(Path folder) {
        return ALL.stream().anyMatch(file -> Files.exists(folder.resolve(file)));
    }

    /** Each project file's SHA-256 ({@code "sha256:<hex>"}), or {@link #ABSENT}, in {@link #ALL}'s order. */
    static Map<String, String> digests(Path folder) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String file : ALL) {
            digests.put(file, digest(folder.resolve(file)));
        }
        return digests;
    }

    private static String digest(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return ABSENT;
        }
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
