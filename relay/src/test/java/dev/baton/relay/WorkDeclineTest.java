package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.frame.Frames.Subscribe;
import dev.baton.protocol.relay.DeclineReason;
import dev.baton.protocol.relay.RelayApi.DeclineWork;
import dev.baton.protocol.relay.RelayApi.EnvironmentRegistration;
import dev.baton.protocol.relay.RelayApi.WorkItem;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.protocol.relay.WorkKind;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A server-mode backend that takes work and does not host the session (another process has it open, it
 * is full) declines it. The devices waiting for the session hear why instead of waiting for good, and
 * the session stops holding a place against the capacity.
 */
class WorkDeclineTest {
    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    @Test
    void theDevicesWaitingForADeclinedSessionAreToldWhyAndItsPlaceIsFreed() {
        EnvironmentRegistration server = fixture.createEnvironment(SpawnMode.SAME_DIR, 1);
        fixture.environment = server;
        fixture.session = fixture.registerSession("busy-elsewhere", "Busy");
        Stream device = fixture.device();
        device.send(new Subscribe(null));
        device.await(Stream.type("sync"));
        WorkItem attach = fixture.http
                .get("/v1/environments/" + server.environmentId() + "/work?waitMs=5000", server.environmentToken())
                .as(WorkItem.class);
        assertThat(attach.sessionId()).isEqualTo("busy-elsewhere");
        assertThat(spawn(server).errorCode())
                .as("the session handed over holds the one place")
                .isEqualTo("capacity_reached");

        Http.Reply declined =
                decline(server, new DeclineWork("busy-elsewhere", WorkKind.ATTACH, DeclineReason.OPEN_ELSEWHERE));

        assertThat(declined.status()).as(declined.text()).isEqualTo(204);
        JsonNode error = device.await(Stream.type("error"));
        assertThat(error.path("code").asText()).isEqualTo("host_declined");
        assertThat(error.path("message").asText())
                .isEqualTo("Could not resume this session on its computer: another baton process there has it open;"
                        + " continue it there, or close it there first");
        assertThat(spawn(server).status()).as("its place is free again").isEqualTo(200);
    }

    @Test
    void aSpawnDeclinedForAReasonOfANewerBackendSaysItCouldNotStartAndFailed() {
        EnvironmentRegistration server = fixture.createEnvironment(SpawnMode.SAME_DIR, 2);
        fixture.environment = server;
        fixture.session = fixture.registerSession("spawned-now", null);
        Stream device = fixture.device();
        device.send(new Subscribe(null));
        device.await(Stream.type("sync"));

        Http.Reply declined = fixture.http.post(
                "/v1/environments/" + server.environmentId() + "/declines",
                server.environmentToken(),
                Map.of("sessionId", "spawned-now", "kind", "create", "reason", "disk_on_fire"));

        assertThat(declined.status()).as(declined.text()).isEqualTo(204);
        assertThat(device.await(Stream.type("error")).path("message").asText())
                .isEqualTo("Could not start this session on its computer: it failed there;"
                        + " the terminal running baton remote-control says why");
    }

    @Test
    void aDeclineOfASessionNotUnderTheEnvironmentOrWithoutItsFieldsIsRefused() {
        EnvironmentRegistration server = fixture.createEnvironment(SpawnMode.SAME_DIR, 2);

        Http.Reply elsewhere = decline(server, new DeclineWork("session-one", WorkKind.ATTACH, DeclineReason.MISSING));
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.errorCode()).isEqualTo("session_not_found");

        Http.Reply incomplete = decline(server, new DeclineWork("session-one", WorkKind.ATTACH, null));
        assertThat(incomplete.errorCode()).isEqualTo("bad_request");
        assertThat(incomplete.errorMessage()).isEqualTo("a decline needs sessionId, kind and reason");
    }

    private Http.Reply decline(EnvironmentRegistration environment, DeclineWork body) {
        return fixture.http.post(
                "/v1/environments/" + environment.environmentId() + "/declines", environment.environmentToken(), body);
    }

    private Http.Reply spawn(EnvironmentRegistration environment) {
        return fixture.http.post(
                "/v1/environments/" + environment.environmentId() + "/spawn",
                fixture.device.deviceToken(),
                Map.of("title", TestSeal.spawnTitle(environment.environmentId(), "New")));
    }
}
