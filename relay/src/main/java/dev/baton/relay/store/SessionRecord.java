package dev.baton.relay.store;

import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SessionKey;
import java.time.Instant;

/**
 * What the relay knows about a session between host connections. Its titles, key and snapshot are sealed
 * by the backend or a device: the relay keeps and serves them without being able to read them.
 *
 * @param title the title the backend registered it with, sealed under the session's data key
 * @param spawnTitle the title a device spawned it with, sealed under the account's content key
 * @param key the session's data key wrapped under the content key, null until a host said hello
 * @param epoch the epoch of the stored tail, null until a host said hello
 * @param storedSeq the highest seq stored for {@code epoch} (0 for none)
 * @param snapshot the host's latest snapshot, null until it sent one
 */
public record SessionRecord(
        String id,
        String accountId,
        String environmentId,
        String title,
        String spawnTitle,
        SessionKey key,
        String epoch,
        long storedSeq,
        SealedSnapshot snapshot,
        Instant createdAt,
        Instant lastActivity) {

    /** A session a backend registered. */
    public static SessionRecord create(String id, String accountId, String environmentId, String title, Instant now) {
        return new SessionRecord(id, accountId, environmentId, title, null, null, null, 0, null, now, now);
    }

    /** A session a device asked an environment to start. */
    public static SessionRecord spawned(
            String id, String accountId, String environmentId, String spawnTitle, Instant now) {
        return new SessionRecord(id, accountId, environmentId, null, spawnTitle, null, null, 0, null, now, now);
    }

    public SessionRecord withEnvironment(String value, String newTitle) {
        return new SessionRecord(
                id,
                accountId,
                value,
                newTitle == null ? title : newTitle,
                spawnTitle,
                key,
                epoch,
                storedSeq,
                snapshot,
                createdAt,
                lastActivity);
    }

    /** A new epoch starts from nothing. */
    public SessionRecord withEpoch(String value) {
        return new SessionRecord(
                id, accountId, environmentId, title, spawnTitle, key, value, 0, snapshot, createdAt, lastActivity);
    }

    public SessionRecord withStoredSeq(long value, Instant activity) {
        return new SessionRecord(
                id, accountId, environmentId, title, spawnTitle, key, epoch, value, snapshot, createdAt, activity);
    }

    public SessionRecord withSnapshot(SealedSnapshot value) {
        return new SessionRecord(
                id, accountId, environmentId, title, spawnTitle, key, epoch, storedSeq, value, createdAt, lastActivity);
    }

    /** The key of the host's latest hello: the relay keeps what the host says, it cannot check it. */
    public SessionRecord withKey(SessionKey value) {
        return new SessionRecord(
                id,
                accountId,
                environmentId,
                title,
                spawnTitle,
                value,
                epoch,
                storedSeq,
                snapshot,
                createdAt,
                lastActivity);
    }

    /**
     * The title to show, sealed under the data key: the host's live one when it sent any, else the one given
     * at registration. (A spawn title, sealed under another key, travels on its own.)
     */
    public String displayTitle() {
        return snapshot != null && snapshot.title() != null ? snapshot.title() : title;
    }
}
