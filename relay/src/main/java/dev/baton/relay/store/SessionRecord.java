package dev.baton.relay.store;

import dev.baton.protocol.Snapshot;
import java.time.Instant;

/**
 * What the relay knows about a session between host connections.
 *
 * @param epoch the epoch of the stored tail, null until a host said hello
 * @param storedSeq the highest seq stored for {@code epoch} (0 for none)
 * @param snapshot the host's latest snapshot, null until it sent one
 */
public record SessionRecord(
        String id,
        String accountId,
        String environmentId,
        String title,
        String epoch,
        long storedSeq,
        Snapshot snapshot,
        Instant createdAt,
        Instant lastActivity) {

    public static SessionRecord create(String id, String accountId, String environmentId, String title, Instant now) {
        return new SessionRecord(id, accountId, environmentId, title, null, 0, null, now, now);
    }

    public SessionRecord withEnvironment(String value, String newTitle) {
        return new SessionRecord(
                id,
                accountId,
                value,
                newTitle == null ? title : newTitle,
                epoch,
                storedSeq,
                snapshot,
                createdAt,
                lastActivity);
    }

    /** A new epoch starts from nothing. */
    public SessionRecord withEpoch(String value) {
        return new SessionRecord(id, accountId, environmentId, title, value, 0, snapshot, createdAt, lastActivity);
    }

    public SessionRecord withStoredSeq(long value, Instant activity) {
        return new SessionRecord(id, accountId, environmentId, title, epoch, value, snapshot, createdAt, activity);
    }

    public SessionRecord withSnapshot(Snapshot value) {
        return new SessionRecord(id, accountId, environmentId, title, epoch, storedSeq, value, createdAt, lastActivity);
    }

    /** The title to show: the host's live one when it sent any, else the one given at registration. */
    public String displayTitle() {
        return snapshot != null && snapshot.title() != null ? snapshot.title() : title;
    }
}
