package dev.baton.server.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the shell commands Baton runs are confined: under bubblewrap, the whole system read-only, the
 * project and {@code writable} paths writable, a private {@code /tmp}, no network, and the {@code
 * hidden} paths (secrets) unreadable: an empty tmpfs over a directory, {@code /dev/null} over a file.
 * A project that lives under {@code /tmp} keeps its surroundings there (the top directory under
 * {@code /tmp} that holds it) read-only, as they would be anywhere else, so its parent is no writable
 * tmpfs and what the project runs from beside it (a build's class path) is still there.
 *
 * <p>With {@code allowedDomains} and a proxy socket from {@code network}, the sandbox still has no
 * network interface but its own loopback: the socket is bound in, {@code socat} inside forwards {@code
 * 127.0.0.1:}{@value #PROXY_PORT} to it, and the usual proxy variables point there. The sandbox then
 * gets its own PID namespace, so that the forwarder ends with the command.
 *
 * @param enabled false runs commands as they are
 * @param bwrap the bubblewrap program
 * @param allowedDomains the hosts the proxy lets through; none means no proxy and no network
 * @param network where the proxy's socket comes from; the session binds its own ({@link #withNetwork})
 */
public record Sandbox(
        boolean enabled,
        List<Path> hidden,
        List<Path> writable,
        String bwrap,
        DomainAllowList allowedDomains,
        NetworkAccess network) {
    public static final Sandbox OFF = new Sandbox(false, List.of(), List.of(), SandboxProbe.BWRAP);

    /** Where the sandboxed command finds the proxy: a port on the sandbox's own loopback. */
    public static final int PROXY_PORT = 3128;

    /** Where the proxy's socket appears inside: on the sandbox's private /tmp. */
    static final String INSIDE_SOCKET = "/tmp/.baton-network/proxy.sock";

    /** How many 10 ms waits the forwarder gets to start listening before the command runs regardless. */
    private static final int FORWARDER_WAITS = 500;

    /**
     * Starts the forwarder, waits until it listens on the loopback (the kernel's socket table says so),
     * then becomes the command. Its output goes nowhere: the command's output is the session's.
     */
    private static final String FORWARD =
            """
            socat TCP-LISTEN:%1$d,bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:%2$s </dev/null >/dev/null 2>&1 &
            forwarder=$!
            waits=0
            until grep -qE ' (0100007F|7F000001):%3$04X 00000000:0000 0A ' /proc/net/tcp 2>/dev/null; do
              if ! kill -0 "$forwarder" 2>/dev/null || [ "$waits" -ge %4$d ]; then
                echo 'baton: the sandbox network forwarder (socat) did not start; there is no network' >&2
                break
              fi
              waits=$((waits + 1))
              sleep 0.01
            done
            exec "$@"
            """
                    .formatted(PROXY_PORT, INSIDE_SOCKET, PROXY_PORT, FORWARDER_WAITS);

    /** Loopback addresses inside are the sandbox's own: clients reach them directly, not through the proxy. */
    private static final String NO_PROXY = "localhost,127.0.0.1,::1";

    public Sandbox {
        hidden = List.copyOf(hidden);
        writable = List.copyOf(writable);
        Objects.requireNonNull(bwrap, "bwrap");
        Objects.requireNonNull(allowedDomains, "allowedDomains");
        Objects.requireNonNull(network, "network");
    }

    /** No network at all. */
    public Sandbox(boolean enabled, List<Path> hidden, List<Path> writable, String bwrap) {
        this(enabled, hidden, writable, bwrap, DomainAllowList.NONE, NetworkAccess.NONE);
    }

    /** This sandbox with its proxy socket taken from {@code value} (one session's proxy). */
    public Sandbox withNetwork(NetworkAccess value) {
        return new Sandbox(enabled, hidden, writable, bwrap, allowedDomains, value);
    }

    /** Whether processes in this sandbox may reach some hosts through a proxy. */
    public boolean proxied() {
        return enabled && !allowedDomains.isEmpty();
    }

    /** {@code command} as it runs in {@code project}: unchanged when off, else behind bubblewrap. */
    public List<String> wrap(List<String> command, Path project) {
        if (!enabled) {
            return List.copyOf(command);
        }
        Path root = real(project);
        List<String> argv = new ArrayList<>(List.of(
                bwrap,
                "--ro-bind",
                "/",
                "/",
                "--dev",
                "/dev",
                "--proc",
                "/proc",
                // Before the project's bind, which may lie under /tmp and must stay visible there.
                "--tmpfs",
                "/tmp"));
        Path tmp = Path.of("/tmp");
        if (root.startsWith(tmp) && root.getNameCount() > tmp.getNameCount()) {
            String surroundings = tmp.resolve(root.getName(tmp.getNameCount())).toString();
            argv.addAll(List.of("--ro-bind", surroundings, surroundings));
        }
        argv.addAll(List.of("--bind", root.toString(), root.toString()));
        for (Path path : writable) {
            Path real = real(path);
            if (Files.isDirectory(real) || Files.isRegularFile(real)) {
                argv.addAll(List.of("--bind", real.toString(), real.toString()));
            }
        }
        // Last, so that a secret inside a writable path is still hidden.
        for (Path path : hidden) {
            Path real = real(path);
            if (Files.isDirectory(real)) {
                argv.addAll(List.of("--tmpfs", real.toString()));
            } else if (Files.exists(real)) {
                argv.addAll(List.of("--ro-bind", "/dev/null", real.toString()));
            }
        }
        Optional<Path> proxy = proxied() ? network.proxySocket() : Optional.empty();
        if (proxy.isEmpty()) {
            argv.addAll(List.of("--unshare-net", "--die-with-parent", "--chdir", root.toString(), "--"));
            argv.addAll(command);
            return argv;
        }
        // After the hidden paths: the socket must stay reachable whatever they cover.
        argv.addAll(List.of("--bind", proxy.get().toString(), INSIDE_SOCKET));
        String url = "http://127.0.0.1:" + PROXY_PORT;
        for (String name : List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")) {
            argv.addAll(List.of("--setenv", name, url));
        }
        for (String name : List.of("no_proxy", "NO_PROXY")) {
            argv.addAll(List.of("--setenv", name, NO_PROXY));
        }
        // A PID namespace: when the command ends, the kernel ends the forwarder (and whatever else is left).
        argv.addAll(List.of("--unshare-net", "--unshare-pid", "--die-with-parent", "--chdir", root.toString(), "--"));
        argv.addAll(List.of("/bin/sh", "-c", FORWARD, "baton-sandbox"));
        argv.addAll(command);
        return argv;
    }

    /** The path with its symlinks followed, as bubblewrap mounts it; as given when it does not exist. */
    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
