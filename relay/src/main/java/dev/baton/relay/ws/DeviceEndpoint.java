package dev.baton.relay.ws;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.frame.DeviceToRelay;
import dev.baton.protocol.frame.Frames;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.metrics.RelayMetrics;

/** {@code /v1/sessions/{id}/client}: a browser or phone following a session and typing into it. */
public final class DeviceEndpoint extends StreamEndpoint {
    private final String deviceId;
    private final InputRateLimiter rateLimiter;
    private final InputRateLimiter controls;

    /**
     * @param rateLimiter bounds inputs
     * @param controls bounds {@code subscribe} and {@code ping}, each on its own: each makes the relay answer, a
     *     {@code sync} can be large, and a device that repeats them must not make the relay work for free
     */
    public DeviceEndpoint(
            Hub hub,
            String sessionId,
            String deviceId,
            InputRateLimiter rateLimiter,
            InputRateLimiter controls,
            StreamLimits limits,
            RelayMetrics metrics,
            Runnable onClosed) {
        super(hub, sessionId, limits, metrics, onClosed);
        this.deviceId = deviceId;
        this.rateLimiter = rateLimiter;
        this.controls = controls;
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    protected void onFrame(String text) {
        switch (Json.decode(text, DeviceToRelay.class)) {
            case Frames.Subscribe subscribe -> {
                if (controls.tryAcquire("subscribe:" + deviceId)) {
                    hub.subscribe(this, subscribe.cursor());
                } else {
                    send(new Frames.ErrorFrame(
                            ErrorCode.RATE_LIMITED,
                            "more than " + controls.perSecond() + " subscribe frames per second; retry shortly"));
                }
            }
            case Frames.InputFrame input -> {
                if (rateLimiter.tryAcquire(deviceId)) {
                    hub.input(this, input);
                } else {
                    send(new Frames.ErrorFrame(
                            ErrorCode.RATE_LIMITED,
                            "more than " + rateLimiter.perSecond() + " inputs per second; retry shortly",
                            input.inputId()));
                }
            }
                // An unanswered ping costs the device nothing: hearing it already kept the stream alive.
            case Frames.Ping ping -> {
                if (controls.tryAcquire("ping:" + deviceId)) {
                    send(new Frames.Pong());
                }
            }
            case Frames.Pong pong -> {} // the answer to the relay's own ping; hearing it is all that matters
                // Visibility changes as fast as a user switches tabs; past the control rate it is dropped.
            case Frames.Visibility visibility -> {
                if (controls.tryAcquire("visibility:" + deviceId)) {
                    hub.visibility(this, visibility.visible());
                }
            }
        }
    }
}
