package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.frame.Frames.Subscribe;
import dev.baton.protocol.relay.RelayApi.AdoptSessions;
import dev.baton.protocol.relay.RelayApi.AdoptedSessions;
import dev.baton.protocol.relay.RelayApi.EnvironmentRegistration;
import dev.baton.protocol.relay.RelayApi.WorkItem;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.protocol.relay.WorkKind;
import java.util.Collections;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A server-mode backend that stopped deregistered its environment, and its sessions were left with none.
 * Started again, it registers a new environment and adopts them, so a device opening one asks it to
 * host the session again.
 */
class SessionAdoptionTest {
    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    @Test
    void aNewEnvironmentAdoptsTheSessionsOfOneThatWasDeletedAndADeviceOpeningOneAsksItToAttach() {
        EnvironmentRegistration before = fixture.createEnvironment(SpawnMode.SAME_DIR, 4);
        fixture.environment = before;
        fixture.session = fixture.registerSession("spawned-earlier", "Earlier");
        assertThat(fixture.http
                        .delete("/v1/environments/" + before.environmentId(), before.environmentToken())
                        .status())
                .isEqualTo(204);
        assertThat(summary("spawned-earlier").has("environment"))
                .as("no environment lists it once its own is gone")
                .isFalse();
        EnvironmentRegistration after = fixture.createEnvironment(SpawnMode.SAME_DIR, 4);

        Http.Reply adopted = adopt(after, List.of("spawned-earlier", "never-relayed-1"));

        assertThat(adopted.status()).as(adopted.text()).isEqualTo(200);
        assertThat(adopted.as(AdoptedSessions.class).sessionIds())
                .as("an id the relay never heard of is not made a session")
                .containsExactly("spawned-earlier");
        assertThat(summary("spawned-earlier").path("environment").path("id").asText())
                .isEqualTo(after.environmentId());
        assertThat(summary("spawned-earlier").path("title").isMissingNode())
                .as("the title it had is kept")
                .isFalse();
        fixture.device().send(new Subscribe(null));
        WorkItem work = fixture.http
                .get("/v1/environments/" + after.environmentId() + "/work?waitMs=5000", after.environmentToken())
                .as(WorkItem.class);
        assertThat(work.kind()).isEqualTo(WorkKind.ATTACH);
        assertThat(work.sessionId()).isEqualTo("spawned-earlier");
    }

    @Test
    void aDeviceLeftOnASessionWhileNobodyCouldHostItGetsItHostedOnceAnEnvironmentAdoptsIt() {
        EnvironmentRegistration before = fixture.createEnvironment(SpawnMode.SAME_DIR, 4);
        fixture.environment = before;
        fixture.registerSession("nobody-looks", "Unwatched");
        fixture.session = fixture.registerSession("left-open", "Watched");
        fixture.http.delete("/v1/environments/" + before.environmentId(), before.environmentToken());
        Stream device = fixture.device();
        device.send(new Subscribe(null));
        device.await(Stream.type("sync"));
        EnvironmentRegistration after = fixture.createEnvironment(SpawnMode.SAME_DIR, 4);
        String work = "/v1/environments/" + after.environmentId() + "/work?waitMs=";

        assertThat(adopt(after, List.of("nobody-looks", "left-open"))
                        .as(AdoptedSessions.class)
                        .sessionIds())
                .containsExactly("nobody-looks", "left-open");

        Http.Reply polled = fixture.http.get(work + "5000", after.environmentToken());
        assertThat(polled.status()).as("work waits for the environment").isEqualTo(200);
        WorkItem attach = polled.as(WorkItem.class);
        assertThat(attach.kind()).isEqualTo(WorkKind.ATTACH);
        assertThat(attach.sessionId())
                .as("the session the device still shows, without subscribing again")
                .isEqualTo("left-open");
        assertThat(fixture.http.get(work + "200", after.environmentToken()).status())
                .as("no work for the session nobody follows")
                .isEqualTo(204);
    }

    @Test
    void aDeviceLeftOnASessionAnEnvironmentAdoptsWhileFullIsToldWhy() {
        EnvironmentRegistration server = fullServerAndAnEarlierSession();
        Stream device = fixture.device();
        device.send(new Subscribe(null));
        device.await(Stream.type("sync"));

        adopt(server, List.of("earlier-one"));

        JsonNode error = device.await(Stream.type("error"));
        assertThat(error.path("code").asText()).isEqualTo("capacity_reached");
    }

    @Test
    void aSessionWhoseHostIsOnlineOrOfAnotherAccountStaysWhereItIs() {
        EnvironmentRegistration hostedHere = fixture.environment;
        fixture.hostWithHello("epoch-1", 0); // the fixture's session, hosted now by its own environment
        EnvironmentRegistration server = fixture.createEnvironment(SpawnMode.WORKTREE, 2);
        String otherAccount = fixture.relay.createAccountToken("grace");
        fixture.accountToken = otherAccount;
        fixture.environment = fixture.createEnvironment(SpawnMode.SAME_DIR, 1);
        fixture.registerSession("graces-session", "Hers");

        Http.Reply adopted = adopt(server, List.of("session-one", "graces-session"));

        assertThat(adopted.status()).as(adopted.text()).isEqualTo(200);
        assertThat(adopted.as(AdoptedSessions.class).sessionIds()).isEmpty();
        assertThat(summary("session-one").path("environment").path("id").asText())
                .as("the hosted session stays under its own environment")
                .isEqualTo(hostedHere.environmentId());
        String gracesEnvironment = fixture.environment.environmentId();
        fixture.device = fixture.pair("graces phone");
        assertThat(summary("graces-session").path("environment").path("id").asText())
                .isEqualTo(gracesEnvironment);
    }

    @Test
    void aSingleSessionEnvironmentAndMalformedListsAreRefused() {
        Http.Reply single = adopt(fixture.environment, List.of("session-one"));
        assertThat(single.status()).isEqualTo(400);
        assertThat(single.errorMessage()).contains("single-session", "same-dir or worktree");

        EnvironmentRegistration server = fixture.createEnvironment(SpawnMode.SAME_DIR, 2);
        Http.Reply tooMany = adopt(server, Collections.nCopies(101, "session-one"));
        assertThat(tooMany.errorCode()).isEqualTo("bad_request");
        assertThat(tooMany.errorMessage()).isEqualTo("at most 100 sessionIds in one adoption, not 101");
        Http.Reply malformed = adopt(server, List.of("../etc"));
        assertThat(malformed.errorCode()).isEqualTo("bad_request");
        assertThat(malformed.errorMessage()).startsWith("each sessionId must match");
        Http.Reply wrongToken = fixture.http.post(
                "/v1/environments/" + server.environmentId() + "/adoptions",
                fixture.environment.environmentToken(),
                new AdoptSessions(List.of("session-one")));
        assertThat(wrongToken.status()).isEqualTo(403);
    }

    @Test
    void aDeviceOpeningAnAdoptedSessionWhileItsEnvironmentIsFullIsToldWhy() {
        EnvironmentRegistration server = fullServerAndAnEarlierSession();
        assertThat(adopt(server, List.of("earlier-one"))
                        .as(AdoptedSessions.class)
                        .sessionIds())
                .containsExactly("earlier-one");

        Stream device = fixture.device();
        device.send(new Subscribe(null));

        JsonNode error = device.await(Stream.type("error"));
        assertThat(error.path("code").asText()).isEqualTo("capacity_reached");
        assertThat(error.path("message").asText()).startsWith("this environment already runs 1 of its 1 sessions");
    }

    /**
     * A server-mode environment of capacity 1 running its one session, and the fixture's session now
     * "earlier-one", under another environment that nobody runs.
     */
    private EnvironmentRegistration fullServerAndAnEarlierSession() {
        EnvironmentRegistration server = fixture.createEnvironment(SpawnMode.SAME_DIR, 1);
        fixture.environment = server;
        fixture.session = fixture.registerSession("running-now", "Running");
        fixture.hostWithHello("epoch-1", 0);
        fixture.environment = fixture.createEnvironment(SpawnMode.SAME_DIR, 1);
        fixture.session = fixture.registerSession("earlier-one", "Earlier");
        return server;
    }

    private Http.Reply adopt(EnvironmentRegistration environment, List<String> sessionIds) {
        return fixture.http.post(
                "/v1/environments/" + environment.environmentId() + "/adoptions",
                environment.environmentToken(),
                new AdoptSessions(sessionIds));
    }

    private JsonNode summary(String sessionId) {
        JsonNode sessions = fixture.http
                .get("/v1/sessions", fixture.device.deviceToken())
                .json()
                .path("sessions");
        return StreamSupport.stream(sessions.spliterator(), false)
                .filter(summary -> summary.path("id").asText().equals(sessionId))
                .findFirst()
                .orElseThrow();
    }
}
