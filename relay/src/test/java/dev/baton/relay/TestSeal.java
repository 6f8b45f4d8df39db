package dev.baton.relay;

import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.DeltaFrame;
import dev.baton.protocol.frame.Frames.Hello;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.protocol.seal.Aad;
import dev.baton.protocol.seal.Seal;
import dev.baton.protocol.seal.SessionSeal;

/**
 * Real sealed content for the relay's tests, as a backend and a device make it. The relay cannot open any
 * of it, so one session id and epoch in the associated data serve every test; a test opens what the relay
 * handed on to show it arrived untouched.
 */
public final class TestSeal {
    public static final byte[] CONTENT_KEY = Seal.newKey();
    public static final String SESSION = "ses_relay_tests";
    public static final String EPOCH = "epoch-a";
    public static final SessionSeal SEAL = new SessionSeal(SESSION, dataKey());
    public static final SessionKey KEY = SessionSeal.wrap(CONTENT_KEY, SESSION, dataKey());

    private static byte[] dataKeyBytes;

    private TestSeal() {}

    private static synchronized byte[] dataKey() {
        if (dataKeyBytes == null) {
            dataKeyBytes = Seal.newKey();
        }
        return dataKeyBytes;
    }

    public static SealedEvent sealed(Event event) {
        return SEAL.seal(EPOCH, event);
    }

    public static Event open(SealedEvent event) {
        return SEAL.open(EPOCH, event);
    }

    /** A version 2 hello with the test key; {@code snapshot} may be null. */
    public static Hello hello(String epoch, long lastSeq, Snapshot snapshot) {
        return new Hello(2, epoch, lastSeq, snapshot == null ? null : snapshot(snapshot), KEY);
    }

    public static SealedSnapshot snapshot(Snapshot snapshot) {
        return SEAL.seal(EPOCH, snapshot);
    }

    public static InputFrame input(String inputId, Input input) {
        return SEAL.input(inputId, input);
    }

    public static Input open(InputFrame input) {
        return SEAL.open(input);
    }

    public static DeltaFrame delta(String messageId, int n, String text) {
        return SEAL.delta(EPOCH, messageId, n, text);
    }

    public static String title(String title) {
        return SEAL.sealTitle(title);
    }

    public static String openTitle(String sealed) {
        return SEAL.openTitle(sealed);
    }

    /** An environment's name, hostname or directory, sealed under the content key. */
    public static String environment(String field, String value) {
        return Seal.sealText(CONTENT_KEY, value, Aad.environment(field));
    }

    public static String openEnvironment(String field, String sealed) {
        return Seal.openText(CONTENT_KEY, sealed, Aad.environment(field));
    }

    public static String spawnTitle(String environmentId, String title) {
        return Seal.sealText(CONTENT_KEY, title, Aad.spawnTitle(environmentId));
    }

    public static String openSpawnTitle(String environmentId, String sealed) {
        return Seal.openText(CONTENT_KEY, sealed, Aad.spawnTitle(environmentId));
    }
}
