package dev.baton.relay;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Comparator;
import java.util.Optional;

/** The address other machines most likely reach this one at, for URLs of a relay that listens on every address. */
public final class NetworkAddress {
    private NetworkAddress() {}

    /** The first private IPv4 address of an interface that is up (else any non-loopback IPv4 address). */
    public static Optional<InetAddress> first() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(NetworkAddress::usable)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address
                            && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress())
                    .sorted(Comparator.comparing((InetAddress address) -> !address.isSiteLocalAddress()))
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean usable(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback() && !network.isVirtual() && !network.isPointToPoint();
        } catch (SocketException e) {
            return false;
        }
    }
}
