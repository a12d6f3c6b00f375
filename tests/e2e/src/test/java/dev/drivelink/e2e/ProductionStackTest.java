package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.localcloud.FunctionProcess;
import dev.drivelink.localcloud.LocalAws;
import dev.drivelink.localcloud.LocalCloud;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The production template running locally: the Google client secret lives in Secrets Manager and only
 * its ARN reaches the functions that call Google's token endpoint (read from the function JVMs' own
 * environment, /proc/PID/environ), and a stack whose DynamoDB is served elsewhere (--endpoint
 * dynamodb=...) runs the connect flow against it.
 */
class ProductionStackTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> READ_THE_SECRET = Set.of("CallbackFunction", "ConnectionsFunction", "SyncControlFunction", "TokenRefreshFunction",
            "UploadWorkerFunction", "ChangesWorkerFunction", "ChannelRenewalFunction",
                "SyncWorkerFunction");

    /** The environment a running process was started with (Linux). */
    static Map<String, String> environmentOf(long pid) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    /** Auth URL, consent as {@code account}, Google's redirect to the callback: the connection id. */
    static String connect(LocalCloud cloud, String account) throws Exception {
        Gateway gateway = new Gateway(cloud.gatewayUrl());
        String jwt = cloud.signIn("prod-" + UUID.randomUUID().toString().substring(0, 8));
        var authUrl = gateway.get("/drive/auth-url?redirectAfter="
                + URLEncoder.encode(cloud.gatewayUrl() + "/", StandardCharsets.UTF_8), jwt);
        assertThat(authUrl.statusCode()).as(authUrl.body()).isEqualTo(200);
        URI callback = new ConsentBrowser().allow(JSON.readTree(authUrl.body()).get("url").asText(), account);
        var landing = gateway.get(callback.toString(), null);
        assertThat(landing.statusCode()).isEqualTo(302);
        String location = landing.headers().firstValue("Location").orElseThrow();
        assertThat(location).as("the callback exchanged the code: it had the right client secret").contains("connectionId=dc_");
        String id = ConsentBrowser.query(URI.create(location)).get("connectionId");
        var list = gateway.get("/drive/connections", jwt);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(id);
        return id;
    }

    @Test
    void functionsGetTheSecretArnNeverTheSecret() throws Exception {
        LocalCloud cloud = World.cloud();
        String secret = cloud.stack().parameters().get("GoogleClientSecret");
        String arn = cloud.stack().ref("GoogleClientSecretValue");
        try (var secrets = cloud.aws().secretsManager()) {
            assertThat(secrets.getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo(secret);
        }
        connect(cloud, "alice@example.com");

        assertThat(cloud.functions().keySet()).containsAll(READ_THE_SECRET).contains("AuthUrlFunction", "UploadsFunction");
        for (Map.Entry<String, FunctionProcess> function : cloud.functions().entrySet()) {
            List<Long> pids = function.getValue().pids();
            assertThat(pids).as("%s is running", function.getKey()).isNotEmpty();
            for (long pid : pids) {
                Map<String, String> env = environmentOf(pid);
                assertThat(env).as("%s (pid %d)", function.getKey(), pid).containsKey("DRIVELINK_TABLE")
                        .doesNotContainKey("DRIVELINK_GOOGLE_CLIENT_SECRET");
                assertThat(env.values()).as("%s environment", function.getKey()).noneMatch(v -> v.contains(secret));
                if (READ_THE_SECRET.contains(function.getKey())) {
                    assertThat(env).containsEntry("DRIVELINK_GOOGLE_CLIENT_SECRET_ARN", arn);
                } else {
                    assertThat(env).doesNotContainKey("DRIVELINK_GOOGLE_CLIENT_SECRET_ARN");
                }
            }
        }
    }

    @Test
    void aStackWithItsDynamoDbElsewhereRunsTheConnectFlowThere() throws Exception {
        try (LocalAws dynamoDbElsewhere = LocalAws.start(0);
                LocalCloud cloud = LocalCloud.builder().templateFile(Repo.template()).gatewayPort(0).googlePort(0)
                        .awsPort(0).endpoint("dynamodb", dynamoDbElsewhere.endpoint())
                        .eager(false).eventSources(false).build().start()) {
            String table = cloud.stack().ref("DriveLinkTable");
            String id = connect(cloud, "bob@example.com");

            assertThat(cloud.stack().functionEnvironment("CallbackFunction"))
                    .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbElsewhere.endpoint().toString());
            try (DynamoDbClient elsewhere = dynamoDbElsewhere.dynamoDb();
                    DynamoDbClient moto = LocalAws.external(cloud.aws().endpoint()).dynamoDb()) {
                assertThat(moto.listTables().tableNames()).doesNotContain(table);
                assertThat(elsewhere.scan(b -> b.tableName(table)).items())
                        .anyMatch(item -> item.get("pk").s().equals("CONN#" + id));
            }
        }
    }
}
