package dev.baton.server.relayclient;

import java.util.OptionalInt;

/**
 * Hears how many devices follow a hosted session, as the relay says on the host stream ({@code viewers},
 * an extension). Must not block.
 */
@FunctionalInterface
public interface DevicesListener {
    /**
     * @param devices how many distinct devices are subscribed now; empty when unknown: not connected, or a
     *     relay that does not say
     */
    void onDevicesChanged(OptionalInt devices);
}
