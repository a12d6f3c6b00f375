package dev.drivelink.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.drivelink.localcloud.LocalCloud;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person in a real browser (Debian's Chromium, headless): opens the local page, signs in as a test
 * user, clicks "Connect Google Drive", consents on the emulated Google page and comes back to see the
 * connection with its email and root folder.
 */
class ConnectBrowserTest {

    static LocalCloud cloud;
    static Chromium chromium;

    @BeforeAll
    static void start() {
        cloud = World.cloud();
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void signInConnectConsentAndSeeTheConnection() throws Exception {
        String user = "browser-" + UUID.randomUUID().toString().substring(0, 6);
        try (ConsoleTab tab = chromium.open(cloud.gatewayUrl())) {
            Page page = tab.page();
            page.navigate(cloud.gatewayUrl() + "/");

            page.fill("#user", user);
            page.click("#sign-in");
            assertThat(page.locator("#signed-in-as")).containsText(user);

            page.click("#connect");
            page.waitForURL(url -> url.startsWith(cloud.google().authUri()));
            assertThat(page.locator("body")).containsText("bob@example.com");
            page.check("input[name=account][value='bob@example.com']");
            page.click("#allow");

            page.waitForURL(url -> url.startsWith(cloud.gatewayUrl() + "/"));
            assertThat(page.locator("drivelink-connection [data-role=notice]")).containsText("Connected");
            var row = page.locator("#connections li[data-connection-id]");
            assertThat(row).hasCount(1);
            assertThat(row).containsText("bob@example.com");
            assertThat(row).containsText("drivelink");
            assertThat(row).containsText("Active");

            page.screenshot(new Page.ScreenshotOptions().setPath(ConsoleTab.SHOTS.resolve("connected.png")).setFullPage(true));
            tab.assertClean();
        }
    }

    @Test
    void denyingShowsTheErrorAndNoConnection() {
        String user = "browser-" + UUID.randomUUID().toString().substring(0, 6);
        try (ConsoleTab tab = chromium.open(cloud.gatewayUrl())) {
            Page page = tab.page();
            page.navigate(cloud.gatewayUrl() + "/");
            page.fill("#user", user);
            page.click("#sign-in");
            page.click("#connect");
            page.waitForURL(url -> url.startsWith(cloud.google().authUri()));
            page.check("input[name=account][value='alice@example.com']");
            page.click("#deny");

            page.waitForURL(url -> url.startsWith(cloud.gatewayUrl() + "/"));
            assertThat(page.locator("drivelink-connection [data-role=notice]")).containsText("access_denied");
            assertThat(page.locator("drivelink-connection li[data-connection-id]")).hasCount(0);
            tab.assertClean();
        }
    }
}
