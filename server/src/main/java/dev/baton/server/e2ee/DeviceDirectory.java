package dev.baton.server.e2ee;

import dev.baton.protocol.relay.RelayApi.ContentKeyDelivery;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import java.io.IOException;
import java.util.List;

/** The relay as a rotation needs it: the account's devices, and where to leave a new key for them. */
public interface DeviceDirectory {
    /** {@code GET /v1/environments/{id}/devices}. */
    List<EnvironmentDevice> devices() throws IOException;

    /** {@code POST /v1/environments/{id}/content-keys}. */
    void deliver(List<ContentKeyDelivery> deliveries) throws IOException;
}
