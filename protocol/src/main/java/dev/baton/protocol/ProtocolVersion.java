package dev.baton.protocol;

/** The wire contract version spoken in the host {@code hello} frame. */
public final class ProtocolVersion {
    public static final int CURRENT = 1;

    /** The classpath resource holding this version's JSON Schema, which the build generates. */
    public static final String SCHEMA_RESOURCE = "/dev/baton/protocol/schema/v1.json";

    private ProtocolVersion() {}
}
