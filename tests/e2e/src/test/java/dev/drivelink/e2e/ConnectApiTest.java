package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.adapters.aws.DynamoConnectionRepository;
import dev.drivelink.core.adapters.aws.KmsTokenSealer;
import dev.drivelink.core.token.OAuthTokens;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connect flow as a host app and a browser drive it over HTTP: through the local API gateway (JWT
 * authorizer), the packaged OAuth and connections functions in Lambda-like processes, moto and the
 * Google emulator.
 */
class ConnectApiTest {

    static LocalCloud cloud;
    static Gateway gateway;
    static final ObjectMapper JSON = new ObjectMapper();
    final ConsentBrowser consent = new ConsentBrowser();

    @BeforeAll
    static void start() {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
    }

    static String newUser() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** sign in, ask for the auth URL, consent as {@code account}, follow Google's redirect to the callback. */
    URI connect(String jwt, String account) {
        var authUrl = gateway.get("/drive/auth-url?redirectAfter=" + enc(cloud.gatewayUrl() + "/"), jwt);
        assertThat(authUrl.statusCode()).as(authUrl.body()).isEqualTo(200);
        URI callback = consent.allow(json(authUrl).get("url").asText(), account);
        assertThat(callback.toString()).startsWith(cloud.gatewayUrl() + "/drive/callback?");
        var landing = gateway.get(callback.toString(), null);
        assertThat(landing.statusCode()).isEqualTo(302);
        assertThat(landing.headers().firstValue("Cache-Control")).contains("no-store");
        return URI.create(landing.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void theWholeConnectFlowEndsWithTheConnectionListed() {
        String jwt = cloud.signIn(newUser());

        URI landing = connect(jwt, "alice@example.com");

        assertThat(landing.toString()).startsWith(cloud.gatewayUrl() + "/?connectionId=dc_");
        String id = ConsentBrowser.query(landing).get("connectionId");
        var list = gateway.get("/drive/connections", jwt);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode connections = json(list).get("connections");
        assertThat(connections).hasSize(1);
        JsonNode c = connections.get(0);
        assertThat(c.get("id").asText()).isEqualTo(id);
        assertThat(c.get("googleEmail").asText()).isEqualTo("alice@example.com");
        assertThat(c.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(c.at("/rootFolder/name").asText()).isEqualTo("drivelink");
        assertThat(c.at("/rootFolder/link").asText()).startsWith("https://drive.google.com/drive/folders/");
        assertThat(cloud.google().admin().file(c.at("/rootFolder/id").asText()).isFolder()).isTrue();

        var one = gateway.get("/drive/connections/" + id, jwt);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).get("googleEmail").asText()).isEqualTo("alice@example.com");
    }

    @Test
    void theSameAccountTwiceIsOneConnectionAndAnotherAccountIsASecond() {
        String jwt = cloud.signIn(newUser());
        String first = ConsentBrowser.query(connect(jwt, "alice@example.com")).get("connectionId");
        String again = ConsentBrowser.query(connect(jwt, "alice@example.com")).get("connectionId");
        String bob = ConsentBrowser.query(connect(jwt, "bob@example.com")).get("connectionId");

        assertThat(again).isEqualTo(first);
        assertThat(bob).isNotEqualTo(first);
        List<String> emails = new ArrayList<>();
        json(gateway.get("/drive/connections", jwt)).get("connections").forEach(c -> emails.add(c.get("googleEmail").asText()));
        assertThat(emails).containsExactlyInAnyOrder("alice@example.com", "bob@example.com");
    }

    @Test
    void anotherUsersConnectionIsA404ProblemLikeAMissingOne() {
        String owner = cloud.signIn(newUser());
        String id = ConsentBrowser.query(connect(owner, "carol@example.com")).get("connectionId");
        String intruder = cloud.signIn(newUser());

        var theirs = gateway.get("/drive/connections/" + id, intruder);
        var missing = gateway.get("/drive/connections/dc_ffffffffffffffffffffffffffffffff", intruder);

        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(theirs.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(theirs).get("status").asInt()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(theirs).get("title")).isEqualTo(json(missing).get("title"));
        assertThat(json(gateway.get("/drive/connections", intruder)).get("connections")).isEmpty();
    }

    @Test
    void withoutAValidJwtTheAuthorizerAnswers401() {
        assertThat(gateway.get("/drive/connections", null).statusCode()).isEqualTo(401);
        assertThat(gateway.get("/drive/auth-url", "not.a.jwt").statusCode()).isEqualTo(401);
        String jwt = cloud.signIn(newUser());
        String forged = jwt.substring(0, jwt.lastIndexOf('.') + 1) + "AAAA";
        assertThat(gateway.get("/drive/connections", forged).statusCode()).isEqualTo(401);
    }

    @Test
    void redirectAfterOutsideTheAllowListIsA400Problem() {
        var response = gateway.get("/drive/auth-url?redirectAfter=" + enc("https://evil.example.net/"), cloud.signIn(newUser()));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(response).get("code").asText()).isEqualTo("redirect-not-allowed");
    }

    @Test
    void callbackFailuresRedirectToTheFrontendWithAnErrorCode() {
        var noState = gateway.get("/drive/callback?code=abc", null);
        assertThat(noState.statusCode()).isEqualTo(302);
        assertThat(noState.headers().firstValue("Location")).contains(cloud.gatewayUrl() + "/?error=invalid_state");

        String jwt = cloud.signIn(newUser());
        var authUrl = gateway.get("/drive/auth-url", jwt);
        URI denied = consent.deny(json(authUrl).get("url").asText(), "alice@example.com");
        var landing = gateway.get(denied.toString(), null);
        assertThat(landing.headers().firstValue("Location")).contains(cloud.gatewayUrl() + "/?error=access_denied");
        assertThat(json(gateway.get("/drive/connections", jwt)).get("connections")).isEmpty();
    }

    @Test
    void noTokenAppearsInAnyResponseOrLogLine() {
        String user = newUser();
        String jwt = cloud.signIn(user);
        String id = ConsentBrowser.query(connect(jwt, "alice@example.com")).get("connectionId");
        gateway.get("/drive/connections", jwt);
        gateway.get("/drive/connections/" + id, jwt);

        var aws = cloud.aws();
        String table = cloud.stack().ref("DriveLinkTable");
        DriveConnection stored = new DynamoConnectionRepository(aws.dynamoDb(), table).find(id).orElseThrow();
        OAuthTokens tokens = new KmsTokenSealer(aws.kms(), cloud.stack().getAtt("TokenKey", "Arn"))
                .open(stored.tokens(), user, id);

        List<String> seen = new ArrayList<>(Gateway.RESPONSES);
        for (String function : cloud.functions().keySet()) {
            seen.addAll(cloud.function(function).logs());
        }
        assertThat(seen).isNotEmpty();
        assertThat(seen).noneMatch(line -> line.contains(tokens.accessToken()));
        assertThat(seen).noneMatch(line -> line.contains(tokens.refreshToken()));
        assertThat(cloud.function("OAuthFunction").logs())
                .as("the log capture works: the function logged the new connection by id")
                .anyMatch(line -> line.contains(id));
    }
}
