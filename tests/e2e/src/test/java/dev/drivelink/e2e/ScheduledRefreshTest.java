package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token-refresh schedule declared in template.yaml, fired on demand by local-cloud: the packaged
 * worker refreshes connections in its window and revokes the ones Google no longer accepts.
 */
class ScheduledRefreshTest {

    static LocalCloud cloud;
    static Gateway gateway;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
    }

    String connect(String jwt, String account) throws Exception {
        var authUrl = gateway.get("/drive/auth-url", jwt);
        URI callback = new ConsentBrowser().allow(JSON.readTree(authUrl.body()).get("url").asText(), account);
        URI landing = URI.create(gateway.get(callback.toString(), null).headers().firstValue("Location").orElseThrow());
        return ConsentBrowser.query(landing).get("connectionId");
    }

    JsonNode connection(String jwt, String id) throws Exception {
        return JSON.readTree(gateway.get("/drive/connections/" + id, jwt).body());
    }

    @Test
    void theScheduledSweepRefreshesActiveConnectionsAndRevokesDeadGrants() throws Exception {
        assertThat(cloud.eventSources().rules()).anyMatch(r -> r.functionLogicalId().equals("TokenRefreshFunction"));
        String jwt = cloud.signIn("sweep-" + UUID.randomUUID().toString().substring(0, 8));
        String live = connect(jwt, "alice@example.com");
        String dead = connect(jwt, "carol@example.com");
        cloud.google().admin().revokeAccess(LocalCloud.GOOGLE_CLIENT_ID, "carol@example.com");
        String liveUpdated = connection(jwt, live).get("updatedAt").asText();
        long tokenCalls = cloud.google().admin().requestCount("POST /token");

        var result = cloud.eventSources().fire("TokenRefreshFunction", "Sweep");

        assertThat(result.isError()).as(result.payloadString()).isFalse();
        JsonNode summary = JSON.readTree(result.payloadString());
        assertThat(summary.get("examined").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(summary.get("revoked").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(cloud.google().admin().requestCount("POST /token") - tokenCalls).isGreaterThanOrEqualTo(2);
        assertThat(connection(jwt, live).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(connection(jwt, live).get("updatedAt").asText()).isNotEqualTo(liveUpdated);
        assertThat(connection(jwt, dead).get("status").asText()).isEqualTo("REVOKED");
        assertThat(connection(jwt, dead).get("lastError").asText()).contains("invalid_grant");
    }
}
