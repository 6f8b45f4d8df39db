package dev.baton.server.tui;

import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Events name a device by its id; people know it by the name it paired with. Names are asked of the relay
 * when an unknown id first shows up and kept, so a conversation costs one request per new device.
 */
final class DeviceNames implements UnaryOperator<String> {
    private static final Duration ASK_FOR = Duration.ofSeconds(2);

    private final Function<Duration, List<EnvironmentDevice>> devices;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    /** @param devices the hosting environment's devices, none when the relay cannot say */
    DeviceNames(Function<Duration, List<EnvironmentDevice>> devices) {
        this.devices = devices;
    }

    /** The device's name, else its id (an origin that is no device of this environment stays as it is). */
    @Override
    public String apply(String origin) {
        String name = known.get(origin);
        if (name == null) {
            devices.apply(ASK_FOR).forEach(device -> known.put(device.id(), device.name()));
            name = known.get(origin);
        }
        return name == null ? origin : name;
    }
}
