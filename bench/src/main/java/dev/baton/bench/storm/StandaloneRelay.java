package dev.baton.bench.storm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.bench.ChildProcess;
import dev.baton.fixtures.BatonJar;
import dev.baton.protocol.Json;
import dev.baton.relay.RelayAdmin;
import dev.baton.relay.store.StoreLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code baton relay} in its own process, started as {@code ./baton relay} starts it (no JVM flags unless
 * a figure gives some, such as a heap limit or a flight recording), so its CPU time and memory are its
 * own and not the load generator's.
 */
public final class StandaloneRelay implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private final ChildProcess child;
    private final Process process;
    private final URI url;
    private final List<String> accountTokens;

    private StandaloneRelay(ChildProcess child, URI url, List<String> accountTokens) {
        this.child = child;
        this.process = child.process();
        this.url = url;
        this.accountTokens = accountTokens;
    }

    /** Mints an account token into {@code dataDir}, then starts the relay on a free port and waits for it. */
    static StandaloneRelay start(Path dataDir) throws IOException, InterruptedException {
        return start(dataDir, List.of(), 1, null);
    }

    /**
     * Mints {@code accounts} account tokens into the store (offline, as {@code baton relay token create}
     * does), then starts the relay with {@code jvmOptions} on a free port and waits for it.
     *
     * @param redisUrl the Redis the relay keeps its state in, or null for the embedded store in {@code dataDir}
     */
    public static StandaloneRelay start(Path dataDir, List<String> jvmOptions, int accounts, String redisUrl)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        List<String> tokens = new ArrayList<>();
        StoreLocation location = redisUrl == null ? new StoreLocation.Embedded(dataDir) : StoreLocation.redis(redisUrl);
        try (RelayAdmin admin = RelayAdmin.open(location)) {
            for (int i = 0; i < accounts; i++) {
                tokens.add(admin.accounts().createAccountToken("bench-" + i).token());
            }
        }
        Path stderr = dataDir.resolveSibling("relay-stderr.log");
        List<String> command = new ArrayList<>(List.of(BatonJar.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", BatonJar.path().toString(), "relay", "--port", "0", "--json"));
        if (redisUrl == null) {
            command.addAll(List.of("--data-dir", dataDir.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        if (redisUrl != null) {
            // From the environment, so a password in the URL stays out of the process list.
            builder.environment().put("BATON_RELAY_REDIS_URL", redisUrl);
        }
        ChildProcess child = ChildProcess.start(builder);
        Process process = child.process();
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // JVM options may print first (a flight recording announces itself); the relay's line is JSON.
        FutureTask<String> firstLine = new FutureTask<>(() -> {
            String read;
            do {
                read = stdout.readLine();
            } while (read != null && !read.startsWith("{"));
            return read;
        });
        Thread.ofVirtual().start(firstLine);
        String line;
        try {
            line = firstLine.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            child.close();
            throw new IOException(
                    "baton relay did not say it was listening within " + START_TIMEOUT + "; see " + stderr, e);
        }
        if (line == null) {
            throw new IOException("baton relay exited with " + process.waitFor() + " before listening; see " + stderr);
        }
        try {
            JsonNode listening = Json.MAPPER.readTree(line);
            return new StandaloneRelay(child, URI.create(listening.path("url").asText()), List.copyOf(tokens));
        } catch (IOException | RuntimeException e) {
            child.close(); // nobody else holds it yet
            throw new IOException("baton relay said " + line + " instead of where it listens; see " + stderr, e);
        }
    }

    public URI url() {
        return url;
    }

    int port() {
        return url.getPort();
    }

    String accountToken() {
        return accountTokens.getFirst();
    }

    /** One token per account minted at the start, each for a different user. */
    public List<String> accountTokens() {
        return accountTokens;
    }

    /** The relay's JVM, for {@code jcmd}. */
    public long pid() {
        return process.pid();
    }

    /** CPU time (user and system, all threads) the relay has used since it started. */
    public Duration cpu() {
        return child.cpu();
    }

    /** The CPU time of {@code first}, and of {@code second} when it is another process. */
    public static Duration cpuOf(StandaloneRelay first, StandaloneRelay second) {
        return second == first ? first.cpu() : first.cpu().plus(second.cpu());
    }

    /** The relay's resident memory now, in MiB (Linux only: read from /proc). */
    long residentMiB() throws IOException {
        Matcher matcher = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(process.pid()), "status")));
        return matcher.find() ? Long.parseLong(matcher.group(1)) / 1024 : -1;
    }

    @Override
    public void close() throws InterruptedException {
        child.close();
    }
}
