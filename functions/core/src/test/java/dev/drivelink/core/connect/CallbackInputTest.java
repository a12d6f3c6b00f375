package dev.drivelink.core.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.emulator.ConsentBrowser;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the public callback does with what anyone can put in its query: a state we could not have
 * issued is refused before the table is asked (DynamoDB keys have size limits), an absurd code is not
 * sent to Google, and redirectAfter is stored in its normalized form.
 */
class CallbackInputTest {

    static TestWorld world;
    final AtomicInteger lookups = new AtomicInteger();
    OAuthFlowService flow;

    @BeforeAll
    static void startWorld() {
        world = TestWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @BeforeEach
    void flowCountingStateLookups() {
        var stored = world.consentStates();
        ConsentStateRepository counting = new ConsentStateRepository() {
            @Override
            public void put(ConsentState state) {
                stored.put(state);
            }

            @Override
            public Optional<ConsentState> consume(String state) {
                lookups.incrementAndGet();
                return stored.consume(state);
            }
        };
        flow = world.oauthFlowWith(world.driveLink.infrastructure().oauth(), counting);
    }

    @Test
    void statesWeCouldNotHaveIssuedAreRefusedWithoutALookup() {
        for (String state : new String[] {"x".repeat(5000), "A".repeat(42), "A".repeat(44), "A".repeat(42) + "%",
            "A".repeat(42) + "\u00e9", "", " ", "../../STATE#x", "A".repeat(42) + "\n"}) {
            var outcome = flow.callback(new OAuthFlowService.CallbackRequest(state, "code", null, "key"));
            assertThat(outcome.error()).as(state.length() + " chars").isEqualTo(ConnectError.INVALID_STATE);
            assertThat(outcome.location()).isEqualTo(TestWorld.FRONTEND + "?error=invalid_state");
        }
        assertThat(lookups.get()).isZero();
    }

    @Test
    void anAbsurdCodeIsNotSentToGoogle() {
        String user = "user-" + UUID.randomUUID();
        var authUrl = flow.authUrl(new OAuthFlowService.AuthUrlRequest(user, null, null, null));
        Map<String, String> back = ConsentBrowser.query(new ConsentBrowser().allow(authUrl.url(), "alice@example.com"));
        long tokenCalls = world.google.admin().requestCount("POST /token");

        var outcome = flow.callback(new OAuthFlowService.CallbackRequest(back.get("state"), "c".repeat(100_000), null,
                authUrl.browserKey()));

        assertThat(outcome.error()).isEqualTo(ConnectError.CODE_REJECTED);
        assertThat(world.google.admin().requestCount("POST /token")).isEqualTo(tokenCalls);
        assertThat(world.driveLink.connections().findByUser(user)).isEmpty();
    }

    @Test
    void redirectAfterIsStoredAndUsedNormalized() {
        String user = "user-" + UUID.randomUUID();
        var authUrl = flow.authUrl(new OAuthFlowService.AuthUrlRequest(user,
                "HTTPS://APP.drivelink.test:443/projects/./7/../8?tab=drive#top", null, null));
        String state = ConsentBrowser.query(URI.create(authUrl.url())).get("state");
        var item = world.dynamo.getItem(r -> r.tableName(world.table()).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("STATE#" + state), "sk", AttributeValue.fromS("STATE")))).item();
        assertThat(item.get("redirectAfter").s()).isEqualTo("https://app.drivelink.test/projects/8?tab=drive#top");

        var outcome = flow.callback(new OAuthFlowService.CallbackRequest(state, null, "access_denied", authUrl.browserKey()));
        assertThat(outcome.location()).isEqualTo("https://app.drivelink.test/projects/8?tab=drive&error=access_denied#top");
    }
}
