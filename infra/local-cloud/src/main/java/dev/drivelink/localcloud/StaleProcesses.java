package dev.drivelink.localcloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A pid file in the work directory of the local run: every child (moto, function JVMs) is recorded,
 * so that a run killed without its shutdown hooks (kill -9, a crashed IDE) leaves nothing behind
 * after the next start, which stops those children first. Only processes that still look like
 * ours (moto.server, the Lambda runtime client) are touched.
 */
final class StaleProcesses {

    private final Path file;

    StaleProcesses(Path workDir) {
        this.file = workDir.resolve("pids");
    }

    /** Stops the recorded children of an earlier run that are still alive; returns how many. */
    int stopLeftovers() {
        List<ProcessHandle> leftovers = new ArrayList<>();
        try {
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    try {
                        ProcessHandle.of(Long.parseLong(line.trim())).filter(ProcessHandle::isAlive)
                                .filter(StaleProcesses::looksLikeOurs).ifPresent(leftovers::add);
                    } catch (NumberFormatException ignored) {
                        // not a pid
                    }
                }
            }
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing recorded
        }
        for (ProcessHandle process : leftovers) {
            process.destroy();
        }
        for (ProcessHandle process : leftovers) {
            try {
                process.onExit().get(3, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
        return leftovers.size();
    }

    private static boolean looksLikeOurs(ProcessHandle process) {
        Optional<String> commandLine = process.info().commandLine();
        return commandLine.isPresent() && (commandLine.get().contains("moto.server")
                || commandLine.get().contains(LambdaRuntimeClient.MAIN_CLASS));
    }

    synchronized void record(long pid) {
        if (pid <= 0) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, pid + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
