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

    static List<String> entries() throws IOException {
        try (var zipFile = new java.util.zip.ZipFile(zip().toFile())) {
            return zipFile.stream().map(ZipEntry::getName).toList();
        }
    }
}
