package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.testing.Await;
import dev.baton.server.testing.ProcessOutput;
import dev.baton.server.testing.ProcessTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./baton} launcher rebuilding the jar while another baton runs from it: the running one
 * loads classes from the jar as it needs them, so it must keep reading the jar it started with. The
 * launcher is the real script under bash; only Maven is a stand-in, which writes the new jar over the
 * old file's contents as the shade plugin does.
 */
class LauncherRebuildTest {
    @TempDir
    Path dir;

    private final List<Process> processes = new CopyOnWriteArrayList<>();

    @AfterEach
    void killLeftovers() {
        ProcessTrees.kill(processes);
    }

    @Test
    void aRebuildLeavesTheBatonRunningFromTheOldJarWorking() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Files.copy(Path.of("..", "baton").toAbsolutePath().normalize(), checkout.resolve("baton"));
        Path sources = Files.createDirectories(checkout.resolve("server/src/main"));
        Path jar = Files.createDirectories(checkout.resolve("server/target")).resolve("baton.jar");
        Files.write(jar, program("first", 0));
        Files.setLastModifiedTime(sources, FileTime.from(Instant.now().minusSeconds(60)));
        Path newJar = Files.write(dir.resolve("new.jar"), program("second", 200_000));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\ncat '" + newJar + "' > '" + jar + "'\n");
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwx------"));

        Process running = launch(checkout, bin);
        List<String> said = ProcessOutput.lines(running);
        Await.until("the first baton to start", () -> said.contains("first: started"));

        Files.setLastModifiedTime(sources, FileTime.from(Instant.now().plusSeconds(60)));
        Process rebuilding = launch(checkout, bin);
        rebuilding.getOutputStream().close();
        assertThat(rebuilding.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(rebuilding.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .as("the rebuilt jar ran")
                .contains("second: started");

        try (OutputStream stdin = running.getOutputStream()) {
            stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Await.until(
                "the first baton to finish",
                () -> said.contains("first: loaded a class after the rebuild")
                        || said.stream().anyMatch(line -> line.contains("Error")));
        assertThat(said).contains("first: loaded a class after the rebuild");
        assertThat(running.exitValue()).isZero();
    }

    private Process launch(Path checkout, Path bin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", checkout.resolve("baton").toString())
                .directory(checkout.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", bin + ":" + env.get("PATH"));
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /**
     * A jar whose main class says it started, waits for a line, then loads a class it had not touched
     * yet; {@code padding} bytes of another entry first move every entry of one build away from where
     * the other had it.
     */
    private byte[] program(String name, int padding) throws IOException {
        Path src = Files.createDirectories(dir.resolve(name + "-src"));
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        Files.writeString(
                src.resolve("Main.java"),
                """
                public class Main {
                    public static void main(String[] args) throws Exception {
                        System.out.println("%1$s: started");
                        if (System.in.read() >= 0) {
                            System.out.println(Later.said());
                        }
                    }
                }
                """
                        .formatted(name));
        Files.writeString(
                src.resolve("Later.java"),
                """
                class Later {
                    static String said() {
                        return "%1$s: loaded a class after the rebuild";
                    }
                }
                """
                        .formatted(name));
        int compiled = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        src.resolve("Main.java").toString(),
                        src.resolve("Later.java").toString());
        assertThat(compiled).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("padding.bin"));
            byte[] noise = new byte[padding]; // random, so that compression keeps its size
            new Random(padding).nextBytes(noise);
            out.write(noise);
            out.closeEntry();
            for (String type : List.of("Main", "Later")) {
                out.putNextEntry(new JarEntry(type + ".class"));
                out.write(Files.readAllBytes(classes.resolve(type + ".class")));
                out.closeEntry();
            }
        }
        return Files.readAllBytes(jar);
    }
}
