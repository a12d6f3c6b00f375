package dev.drivelink.core.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drivelink.core.config.DriveLinkConfig;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.localcloud.LocalAws;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The Google client secret: from Secrets Manager (moto) once per ARN, else the plain value, else none. */
class SecretsManagerClientSecretTest {

    static final AtomicInteger CLIENTS = new AtomicInteger();
    static final Supplier<SecretsManagerClient> MOTO = () -> {
        CLIENTS.incrementAndGet();
        return LocalAws.shared().secretsManager();
    };

    static DriveLinkConfig.Google google(Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(Map.of("DRIVELINK_TABLE", "t", "DRIVELINK_TOKEN_KEY_ID", "k",
                "DRIVELINK_GOOGLE_CLIENT_ID", "client", "DRIVELINK_FRONTEND_DEFAULT_URL", "https://app.example/",
                "DRIVELINK_FRONTEND_ALLOWED_ORIGINS", "https://app.example",
                // set by template.yaml for the metrics the integrator emits; the core must not choke on it
                "DRIVELINK_METRICS_NAMESPACE", "drivelink/test"));
        env.putAll(variables);
        return DriveLink.config(env).google();
    }

    static String storedSecret(String value) {
        try (SecretsManagerClient secrets = LocalAws.shared().secretsManager()) {
            return secrets.createSecret(b -> b.name("client-secret-" + UUID.randomUUID()).secretString(value)).arn();
        }
    }

    @Test
    void aFunctionWithTheArnReadsTheSecretOnceAndNeverSeesAPlainOne() {
        String arn = storedSecret("s3cr3t-from-secrets-manager\n");
        DriveLinkConfig.Google google = google(Map.of("DRIVELINK_GOOGLE_CLIENT_SECRET_ARN", arn,
                "DRIVELINK_GOOGLE_CLIENT_SECRET", "ignored-when-an-arn-is-given"));
        assertThat(google.clientSecretArn()).hasValue(arn);

        int before = CLIENTS.get();
        assertThat(SecretsManagerClientSecret.of(google, MOTO)).isEqualTo("s3cr3t-from-secrets-manager");
        assertThat(SecretsManagerClientSecret.of(google, MOTO)).isEqualTo("s3cr3t-from-secrets-manager");
        assertThat(CLIENTS.get() - before).as("Secrets Manager calls for one ARN").isEqualTo(1);
    }

    @Test
    void withoutAnArnThePlainValueAndWithNeitherNone() {
        assertThat(SecretsManagerClientSecret.of(google(Map.of("DRIVELINK_GOOGLE_CLIENT_SECRET", "plain")), MOTO))
                .isEqualTo("plain");
        assertThat(SecretsManagerClientSecret.of(google(Map.of()), MOTO)).isNull();
        assertThat(SecretsManagerClientSecret.of(google(Map.of("DRIVELINK_GOOGLE_CLIENT_SECRET_ARN", " ")), MOTO)).isNull();
    }

    @Test
    void aSecretThatCannotBeReadFailsTheInitWithItsArn() {
        String missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:nope-" + UUID.randomUUID();
        assertThatThrownBy(() -> SecretsManagerClientSecret.of(
                google(Map.of("DRIVELINK_GOOGLE_CLIENT_SECRET_ARN", missing)), MOTO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read the Google client secret " + missing)
                .hasMessageContaining("ResourceNotFoundException");
    }
}
