package dev.baton.server.remote;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name, as the relay shows it to devices. */
public final class LocalHost {
    private LocalHost() {}

    public static String name() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
        }
    }
}
