package dev.drivelink.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Google emulator in its own JVM (the shaded jar), so that the content it keeps in memory (a 1 GiB
 * file, and every resumable session's bytes) never shares a heap with the pipeline being measured.
 */
public final class EmulatorProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private EmulatorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static EmulatorProcess start(Path jar, String heap, String clientId, String secret, String redirectUri, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no emulator jar at " + jar.toAbsolutePath()
                    + ": build with ./mvnw -Pbench -pl bench -am package -DskipTests");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--port");
        command.add(Integer.toString(port));
        command.add("--client");
        command.add(clientId + ":" + secret + ":" + redirectUri);
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            EmulatorProcess emulator = new EmulatorProcess(p, port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "emulator-stop"));
            EmulatorAdminHttp admin = emulator.admin();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!admin.answers()) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the emulator exited with " + p.exitValue() + "; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    emulator.close();
                    throw new IllegalStateException("the emulator did not answer within 60 s; see " + log);
                }
                Thread.sleep(100);
            }
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Drive under drive/v3/, uploads under upload/drive/v3/. */
    public String driveRootUrl() {
        return baseUrl();
    }

    public EmulatorAdminHttp admin() {
        return new EmulatorAdminHttp(baseUrl());
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
