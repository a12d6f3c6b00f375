package dev.drivelink.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * AWS's Lambda runtime interface client ({@code aws-lambda-java-runtime-interface-client}) and its
 * dependency jars, which the build embeds in local-cloud's own jar as resources. They are copied
 * once per JVM to a directory on disk (named by their content hash), because a function JVM needs
 * plain files on its {@code -cp}; this works the same from target/classes, from the jar in ~/.m2 and
 * from the shaded jar.
 */
final class LambdaRuntimeClient {

    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static final String RESOURCE_DIR = "/dev/drivelink/localcloud/lambda-runtime/";
    private static final String RIC_JAR = "aws-lambda-java-runtime-interface-client.jar";
    private static final List<String> JARS = List.of(RIC_JAR, "aws-lambda-java-core.jar",
            "aws-lambda-java-serialization.jar", "utils-lite.jar", "annotations.jar");

    private static volatile LambdaRuntimeClient installed;

    private final Path directory;
    private final List<Path> classpath;

    private LambdaRuntimeClient(Path directory, List<Path> classpath) {
        this.directory = directory;
        this.classpath = classpath;
    }

    /** The runtime client on disk, copied there on first use. */
    static LambdaRuntimeClient get() {
        LambdaRuntimeClient client = installed;
        if (client == null) {
            synchronized (LambdaRuntimeClient.class) {
                client = installed;
                if (client == null) {
                    installed = client = install();
                }
            }
        }
        return client;
    }

    /** The jars for a function JVM's {@code -cp}, in order. */
    List<Path> classpath() {
        return classpath;
    }

    String classpathString() {
        List<String> parts = new ArrayList<>();
        classpath.forEach(p -> parts.add(p.toString()));
        return String.join(java.io.File.pathSeparator, parts);
    }

    Path directory() {
        return directory;
    }

    /**
     * Copies the native library for this machine out of the runtime client jar into {@code dir},
     * so that parallel function JVMs do not share (and overwrite) one temp file.
     */
    Path extractNativeLibrary(Path dir) throws IOException {
        String name = "libaws-lambda-jni." + platform() + ".so";
        Path target = dir.resolve(name);
        try (ZipFile zip = new ZipFile(directory.resolve(RIC_JAR).toFile())) {
            ZipEntry entry = zip.getEntry("jni/" + name);
            if (entry == null) {
                throw new IllegalStateException("the runtime interface client has no native library " + name);
            }
            Files.createDirectories(dir);
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    private static String platform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean musl = Files.exists(Path.of("/lib/ld-musl-x86_64.so.1")) || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"));
        return "linux" + (musl ? "_musl" : "") + "-" + (arm ? "aarch_64" : "x86_64");
    }

    private static LambdaRuntimeClient install() {
        try {
            List<byte[]> contents = new ArrayList<>();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String jar : JARS) {
                try (InputStream in = LambdaRuntimeClient.class.getResourceAsStream(RESOURCE_DIR + jar)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource " + RESOURCE_DIR + jar
                                + ": local-cloud was not built by Maven (the dependency plugin embeds the runtime client)");
                    }
                    byte[] bytes = in.readAllBytes();
                    digest.update(jar.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    digest.update(bytes);
                    contents.add(bytes);
                }
            }
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            Path directory = Path.of(System.getProperty("java.io.tmpdir"),
                    "drivelink-lambda-runtime-" + System.getProperty("user.name", "user") + "-" + hash);
            Files.createDirectories(directory);
            List<Path> classpath = new ArrayList<>();
            for (int i = 0; i < JARS.size(); i++) {
                Path target = directory.resolve(JARS.get(i));
                if (!Files.isRegularFile(target) || Files.size(target) != contents.get(i).length) {
                    Path temp = Files.createTempFile(directory, JARS.get(i), ".tmp");
                    Files.write(temp, contents.get(i));
                    try {
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                classpath.add(target);
            }
            return new LambdaRuntimeClient(directory, List.copyOf(classpath));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the Lambda runtime interface client", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
