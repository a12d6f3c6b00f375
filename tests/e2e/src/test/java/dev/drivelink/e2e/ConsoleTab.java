package dev.drivelink.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One browser context on the console, as one person's browser: every answer of the HTTP API that the
 * page's scripts receive is checked against docs/openapi.yaml (the test fetches it for the page,
 * checks it, and hands it on unchanged), and every error the page logs is kept. {@link #view} runs
 * axe-core and takes screenshots at desktop and phone width; {@link #assertClean} fails on contract
 * breaks and page errors.
 */
final class ConsoleTab implements AutoCloseable {

    static final Path SHOTS = Path.of("target", "screenshots");

    private final String gatewayUrl;
    private final OpenApiContract contract;
    private final BrowserContext context;
    private final Page page;
    private final List<String> contractProblems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> pageErrors = Collections.synchronizedList(new ArrayList<>());
    private int answersChecked;

    ConsoleTab(Browser browser, String gatewayUrl, OpenApiContract contract) {
        this.gatewayUrl = gatewayUrl;
        this.contract = contract;
        this.context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        this.page = context.newPage();
        String api = gatewayUrl + "/drive/";
        context.route(url -> url.startsWith(api), this::checkAgainstTheContract);
        page.onResponse(response -> {
            if (response.request().isNavigationRequest() && response.url().startsWith(api)) {
                // the callback, which the browser navigates to: a redirect without a body
                check(response.request().method(), response.url(), response.status(), response.headers().get("content-type"), "");
            }
        });
        page.onConsoleMessage(m -> {
            // an API call's 4xx is logged by Chromium as a failed resource: those answers are checked against the contract
            if (m.type().equals("error") && !m.location().startsWith(api)) {
                pageErrors.add(m.text());
            }
        });
        page.onPageError(pageErrors::add);
    }

    private volatile boolean closing;

    Page page() {
        return page;
    }

    int answersChecked() {
        return answersChecked;
    }

    private void checkAgainstTheContract(Route route) {
        if (route.request().isNavigationRequest()) {
            route.resume();
            return;
        }
        APIResponse response;
        try {
            response = route.fetch();
        } catch (PlaywrightException e) {
            if (closing) {
                return; // a request the page still had going when the test closed it: nobody reads its answer
            }
            throw e;
        }
        check(route.request().method(), route.request().url(), response.status(), response.headers().get("content-type"), response.text());
        route.fulfill(new Route.FulfillOptions().setResponse(response));
    }

    private void check(String method, String url, int status, String contentType, String body) {
        contractProblems.addAll(contract.problems(method, URI.create(url).getRawPath(), status, contentType, body));
        answersChecked++;
    }

    /** Opens the console and signs in through the local sign-in form. */
    void signIn(String user) {
        page.navigate(gatewayUrl + "/");
        page.getByLabel("User id").fill(user);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#signed-in-as")).containsText(user);
    }

    /** One view: no serious or critical axe violation, and a screenshot at desktop and phone width. */
    void view(String name) {
        try {
            Files.createDirectories(SHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
            page.setViewportSize(size[0], size[1]);
            String width = size[0] > 500 ? "desktop" : "phone";
            page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-" + width + ".png")).setFullPage(true));
            List<String> serious = new ArrayList<>();
            for (Rule rule : new AxeBuilder(page).analyze().getViolations()) {
                if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
                    rule.getNodes().forEach(node -> serious.add(rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp()
                            + " at " + node.getHtml() + " (" + node.getFailureSummary() + ")"));
                }
            }
            assertThat(serious).as("axe-core on view " + name + " at " + width + " width").isEmpty();
        }
        page.setViewportSize(1280, 800);
    }

    /** The page logged no error and every API answer it received is one docs/openapi.yaml describes. */
    void assertClean() {
        assertThat(pageErrors).as("errors in the page's console").isEmpty();
        assertThat(contractProblems).as("API answers that break docs/openapi.yaml").isEmpty();
    }

    static Locator button(Locator within, String name) {
        return within.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    @Override
    public void close() {
        closing = true;
        context.close();
    }
}
