package dev.baton.protocol;

/** The wire contract version spoken in the host {@code hello} frame. */
public final class ProtocolVersion {
    public static final int CURRENT = 1;

    private ProtocolVersion() {}
}
