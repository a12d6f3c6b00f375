package dev.drivelink.localcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.drivelink.localcloud.testfn.TestHandler;

/** Packs the test function's classes into a function.zip, laid out as Lambda expects (classes at the root). */
final class TestFunctions {

    static final String HANDLER = TestHandler.class.getName() + "::handleRequest";
    private static Path zip;

    private TestFunctions() {
    }

    static synchronized Path zip() {
        if (zip != null) {
            return zip;
        }
        try {
            Path classes = Path.of(TestHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String packageDir = TestHandler.class.getPackageName().replace('.', '/');
            Path target = Files.createTempFile("test-function-", ".zip");
            target.toFile().deleteOnExit();
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target));
                    Stream<Path> files = Files.list(classes.resolve(packageDir))) {
                for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                    out.putNextEntry(new ZipEntry(packageDir + "/" + file.getFileName()));
                    out.write(Files.readAllBytes(file));
                    out.closeEntry();
                }
            }
            zip = target;
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A test template from the classpath written to {@code dir}/template.yaml, with the test function's
     * zip as {@code dir}/build/echo.zip (the CodeUri the test templates use).
     */
    static Path templateWithTestFunction(Path dir, String resource) throws IOException {
        Path template = dir.resolve("template.yaml");
        try (var in = TestFunctions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            Files.write(template, in.readAllBytes());
        }
        Files.createDirectories(dir.resolve("build"));
        Files.copy(zip(), dir.resolve("build/echo.zip"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return template;
    }

    /** Waits for {@code condition}; on timeout fails with what {@code context} says (logs, events). */
    static void waitUntil(java.util.function.BooleanSupplier condition, long millis,
            java.util.function.Supplier<String> context) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within " + millis + " ms; " + context.get());
            }
            Thread.sleep(100);
        }
    }

    static List<String> entries() throws IOException {
        try (var zipFile = new java.util.zip.ZipFile(zip().toFile())) {
            return zipFile.stream().map(ZipEntry::getName).toList();
        }
    }
}
