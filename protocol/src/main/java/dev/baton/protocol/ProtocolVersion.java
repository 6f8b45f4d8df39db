package dev.baton.protocol;

/** The wire contract version spoken in the host {@code hello} and the device {@code subscribe} frames. */
public final class ProtocolVersion {
    public static final int CURRENT = 2;

    /** The classpath resource holding this version's JSON Schema, which the build generates. */
    public static final String SCHEMA_RESOURCE = "/dev/baton/protocol/schema/v2.json";

    private ProtocolVersion() {}

    /**
     * Refuses a peer that speaks another version, with a sentence naming both and what to update.
     *
     * @param peer who sent it: {@code host} or {@code device}
     * @param update what its user should update
     * @throws ProtocolException {@link ErrorCode#UNSUPPORTED_PROTOCOL} when {@code version} is not {@link #CURRENT}
     */
    public static void require(String peer, String update, int version) {
        if (version != CURRENT) {
            throw new ProtocolException(
                    ErrorCode.UNSUPPORTED_PROTOCOL,
                    "this relay speaks protocol version " + CURRENT + " and the " + peer + " speaks version " + version
                            + ": update " + update + " to one that speaks version " + CURRENT);
        }
    }
}
