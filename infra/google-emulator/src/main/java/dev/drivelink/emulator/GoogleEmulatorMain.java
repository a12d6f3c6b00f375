package dev.drivelink.emulator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar google-emulator-all.jar --port N [--data-dir DIR] [--client ID:SECRET:REDIRECT_URI[,REDIRECT_URI...]]...}
 */
public final class GoogleEmulatorMain {
    private GoogleEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        GoogleEmulator.Builder builder = parse(args);
        if (builder == null) {
            return;
        }
        GoogleEmulator emulator = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close(); // writes the data directory, if there is one
            stopped.countDown();
        }, "google-emulator-shutdown"));
        System.out.println("Google emulator listening on " + emulator.baseUrl());
        System.out.println("  auth   " + emulator.authUri());
        System.out.println("  token  " + emulator.tokenUri());
        System.out.println("  revoke " + emulator.revokeUri());
        System.out.println("  drive  " + emulator.driveRootUrl() + "drive/v3/");
        System.out.println("  batch  " + emulator.driveRootUrl() + "batch/drive/v3");
        System.out.println("  picker " + emulator.baseUrl() + "picker?client_id=...&login_hint=...&origin=...");
        System.out.println("  admin  " + emulator.baseUrl() + "admin/");
        if (emulator.dataDir() != null) {
            System.out.println("  data   " + emulator.dataDir().toAbsolutePath());
        }
        for (OAuthClient c : emulator.admin().clients()) {
            System.out.println("  client " + c.clientId() + " -> " + c.redirectUris());
        }
        for (Account a : emulator.accounts()) {
            System.out.println("  account " + a.email() + " (" + a.displayName() + ") root " + a.rootFolderId());
        }
        System.out.flush();
        stopped.await();
    }

    /** The builder the command line describes; null after --help. */
    static GoogleEmulator.Builder parse(String[] args) {
        GoogleEmulator.Builder builder = GoogleEmulator.builder().port(8089);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--port" -> builder.port(Integer.parseInt(require(arg, value)));
                case "--host" -> builder.host(require(arg, value));
                case "--data-dir" -> builder.dataDir(Path.of(require(arg, value)));
                case "--client" -> {
                    String spec = require(arg, value);
                    String[] parts = spec.split(":", 3);
                    if (parts.length < 3) {
                        usage("--client wants ID:SECRET:REDIRECT_URI[,REDIRECT_URI...], got " + spec);
                    }
                    builder.client(parts[0], parts[1], Arrays.stream(parts[2].split(",")).map(String::trim).toList());
                }
                case "--token-lifetime-seconds" ->
                        builder.accessTokenLifetime(java.time.Duration.ofSeconds(Long.parseLong(require(arg, value))));
                case "--refresh-token-lifetime-seconds" ->
                        builder.refreshTokenLifetime(java.time.Duration.ofSeconds(Long.parseLong(require(arg, value))));
                case "-h", "--help" -> {
                    usage(null);
                    return null;
                }
                default -> usage("unknown argument: " + arg);
            }
            i++;
        }
        return builder;
    }

    private static String require(String arg, String value) {
        if (value == null) {
            usage(arg + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: java -jar google-emulator-all.jar --port N [--host H] [--data-dir DIR] "
                + "[--client ID:SECRET:REDIRECT_URI[,REDIRECT_URI...]]... [--token-lifetime-seconds S] "
                + "[--refresh-token-lifetime-seconds S]");
        if (problem != null) {
            System.exit(2);
        }
    }

    static List<String> split(String s) {
        return Arrays.asList(s.split(","));
    }
}
