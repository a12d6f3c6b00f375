package dev.drivelink.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is, whichever directory the tests run from. */
final class Repo {

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("drivelink.repo");
        if (configured != null && Files.exists(Path.of(configured, "template.yaml"))) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path template() {
        return root().resolve("template.yaml");
    }
}
