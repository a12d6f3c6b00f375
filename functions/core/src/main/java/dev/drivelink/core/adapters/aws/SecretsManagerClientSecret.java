package dev.drivelink.core.adapters.aws;

import dev.drivelink.core.config.DriveLinkConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The Google OAuth client secret of a function that calls Google's token endpoint: read from AWS
 * Secrets Manager ({@code drivelink.google.client-secret-arn}, env DRIVELINK_GOOGLE_CLIENT_SECRET_ARN)
 * when the composition root wires the OAuth provider, that is once at init, and kept for the life of
 * the process (an ARN is never read twice). The secret's SecretString is the client secret itself.
 *
 * <p>Without an ARN the plain {@code drivelink.google.client-secret} is used (local tools, tests); with
 * neither there is none, which is right for functions that never call the token endpoint (auth-url,
 * uploads): template.yaml gives them neither the ARN nor the permission to read it.
 */
public final class SecretsManagerClientSecret {

    private static final Map<String, String> READ = new ConcurrentHashMap<>();

    private SecretsManagerClientSecret() {
    }

    /** The client secret this configuration names, or null when it names none. */
    public static String of(DriveLinkConfig.Google google) {
        return of(google, SecretsManagerClientSecret::clientFromEnvironment);
    }

    /** The same, reading through clients from {@code clients} (each closed after its read). */
    public static String of(DriveLinkConfig.Google google, Supplier<SecretsManagerClient> clients) {
        Optional<String> arn = google.clientSecretArn().map(String::strip).filter(a -> !a.isEmpty());
        if (arn.isEmpty()) {
            return google.clientSecret().filter(s -> !s.isBlank()).orElse(null);
        }
        return READ.computeIfAbsent(arn.get(), a -> read(clients, a));
    }

    private static String read(Supplier<SecretsManagerClient> clients, String arn) {
        String value;
        try (SecretsManagerClient client = clients.get()) {
            value = client.getSecretValue(r -> r.secretId(arn)).secretString();
        } catch (SecretsManagerException e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : e.getMessage();
            throw new IllegalStateException("cannot read the Google client secret " + arn + ": " + code, e);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the Google client secret " + arn + " has no SecretString");
        }
        return value.strip();
    }

    /** As Lambda wants it (see {@link LambdaAwsClients}); closing it leaves the shared HTTP client open. */
    private static SecretsManagerClient clientFromEnvironment() {
        return LambdaAwsClients.process().build(SecretsManagerClient.builder());
    }
}
