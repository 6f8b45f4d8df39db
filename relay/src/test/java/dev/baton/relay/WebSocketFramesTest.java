package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a stream reads WebSocket frames as a client may send them: fragmented, not UTF-8, pings. */
class WebSocketFramesTest {
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private RelayFixture fixture;
    private RawWebSocket device;

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults().withMaxFrameBytes(MAX_FRAME_BYTES));
        String ticket = fixture.ticket(fixture.device.deviceToken(), fixture.session.sessionId());
        device = RawWebSocket.connect(
                fixture.relay.port(),
                "/v1/sessions/" + fixture.session.sessionId() + "/client?ticket=" + ticket,
                Map.of(),
                64 * 1024);
        assertThat(device.status()).as(device.head()).isEqualTo(101);
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
        fixture.close();
    }

    @Test
    void aFrameInFragmentsIsReadWholeEvenWhenACharacterIsSplitBetweenThem() throws IOException {
        byte[] ping = "{\"type\":\"ping\",\"note\":\"café\"}".getBytes(StandardCharsets.UTF_8);
        int insideTheE = new String(ping, StandardCharsets.UTF_8).indexOf('é') + 1; // between its two bytes

        device.sendFrame(RawWebSocket.TEXT, false, Arrays.copyOfRange(ping, 0, insideTheE));
        device.sendFrame(RawWebSocket.CONTINUATION, true, Arrays.copyOfRange(ping, insideTheE, ping.length));

        assertThat(type(device.nextFrame())).isEqualTo("pong");
    }

    @Test
    void aFrameWhoseFragmentsTogetherPassTheLimitIsDroppedAndTheStreamGoesOn() throws IOException {
        byte[] half =
                ("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(MAX_FRAME_BYTES / 2)).getBytes(StandardCharsets.UTF_8);

        device.sendFrame(RawWebSocket.TEXT, false, half);
        device.sendFrame(RawWebSocket.CONTINUATION, false, half);
        device.sendFrame(RawWebSocket.CONTINUATION, true, "\"}".getBytes(StandardCharsets.UTF_8));

        RawWebSocket.Received refused = device.nextFrame();
        assertThat(type(refused)).isEqualTo("error");
        assertThat(Json.MAPPER.readTree(refused.text()).path("code").asText()).isEqualTo("too_large");
        device.sendText("{\"type\":\"ping\"}");
        assertThat(type(device.nextFrame())).isEqualTo("pong");
    }

    @Test
    void textThatIsNotUtf8FailsTheConnectionWith1007AfterAnError() throws IOException {
        byte[] notUtf8 = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};

        device.sendFrame(RawWebSocket.TEXT, true, notUtf8);

        RawWebSocket.Received error = device.nextFrame();
        assertThat(Json.MAPPER.readTree(error.text()).path("code").asText()).isEqualTo("bad_request");
        RawWebSocket.Received close = device.nextFrame();
        assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
        assertThat(close.closeCode()).isEqualTo(1007);
    }

    @Test
    void aReplacementCharacterThatWasSentIsText() throws IOException {
        device.sendText("{\"type\":\"ping\",\"note\":\"\uFFFD\"}");

        assertThat(type(device.nextFrame())).isEqualTo("pong");
    }

    @Test
    void aWebSocketPingIsAnsweredWithItsPayload() throws IOException {
        device.sendFrame(PING, true, "are you there".getBytes(StandardCharsets.UTF_8));

        RawWebSocket.Received pong = device.nextFrame();
        assertThat(pong.opcode()).isEqualTo(PONG);
        assertThat(pong.text()).isEqualTo("are you there");
    }

    private static String type(RawWebSocket.Received frame) throws IOException {
        assertThat(frame.opcode()).as(frame.text()).isEqualTo(RawWebSocket.TEXT);
        return Json.MAPPER.readTree(frame.text()).path("type").asText();
    }
}
