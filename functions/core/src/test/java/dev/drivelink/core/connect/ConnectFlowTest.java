package dev.drivelink.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drivelink.core.connect.OAuthFlowService.AuthUrlRequest;
import dev.drivelink.core.connect.OAuthFlowService.CallbackOutcome;
import dev.drivelink.core.connect.OAuthFlowService.CallbackRequest;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.ConnectionView;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.token.OAuthTokens;
import dev.drivelink.core.token.TokenSealer;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.ConsentBrowser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The connect flow against moto and the Google emulator, through the real AWS SDK and Google clients. */
class ConnectFlowTest {

    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";

    static TestWorld world;
    final ConsentBrowser browser = new ConsentBrowser();
    String user;
    /** The consent cookie this test's browser holds: the one set with its last auth URL. */
    String browserKey;

    @BeforeAll
    static void startWorld() {
        world = TestWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @BeforeEach
    void freshUser() {
        user = "user-" + UUID.randomUUID();
    }

    OAuthFlowService flow() {
        return world.driveLink.oauthFlow();
    }

    String authUrl(String redirectAfter, String folder) {
        var authUrl = flow().authUrl(new AuthUrlRequest(user, redirectAfter, folder, null));
        browserKey = authUrl.browserKey();
        return authUrl.url();
    }

    CallbackOutcome returnFrom(URI googleRedirect) {
        return returnFrom(googleRedirect, browserKey);
    }

    CallbackOutcome returnFrom(URI googleRedirect, String withBrowserKey) {
        Map<String, String> q = ConsentBrowser.query(googleRedirect);
        return flow().callback(new CallbackRequest(q.get("state"), q.get("code"), q.get("error"), withBrowserKey));
    }

    CallbackOutcome connect(String account) {
        return returnFrom(browser.allow(authUrl(null, null), account));
    }

    @Test
    void authUrlAsksGoogleForOfflineDriveFileAccessWithPkce() {
        URI url = URI.create(authUrl(TestWorld.FRONTEND_ORIGIN + "/after", null));
        Map<String, String> q = ConsentBrowser.query(url);
        assertThat(url.toString()).startsWith(world.google.authUri());
        assertThat(q).containsEntry("client_id", TestWorld.CLIENT_ID)
                .containsEntry("redirect_uri", TestWorld.REDIRECT_URI)
                .containsEntry("response_type", "code")
                .containsEntry("scope", "https://www.googleapis.com/auth/drive.file")
                .containsEntry("access_type", "offline")
                .containsEntry("prompt", "consent")
                .containsEntry("include_granted_scopes", "false")
                .containsEntry("code_challenge_method", "S256");
        assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(40);
        assertThat(q.get("nonce")).isNotBlank();
        assertThat(q.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        var stored = world.dynamo.getItem(r -> r.tableName(world.table())
                .key(Map.of("pk", AttributeValue.fromS("STATE#" + q.get("state")), "sk", AttributeValue.fromS("STATE")))).item();
        assertThat(stored.get("userId").s()).isEqualTo(user);
        assertThat(stored.get("redirectAfter").s()).isEqualTo(TestWorld.FRONTEND_ORIGIN + "/after");
        assertThat(Long.parseLong(stored.get("ttl").n()) - world.clock.instant().getEpochSecond()).isBetween(599L, 600L);
        assertThat(stored.get("codeVerifier").s()).isNotEqualTo(q.get("code_challenge"));
        assertThat(browserKey).matches("[A-Za-z0-9_-]{43}");
        assertThat(stored.get("browserKeyHash").s()).as("only a hash of the browser's key is stored")
                .hasSize(43).isNotEqualTo(browserKey);
        assertThat(stored.toString()).doesNotContain(browserKey);
    }

    @Test
    void theAttackersConsentLinkFinishedInTheVictimsBrowserConnectsNobody() {
        // the attacker starts two consents and sends the Google links to the victim
        String attacker = user;
        String firstLink = authUrl(TestWorld.FRONTEND_ORIGIN + "/drive", null);
        String attackersKey = browserKey;
        String secondLink = authUrl(null, null);
        // the victim's browser holds no consent cookie, or the cookie of a consent of its own
        user = "victim-" + UUID.randomUUID();
        authUrl(null, null);
        String victimsKey = browserKey;

        CallbackOutcome noCookie = returnFrom(browser.allow(firstLink, BOB), null);
        CallbackOutcome ownCookie = returnFrom(browser.allow(secondLink, BOB), victimsKey);

        assertThat(noCookie.error()).isEqualTo(ConnectError.BROWSER_MISMATCH);
        assertThat(noCookie.location()).isEqualTo(TestWorld.FRONTEND_ORIGIN + "/drive?error=browser_mismatch");
        assertThat(noCookie.connectionId()).isNull();
        assertThat(ownCookie.error()).isEqualTo(ConnectError.BROWSER_MISMATCH);
        assertThat(world.driveLink.connections().findByUser(attacker)).as("the victim's Google account is nobody's").isEmpty();
        assertThat(world.driveLink.connections().findByUser(user)).isEmpty();
        // the attacker's state is spent: even the right cookie cannot use it now
        assertThat(returnFrom(browser.allow(firstLink, BOB), attackersKey).error()).isEqualTo(ConnectError.INVALID_STATE);
    }

    @Test
    void connectingCreatesAConnectionWithTheAccountAndANewRootFolder() {
        CallbackOutcome outcome = connect(ALICE);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.location()).isEqualTo(TestWorld.FRONTEND + "?connectionId=" + outcome.connectionId());
        var connections = world.driveLink.connectionQueries().list(user);
        assertThat(connections).hasSize(1);
        ConnectionView c = connections.get(0);
        assertThat(c.id()).isEqualTo(outcome.connectionId());
        assertThat(c.googleEmail()).isEqualTo(ALICE);
        assertThat(c.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(c.rootFolder().name()).isEqualTo("drivelink");
        assertThat(c.rootFolder().link()).contains(c.rootFolder().id());
        AdminFile folder = world.google.admin().file(c.rootFolder().id());
        assertThat(folder.isFolder()).isTrue();
        assertThat(folder.owner()).isEqualTo(ALICE);
        assertThat(folder.trashed()).isFalse();
    }

    @Test
    void redirectAfterIsWhereTheUserLands() {
        String after = TestWorld.FRONTEND_ORIGIN + "/projects/7?tab=drive";
        CallbackOutcome outcome = returnFrom(browser.allow(authUrl(after, null), ALICE));
        assertThat(outcome.location()).isEqualTo(after + "&connectionId=" + outcome.connectionId());
    }

    @Test
    void storedItemHoldsNoPlaintextTokenAndTheSealIsBoundToTheConnection() {
        String id = connect(ALICE).connectionId();
        String otherId = returnFrom(browser.allow(authUrl(null, null), BOB)).connectionId();

        var item = world.dynamo.getItem(r -> r.tableName(world.table())
                .key(Map.of("pk", AttributeValue.fromS("CONN#" + id), "sk", AttributeValue.fromS("CONN")))).item();
        DriveConnection stored = world.driveLink.connections().find(id).orElseThrow();
        OAuthTokens tokens = world.driveLink.sealer().open(stored.tokens(), user, id);
        assertThat(tokens.accessToken()).isNotBlank();
        assertThat(tokens.refreshToken()).isNotBlank();

        String everything = item.toString() + item.values().stream()
                .map(v -> v.b() != null ? new String(v.b().asByteArray(), StandardCharsets.ISO_8859_1)
                        + Base64.getEncoder().encodeToString(v.b().asByteArray()) : String.valueOf(v.s()))
                .reduce("", String::concat);
        assertThat(everything).doesNotContain(tokens.accessToken()).doesNotContain(tokens.refreshToken());

        TokenSealer sealer = world.driveLink.sealer();
        assertThatThrownBy(() -> sealer.open(stored.tokens(), user, otherId))
                .isInstanceOf(TokenSealer.TokenSealException.class);
        assertThatThrownBy(() -> sealer.open(stored.tokens(), "someone-else", id))
                .isInstanceOf(TokenSealer.TokenSealException.class);
    }

    @Test
    void aReusedStateEndsInInvalidStateAndChangesNothing() {
        URI back = browser.allow(authUrl(null, null), ALICE);
        assertThat(returnFrom(back).error()).isNull();
        var before = world.driveLink.connections().findByUser(user);

        CallbackOutcome again = returnFrom(back);

        assertThat(again.error()).isEqualTo(ConnectError.INVALID_STATE);
        assertThat(again.location()).isEqualTo(TestWorld.FRONTEND + "?error=invalid_state");
        assertThat(world.driveLink.connections().findByUser(user)).isEqualTo(before);
    }

    @Test
    void anExpiredStateEndsInExpiredStateAndStoresNothing() {
        String url = authUrl(null, null);
        URI back = browser.allow(url, ALICE);
        world.clock.advance(Duration.ofMinutes(11));
        try {
            CallbackOutcome outcome = returnFrom(back);
            assertThat(outcome.error()).isEqualTo(ConnectError.EXPIRED_STATE);
            assertThat(outcome.location()).endsWith("error=expired_state");
        } finally {
            world.clock.advance(Duration.ofMinutes(-11));
        }
        assertThat(world.driveLink.connections().findByUser(user)).isEmpty();
    }

    @Test
    void aTamperedStateEndsInInvalidStateAndStoresNothing() {
        URI back = browser.allow(authUrl(null, null), ALICE);
        Map<String, String> q = ConsentBrowser.query(back);
        String state = q.get("state");
        String tampered = (state.charAt(0) == 'A' ? 'B' : 'A') + state.substring(1);

        CallbackOutcome outcome = flow().callback(new CallbackRequest(tampered, q.get("code"), null, browserKey));

        assertThat(outcome.error()).isEqualTo(ConnectError.INVALID_STATE);
        assertThat(world.driveLink.connections().findByUser(user)).isEmpty();
        assertThat(flow().callback(new CallbackRequest(null, q.get("code"), null, browserKey)).error())
                .isEqualTo(ConnectError.INVALID_STATE);
    }

    @Test
    void aMissingCodeEndsInMissingCodeAndStoresNothing() {
        URI back = browser.allow(authUrl(null, null), ALICE);
        CallbackOutcome outcome = flow().callback(new CallbackRequest(ConsentBrowser.query(back).get("state"), null, null,
                browserKey));
        assertThat(outcome.error()).isEqualTo(ConnectError.MISSING_CODE);
        assertThat(outcome.location()).isEqualTo(TestWorld.FRONTEND + "?error=missing_code");
        assertThat(world.driveLink.connections().findByUser(user)).isEmpty();
    }

    @Test
    void denyingOnTheConsentPageEndsInAccessDeniedAndStoresNothing() {
        String after = TestWorld.FRONTEND_ORIGIN + "/drive";
        URI back = browser.deny(authUrl(after, null), ALICE);
        assertThat(ConsentBrowser.query(back)).containsEntry("error", "access_denied");

        CallbackOutcome outcome = returnFrom(back);

        assertThat(outcome.error()).isEqualTo(ConnectError.ACCESS_DENIED);
        assertThat(outcome.location()).isEqualTo(after + "?error=access_denied");
        assertThat(world.driveLink.connections().findByUser(user)).isEmpty();
    }

    @Test
    void redirectAfterOutsideTheAllowListIsRefusedAtAuthUrl() {
        assertThatThrownBy(() -> authUrl("https://evil.example.net/steal", null))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.kind()).isEqualTo(ErrorKind.INVALID));
    }

    @Test
    void aRequestedFolderThatIsUsableBecomesTheRoot() {
        var alice = world.google.admin().account(ALICE);
        AdminFile mine = world.google.admin().createFolder(ALICE, alice.rootFolderId(), "Band recordings");
        world.google.admin().pick(mine.id(), TestWorld.CLIENT_ID);

        CallbackOutcome outcome = returnFrom(browser.allow(
                authUrl(null, "https://drive.google.com/drive/folders/" + mine.id() + "?usp=sharing"), ALICE));

        assertThat(outcome.error()).isNull();
        var connection = world.driveLink.connectionQueries().get(user, outcome.connectionId());
        assertThat(connection.rootFolder().id()).isEqualTo(mine.id());
        assertThat(connection.rootFolder().name()).isEqualTo("Band recordings");
    }

    @Test
    void aRequestedFolderThatIsAFileTrashedOrMissingFailsClearlyAndMakesNothing() {
        var admin = world.google.admin();
        var alice = admin.account(ALICE);
        AdminFile file = admin.createFile(ALICE, alice.rootFolderId(), "notes.txt", "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8));
        admin.pick(file.id(), TestWorld.CLIENT_ID);
        AdminFile trashed = admin.createFolder(ALICE, alice.rootFolderId(), "old");
        admin.pick(trashed.id(), TestWorld.CLIENT_ID);
        admin.trash(trashed.id());
        AdminFile notPicked = admin.createFolder(ALICE, alice.rootFolderId(), "private");
        long foldersBefore = admin.files(ALICE).stream().filter(AdminFile::isFolder).count();

        assertThat(returnFrom(browser.allow(authUrl(null, file.id()), ALICE)).error())
                .isEqualTo(ConnectError.FOLDER_NOT_A_FOLDER);
        assertThat(returnFrom(browser.allow(authUrl(null, trashed.id()), ALICE)).error())
                .isEqualTo(ConnectError.FOLDER_TRASHED);
        assertThat(returnFrom(browser.allow(authUrl(null, "1NoSuchFolderAnywhere0000000000"), ALICE)).error())
                .isEqualTo(ConnectError.FOLDER_NOT_FOUND);
        assertThat(returnFrom(browser.allow(authUrl(null, notPicked.id()), ALICE)).error())
                .as("drive.file: a folder the user never gave this app is invisible")
                .isEqualTo(ConnectError.FOLDER_NOT_FOUND);

        assertThat(world.driveLink.connections().findByUser(user)).isEmpty();
        assertThat(admin.files(ALICE).stream().filter(AdminFile::isFolder).count()).isEqualTo(foldersBefore);
    }

    @Test
    void aFolderReferenceThatIsNotALinkOrIdIsRefusedAtAuthUrl() {
        assertThatThrownBy(() -> authUrl(null, "https://example.com/not-drive"))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.code()).isEqualTo("invalid-folder-reference"));
    }

    @Test
    void theSameGoogleAccountTwiceIsOneConnectionUpdated() {
        String first = connect(ALICE).connectionId();
        DriveConnection before = world.driveLink.connections().find(first).orElseThrow();
        world.clock.advance(Duration.ofSeconds(5));

        String second = connect(ALICE).connectionId();

        assertThat(second).isEqualTo(first);
        DriveConnection after = world.driveLink.connections().find(first).orElseThrow();
        assertThat(world.driveLink.connections().findByUser(user)).hasSize(1);
        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.updatedAt()).isAfter(before.updatedAt());
        assertThat(after.tokens()).isNotEqualTo(before.tokens());
        assertThat(after.rootFolder()).as("the existing root folder is kept").isEqualTo(before.rootFolder());
        assertThat(after.status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    @Test
    void aSecondGoogleAccountIsASecondConnection() {
        String a = connect(ALICE).connectionId();
        String b = connect(BOB).connectionId();

        assertThat(b).isNotEqualTo(a);
        assertThat(world.driveLink.connectionQueries().list(user))
                .extracting(ConnectionView::googleEmail).containsExactlyInAnyOrder(ALICE, BOB);
    }

    @Test
    void anotherUsersConnectionIsNotFound() {
        String id = connect(ALICE).connectionId();
        var queries = world.driveLink.connectionQueries();
        assertThat(queries.get(user, id).id()).isEqualTo(id);
        assertThatThrownBy(() -> queries.get("intruder", id))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> queries.get(user, "dc_00000000000000000000000000000000"))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(queries.list("intruder")).isEmpty();
    }
}
