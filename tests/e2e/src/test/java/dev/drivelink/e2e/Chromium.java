package dev.drivelink.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Paths;
import java.util.List;

/**
 * Debian's Chromium, headless, driven by Playwright: the one place the browser tests start it
 * (BUILD-NOTES.md, "Browser tests"). Starting it costs about a second, so a test class launches one
 * in {@code @BeforeAll}, gives each test its own context ({@link ConsoleTab}), and closes it in
 * {@code @AfterAll}. System property {@code drivelink.chromium} names another executable.
 */
final class Chromium implements AutoCloseable {

    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Chromium launch() {
        Playwright playwright = Playwright.create();
        try {
            return new Chromium(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Paths.get(System.getProperty("drivelink.chromium", "/usr/bin/chromium")))
                    .setHeadless(true)
                    .setArgs(ARGS)));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    Browser browser() {
        return browser;
    }

    /** A fresh browser context (no cookies, no storage) on the console, its API answers checked against the contract. */
    ConsoleTab open(String gatewayUrl) {
        return new ConsoleTab(browser, gatewayUrl, OpenApiContract.load());
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
