package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.Decision;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionBrokerTest {
    @TempDir
    Path dir;

    private FullDiskChannel disk;
    private Journal journal;
    private final List<Input.Permission> delivered = new CopyOnWriteArrayList<>();
    private PermissionBroker broker;

    @BeforeEach
    void openJournal() throws IOException {
        journal = new Journal(
                "s-1",
                "epoch-1",
                null,
                EventLog.open(
                        dir.resolve("events.jsonl"), Clock.systemUTC(), file -> disk = new FullDiskChannel(file)));
        broker = new PermissionBroker(journal, delivered::add);
        journal.commit(List.of(new EventDraft(
                "in-1",
                "editor",
                new EventBody.PermissionRequest(
                        "toolu_1", "Write", Json.MAPPER.createObjectNode().put("path", "a.txt"), "Write a.txt"))));
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    private boolean pending() {
        return journal.read(state -> state.isPending("toolu_1"));
    }

    private EventBody lastEvent() {
        return journal.eventsAfter(0).getLast().body();
    }

    private String lastErrorCode() {
        return ((EventBody.Error) lastEvent()).code();
    }

    @Test
    void theFirstAnswerIsCommittedAndHandedToTheTurnAndALaterOneIsRefused() {
        Input.Permission first = new Input.Permission("toolu_1", Decision.ALLOW);
        broker.answer(new Stamp("a-1", "phone-1"), first);

        Event decision = journal.eventsAfter(0).getLast();
        assertThat(decision.body()).isEqualTo(new EventBody.PermissionDecision("toolu_1", Decision.ALLOW));
        assertThat(decision.inputId()).isEqualTo("a-1");
        assertThat(decision.origin()).isEqualTo("phone-1");
        assertThat(pending()).isFalse();
        assertThat(delivered).containsExactly(first);

        broker.answer(new Stamp("a-2", "editor"), new Input.Permission("toolu_1", Decision.DENY));

        assertThat(lastErrorCode()).isEqualTo("permission_already_decided");
        assertThat(delivered).containsExactly(first);
    }

    @Test
    void anAnswerToARequestNeverMadeIsRefused() {
        broker.answer(new Stamp("a-1", "editor"), new Input.Permission("toolu_9", Decision.ALLOW));
        assertThat(lastErrorCode()).isEqualTo("unknown_permission_request");

        broker.answer(new Stamp("a-2", "editor"), new Input.Permission(null, Decision.ALLOW));
        assertThat(lastErrorCode()).isEqualTo("unknown_permission_request");
        assertThat(delivered).isEmpty();
    }

    @Test
    void anAnswerWithoutADecisionOrWithAnUnknownScopeLeavesTheRequestWaiting() {
        broker.answer(new Stamp("a-1", "editor"), new Input.Permission("toolu_1", null));
        assertThat(lastErrorCode()).isEqualTo("missing_argument");

        broker.answer(new Stamp("a-2", "editor"), new Input.Permission("toolu_1", Decision.ALLOW_ALWAYS, "forever"));
        assertThat(lastErrorCode()).isEqualTo("invalid_argument");

        assertThat(pending()).isTrue();
        assertThat(delivered).isEmpty();
    }

    @Test
    void anAnswerToRememberIsHandedOnWithItsScope() {
        Input.Permission always =
                new Input.Permission("toolu_1", Decision.ALLOW_ALWAYS, Input.Permission.REMEMBER_PROJECT);
        broker.answer(new Stamp("a-1", "editor"), always);

        assertThat(delivered).containsExactly(always);
    }

    @Test
    void anAnswerTheLogRefusesIsNotHandedOn() {
        disk.full = true;

        assertThatThrownBy(() ->
                        broker.answer(new Stamp("a-1", "editor"), new Input.Permission("toolu_1", Decision.ALLOW)))
                .isInstanceOf(LogWriteException.class);

        assertThat(delivered).isEmpty();
        assertThat(pending()).isTrue();
    }
}
