package dev.baton.bench.fleet;

import dev.baton.bench.storm.SimulatedHost;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.RelayApi.Ticket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sessions hosted by {@link SimulatedHost}s (the real registration and host stream), each followed by
 * paired device streams, spread over as many accounts as the relay's default limits need: at most
 * {@value #STREAMS_PER_ACCOUNT} streams per account and {@value #STREAMS_PER_DEVICE} per device token.
 * The relay runs with its defaults, so a figure measures the relay people run.
 */
public final class Fleet implements AutoCloseable {
    public static final int STREAMS_PER_ACCOUNT = 64;
    public static final int STREAMS_PER_DEVICE = 8;
    /** Sessions set up at once: enough to keep the relay busy, few enough not to time out on a loaded machine. */
    private static final int PARALLEL = 32;

    /** One session: its host and the device streams that follow it. */
    public record Member(SimulatedHost host, List<EventSocket> devices) {}

    private final List<Member> members;
    private final int failed;
    private final String firstFailure;

    private Fleet(List<Member> members, int failed, String firstFailure) {
        this.members = members;
        this.failed = failed;
        this.firstFailure = firstFailure;
    }

    /** How many accounts {@code devicesPerSession} needs under the relay's per-account stream limit. */
    public static int accountsFor(List<Integer> devicesPerSession) {
        return assign(devicesPerSession).stream().mapToInt(i -> i).max().orElse(-1) + 1;
    }

    /**
     * Registers one session per entry of {@code devicesPerSession}, hosts it, and opens that many device
     * streams to it, subscribed. Sessions that fail to set up are counted, not retried.
     */
    public static Fleet build(HttpClient http, URI relay, List<String> accountTokens, List<Integer> devicesPerSession)
            throws InterruptedException {
        return build(http, relay, relay, accountTokens, devicesPerSession);
    }

    /**
     * The same with the hosts on {@code hostRelay} and the devices on {@code deviceRelay}: two relay nodes
     * on one shared store, so every event crosses from one node to the other.
     */
    public static Fleet build(
            HttpClient http,
            URI hostRelay,
            URI deviceRelay,
            List<String> accountTokens,
            List<Integer> devicesPerSession)
            throws InterruptedException {
        List<Integer> accountOf = assign(devicesPerSession);
        Member[] members = new Member[devicesPerSession.size()];
        Semaphore parallel = new Semaphore(PARALLEL);
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < members.length; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    parallel.acquire();
                    try {
                        members[index] = member(
                                http,
                                hostRelay,
                                deviceRelay,
                                accountTokens.get(accountOf.get(index)),
                                index,
                                devicesPerSession.get(index));
                    } finally {
                        parallel.release();
                    }
                } catch (Exception e) {
                    firstFailure.compareAndSet(null, "session " + index + ": " + e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        List<Member> built = new ArrayList<>();
        for (Member member : members) {
            if (member != null) {
                built.add(member);
            }
        }
        return new Fleet(Collections.unmodifiableList(built), members.length - built.size(), firstFailure.get());
    }

    /** The sessions that were set up, in order. */
    public List<Member> members() {
        return members;
    }

    public int deviceCount() {
        return members.stream().mapToInt(member -> member.devices().size()).sum();
    }

    /** Sessions that could not be set up, and the first reason (null when none failed). */
    public int failed() {
        return failed;
    }

    public String firstFailure() {
        return firstFailure;
    }

    /** The first problem any device stream saw (an error frame, an early end), or null. */
    public String deviceProblem() {
        return members.stream()
                .flatMap(member -> member.devices().stream())
                .map(EventSocket::problem)
                .filter(problem -> problem != null)
                .findFirst()
                .orElse(null);
    }

    /** Host streams that have ended (the relay closes a host it has not heard from within its liveness window). */
    public long hostsEnded() {
        return members.stream().filter(member -> member.host().ended().isDone()).count();
    }

    @Override
    public void close() {
        members.forEach(member -> member.devices().forEach(EventSocket::abort));
    }

    private static Member member(HttpClient http, URI hostRelay, URI relay, String accountToken, int index, int devices)
            throws Exception {
        SimulatedHost host = new SimulatedHost(http, hostRelay, "fleet-" + index);
        host.register(accountToken);
        host.connect().get(60, TimeUnit.SECONDS);
        List<EventSocket> sockets = new ArrayList<>();
        for (int first = 0; first < devices; first += STREAMS_PER_DEVICE) {
            DeviceRegistration device = RelayCalls.post(
                    http,
                    relay,
                    "/v1/pairings/redeem",
                    null,
                    new RedeemPairing(host.pairing().pairingCode(), "device-" + index + "-" + first),
                    DeviceRegistration.class);
            for (int d = first; d < Math.min(devices, first + STREAMS_PER_DEVICE); d++) {
                Ticket ticket = RelayCalls.post(
                        http,
                        relay,
                        "/v1/sessions/" + host.sessionId() + "/tickets",
                        device.deviceToken(),
                        Map.of(),
                        Ticket.class);
                sockets.add(EventSocket.device(http, relay, host.sessionId(), ticket.ticket())
                        .get(60, TimeUnit.SECONDS));
            }
        }
        return new Member(host, List.copyOf(sockets));
    }

    /** The account of each session: filled in order, each up to its stream limit (one host + its devices). */
    private static List<Integer> assign(List<Integer> devicesPerSession) {
        List<Integer> accountOf = new ArrayList<>();
        int account = 0;
        int streams = 0;
        for (int devices : devicesPerSession) {
            int needs = 1 + devices;
            if (needs > STREAMS_PER_ACCOUNT) {
                throw new IllegalArgumentException(
                        "a session can have at most " + (STREAMS_PER_ACCOUNT - 1) + " devices under the account limit");
            }
            if (streams + needs > STREAMS_PER_ACCOUNT) {
                account++;
                streams = 0;
            }
            streams += needs;
            accountOf.add(account);
        }
        return accountOf;
    }
}
