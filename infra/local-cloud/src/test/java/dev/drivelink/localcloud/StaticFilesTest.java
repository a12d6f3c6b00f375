package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's files beside a template: what is served, with which headers, and what never is. */
class StaticFilesTest {

    @TempDir
    Path dir;

    StaticFiles files() throws Exception {
        Files.createDirectories(dir.resolve("console/elements"));
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("console/index.html"), "<!doctype html><title>console</title>");
        Files.writeString(dir.resolve("console/elements/a.js"), "export {};");
        Files.writeString(dir.resolve("console/.secret.json"), "{}");
        Files.writeString(dir.resolve("console/notes.txt"), "text");
        Files.writeString(dir.resolve("docs/openapi.yaml"), "openapi: 3.1.0\n");
        Files.writeString(dir.resolve("template.yaml"), "Resources: {}\n");
        return StaticFiles.beside(dir);
    }

    @Test
    void theConsoleAtTheRootAndTheDocsUnderDocs() throws Exception {
        StaticFiles files = files();
        assertThat(files.hasConsole()).isTrue();
        var page = files.serve("/").orElseThrow();
        assertThat(page.status()).isEqualTo(200);
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<title>console</title>");
        assertThat(page.headers().get("content-type")).containsExactly("text/html; charset=utf-8");
        assertThat(page.headers().get("content-security-policy").get(0)).contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(files.serve("/index.html")).isPresent();
        var module = files.serve("/elements/a.js").orElseThrow();
        assertThat(module.headers().get("content-type")).containsExactly("text/javascript; charset=utf-8");
        assertThat(module.headers().get("x-content-type-options")).containsExactly("nosniff");
        assertThat(module.headers()).doesNotContainKey("content-security-policy");
        var contract = files.serve("/docs/openapi.yaml").orElseThrow();
        assertThat(new String(contract.body(), StandardCharsets.UTF_8)).startsWith("openapi: 3.1.0");
    }

    @Test
    void nothingOutsideThoseDirectoriesNoHiddenFilesNoUnknownTypes() throws Exception {
        StaticFiles files = files();
        assertThat(files.serve("/../template.yaml")).isEmpty();
        assertThat(files.serve("/docs/../template.yaml")).isEmpty();
        assertThat(files.serve("/%2e%2e/template.yaml")).isEmpty();
        assertThat(files.serve("/elements/..%2f..%2ftemplate.yaml")).isEmpty();
        assertThat(files.serve("/.secret.json")).isEmpty();
        assertThat(files.serve("/notes.txt")).isEmpty();
        assertThat(files.serve("/missing.js")).isEmpty();
        assertThat(files.serve("/elements")).isEmpty();
    }

    @Test
    void withoutAConsoleDirectoryNothingIsServed() {
        StaticFiles files = StaticFiles.beside(dir);
        assertThat(files.hasConsole()).isFalse();
        assertThat(files.serve("/")).isEmpty();
    }
}
