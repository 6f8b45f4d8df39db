package dev.baton.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Json;
import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Decision;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.DeltaFrame;
import dev.baton.protocol.frame.Frames.InputFrame;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionSealTest {
    private static final Instant TS = Instant.parse("2026-12-04T15:00:00Z");
    private final byte[] contentKey = Seal.newKey();
    private final byte[] dataKey = Seal.newKey();
    private final SessionSeal seal = new SessionSeal("ses_1", dataKey);

    @Test
    void anEventKeepsOnlyItsHeaderInTheClear() {
        Event event = new Event(5, TS, "in_1", "editor", new EventBody.UserMessage("secret plan"));

        SealedEvent sealed = seal.seal("ep_1", event);

        assertThat(Json.write(sealed)).doesNotContain("secret plan");
        assertThat(sealed.type()).isEqualTo("user_message");
        assertThat(seal.open("ep_1", sealed)).isEqualTo(event);
        assertThatThrownBy(() -> seal.open("ep_2", sealed)).isInstanceOf(SealException.class);
    }

    @Test
    void statusIsClearAndPermissionsShowTheirRequestId() {
        Event status = new Event(6, TS, null, null, new EventBody.Status(true));
        Event request = new Event(
                7,
                TS,
                null,
                null,
                new EventBody.PermissionRequest("req_1", "Bash", Json.MAPPER.createObjectNode(), "run it?"));

        SealedEvent sealedStatus = seal.seal("ep_1", status);
        SealedEvent sealedRequest = seal.seal("ep_1", request);

        assertThat(sealedStatus.sealed()).isNull();
        assertThat(sealedStatus.processing()).isTrue();
        assertThat(seal.open("ep_1", sealedStatus)).isEqualTo(status);
        assertThat(sealedRequest.requestId()).isEqualTo("req_1");
        assertThat(seal.open("ep_1", sealedRequest)).isEqualTo(request);
    }

    @Test
    void aRequestIdChangedInTheClearIsCaught() {
        Event decision = new Event(8, TS, null, null, new EventBody.PermissionDecision("req_1", Decision.ALLOW));
        SealedEvent sealed = seal.seal("ep_1", decision);
        SealedEvent relabelled =
                new SealedEvent(sealed.seq(), sealed.ts(), sealed.type(), null, null, "req_2", null, sealed.sealed());

        assertThatThrownBy(() -> seal.open("ep_1", relabelled))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("requestId");
    }

    @Test
    void anInputIdOrOriginChangedInTheClearIsCaught() {
        Event reply = new Event(9, TS, "in_1", "dev_phone", new EventBody.UserMessage("run the tests"));
        SealedEvent sealed = seal.seal("ep_1", reply);

        for (String[] header : new String[][] {
            {"in_2", "dev_phone"}, {null, "dev_phone"}, {"in_1", "editor"}, {"in_1", null}, {"in_1|3:dev", "phone"}
        }) {
            SealedEvent relabelled = new SealedEvent(
                    sealed.seq(), sealed.ts(), sealed.type(), header[0], header[1], null, null, sealed.sealed());
            assertThatThrownBy(() -> seal.open("ep_1", relabelled))
                    .as("inputId %s, origin %s", header[0], header[1])
                    .isInstanceOf(SealException.class);
        }
    }

    @Test
    void theEventsAssociatedDataCountsItsFreeStrings() {
        assertThat(Aad.event("s", "e", 1, "notice", "a|1:b", null))
                .isNotEqualTo(Aad.event("s", "e", 1, "notice", "a", "b"));
        assertThat(Aad.event("s", "e", 1, "notice", "", null))
                .isNotEqualTo(Aad.event("s", "e", 1, "notice", null, null));
        assertThat(Aad.event("s", "e", 1, "notice", "é", "dev|x")).isEqualTo("baton/2/event|s|e|1|2:é|5:dev|x|notice");
    }

    @Test
    void deltasAreBoundToTheirPlace() {
        DeltaFrame delta = seal.delta("ep_1", "msg_1", 0, "Hel");

        assertThat(seal.open("ep_1", delta)).isEqualTo("Hel");
        assertThatThrownBy(() -> seal.open("ep_1", new DeltaFrame("msg_1", 1, delta.sealed())))
                .isInstanceOf(SealException.class);
    }

    @Test
    void inputsAreBoundToTheirInputId() {
        Input input = new Input.Message("do it");
        InputFrame frame = seal.input("in_1", input);

        assertThat(frame.deviceId()).isNull();
        assertThat(seal.open(frame)).isEqualTo(input);
        assertThatThrownBy(() -> seal.open(new InputFrame("in_2", null, frame.sealed())))
                .isInstanceOf(SealException.class);
    }

    @Test
    void aSnapshotSealsItsTitleAndPendingRequests() {
        Event request = new Event(
                7,
                TS,
                null,
                null,
                new EventBody.PermissionRequest("req_1", "Bash", Json.MAPPER.createObjectNode(), "run it?"));
        Snapshot snapshot = new Snapshot("Fix the build", true, List.of(request), false);

        SealedSnapshot sealed = seal.seal("ep_1", snapshot);

        assertThat(Json.write(sealed)).doesNotContain("Fix the build").doesNotContain("run it?");
        assertThat(seal.open("ep_1", sealed)).isEqualTo(snapshot);
        assertThat(seal.open("ep_1", seal.seal("ep_1", new Snapshot(null, false, List.of(), true)))
                        .title())
                .isNull();
    }

    @Test
    void aWrappedKeyOpensOnlyUnderItsContentKeyAndSession() {
        SessionKey key = SessionSeal.wrap(contentKey, "ses_1", dataKey);
        Event event = new Event(1, TS, null, null, new EventBody.Notice("hi"));

        assertThat(key.kid()).isEqualTo(ContentKeyId.of(contentKey));
        assertThat(SessionSeal.unwrap(contentKey, "ses_1", key).open("ep_1", seal.seal("ep_1", event)))
                .isEqualTo(event);
        assertThatThrownBy(() -> SessionSeal.unwrap(contentKey, "ses_2", key)).isInstanceOf(SealException.class);
        assertThatThrownBy(() -> SessionSeal.unwrap(Seal.newKey(), "ses_1", key))
                .isInstanceOf(SealException.class)
                .hasMessageStartingWith("the session's key is wrapped under content key " + key.kid());
    }
}
