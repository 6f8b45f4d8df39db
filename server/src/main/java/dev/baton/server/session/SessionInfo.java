package dev.baton.server.session;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A session on disk, without opening its log.
 *
 * @param name the name it was started with ({@code --name}), which finds it again; null if none
 * @param title the current title, which {@code /rename} changes
 */
public record SessionInfo(String id, String name, Path directory, String title, Instant lastActivity) {}
