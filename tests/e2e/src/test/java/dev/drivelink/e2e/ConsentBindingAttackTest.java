package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack: the attacker asks for an auth URL in their own browser and sends the Google link to a victim;
 * the victim, signed in to Google, allows it. The consent is bound to the browser that started it (the
 * HttpOnly consent cookie set by GET /drive/auth-url), so the callback in the victim's browser ends in
 * {@code error=browser_mismatch} and the victim's Google account becomes nobody's connection.
 */
class ConsentBindingAttackTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static LocalCloud cloud;

    @BeforeAll
    static void start() {
        cloud = World.cloud();
    }

    static String newUser(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theAttackersLinkCompletedInTheVictimsBrowserConnectsNobody() throws Exception {
        Gateway attackersBrowser = new Gateway(cloud.gatewayUrl());
        Gateway victimsBrowser = new Gateway(cloud.gatewayUrl());
        String attacker = cloud.signIn(newUser("attacker"));
        String victim = cloud.signIn(newUser("victim"));
        String link = JSON.readTree(attackersBrowser.get("/drive/auth-url", attacker).body()).get("url").asText();
        // the victim has a consent cookie of their own, from a consent they started earlier
        victimsBrowser.get("/drive/auth-url", victim);
        assertThat(victimsBrowser.cookie("drivelink_consent")).isNotNull();

        URI backFromGoogle = new ConsentBrowser().allow(link, "bob@example.com");
        HttpResponse<String> landing = victimsBrowser.get(backFromGoogle.toString(), null);

        assertThat(landing.statusCode()).isEqualTo(302);
        assertThat(landing.headers().firstValue("Location")).hasValue(cloud.gatewayUrl() + "/?error=browser_mismatch");
        assertThat(JSON.readTree(attackersBrowser.get("/drive/connections", attacker).body()).get("connections")).isEmpty();
        assertThat(JSON.readTree(victimsBrowser.get("/drive/connections", victim).body()).get("connections")).isEmpty();
        assertThat(cloud.function("CallbackFunction").logs()).anyMatch(l -> l.contains("did not start it"));
    }

    @Test
    void aBrowserWithoutTheCookieCannotFinishAnyConsent() throws Exception {
        Gateway starting = new Gateway(cloud.gatewayUrl());
        String user = cloud.signIn(newUser("user"));
        String link = JSON.readTree(starting.get("/drive/auth-url", user).body()).get("url").asText();
        URI back = new ConsentBrowser().allow(link, "bob@example.com");

        HttpResponse<String> cookieless = new Gateway(cloud.gatewayUrl()).get(back.toString(), null);

        assertThat(cookieless.headers().firstValue("Location")).hasValue(cloud.gatewayUrl() + "/?error=browser_mismatch");
        assertThat(JSON.readTree(starting.get("/drive/connections", user).body()).get("connections")).isEmpty();
    }

    @Test
    void theConsentCookieIsHttpOnlySecureLaxOnlyForTheCallbackAndClearedThere() throws Exception {
        Gateway browser = new Gateway(cloud.gatewayUrl());
        String user = cloud.signIn(newUser("user"));
        HttpResponse<String> authUrl = browser.get("/drive/auth-url", user);

        List<String> setCookie = authUrl.headers().allValues("set-cookie");
        assertThat(setCookie).hasSize(1);
        String cookie = setCookie.get(0);
        assertThat(cookie).startsWith("drivelink_consent=").containsIgnoringCase("HttpOnly").containsIgnoringCase("Secure")
                .containsIgnoringCase("SameSite=Lax").contains("Path=/drive/callback").containsPattern("Max-Age=(599|600)");
        assertThat(authUrl.body()).as("the key is only in the cookie").doesNotContain(browser.cookie("drivelink_consent"));

        URI back = new ConsentBrowser().allow(JSON.readTree(authUrl.body()).get("url").asText(), "bob@example.com");
        HttpResponse<String> landing = browser.get(back.toString(), null);

        assertThat(landing.headers().firstValue("Location").orElseThrow()).contains("connectionId=dc_");
        assertThat(landing.headers().allValues("set-cookie")).anySatisfy(c ->
                assertThat(c).startsWith("drivelink_consent=").contains("Max-Age=0").contains("Path=/drive/callback"));
        assertThat(browser.cookie("drivelink_consent")).as("cleared: a consent is finished once").isNull();
    }
}
