package dev.drivelink.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.drivelink.localcloud.LocalCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
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
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() {
        cloud = World.cloud();
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(System.getProperty("drivelink.chromium", "/usr/bin/chromium")))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void signInConnectConsentAndSeeTheConnection() throws Exception {
        String user = "browser-" + UUID.randomUUID().toString().substring(0, 6);
        try (var context = browser.newContext()) {
            Page page = context.newPage();
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

            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("connected.png")).setFullPage(true));
        }
    }

    @Test
    void denyingShowsTheErrorAndNoConnection() {
        String user = "browser-" + UUID.randomUUID().toString().substring(0, 6);
        try (var context = browser.newContext()) {
            Page page = context.newPage();
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
        }
    }
}
