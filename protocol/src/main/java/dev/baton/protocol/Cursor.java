package dev.baton.protocol;

/** A position in a session's log: the last committed {@code seq} seen within {@code epoch}. */
public record Cursor(String epoch, long seq) {}
