package dev.baton.protocol;

/**
 * A session's data key as the relay holds it: sealed under the account's content key, so only a device
 * that holds that key can open the session's content.
 *
 * @param kid which content key wrapped it ({@code dev.baton.protocol.seal.ContentKeyId})
 * @param wrapped the data key sealed under the content key, with {@code Aad.sessionKey(sessionId, kid)}
 */
public record SessionKey(String kid, String wrapped) {}
