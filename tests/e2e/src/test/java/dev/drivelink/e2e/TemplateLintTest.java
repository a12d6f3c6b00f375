package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** cfn-lint validates template.yaml offline, including the SAM transform. */
class TemplateLintTest {

    @Test
    void cfnLintPassesOnTheTemplate() throws IOException, InterruptedException {
        var builder = new ProcessBuilder("cfn-lint", Repo.template().toString())
                .directory(Repo.root().toFile())
                .redirectErrorStream(true);
        Path shims = Path.of(System.getProperty("user.home"), ".pyenv", "shims");
        if (Files.isDirectory(shims)) {
            builder.environment().merge("PATH", shims.toString(), (old, add) -> add + ":" + old);
        }
        Process lint = builder.start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(lint.exitValue()).as("cfn-lint output:%n%s", output).isZero();
    }
}
