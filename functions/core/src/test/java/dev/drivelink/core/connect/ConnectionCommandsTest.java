package dev.drivelink.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.ConnectionView;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.testing.PublishedEvents;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.Fault;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The connection routes' logic against moto and the Google emulator. */
class ConnectionCommandsTest {

    static TestWorld world;
    static PublishedEvents events;
    String user;
    String id;

    @BeforeAll
    static void startWorld() {
        world = TestWorld.start();
        events = world.captureEvents();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @BeforeEach
    void connected() {
        user = "user-" + UUID.randomUUID();
        id = world.connect(user, "alice@example.com");
    }

    ConnectionCommands commands() {
        return world.driveLink.connectionCommands();
    }

    AdminFile pickedFolder(String name) {
        var admin = world.google.admin();
        AdminFile folder = admin.createFolder("alice@example.com", admin.account("alice@example.com").rootFolderId(), name);
        admin.pick(folder.id(), TestWorld.CLIENT_ID);
        return folder;
    }

    static void problem(ThrowingCallable call, ErrorKind kind, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, p -> {
            assertThat(p.kind()).as(p.detail()).isEqualTo(kind);
            assertThat(p.code()).isEqualTo(code);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "%s",
            "https://drive.google.com/drive/folders/%s",
            "https://drive.google.com/drive/folders/%s?usp=sharing",
            "https://drive.google.com/drive/u/0/folders/%s",
            "https://drive.google.com/drive/u/3/folders/%s/",
            "https://drive.google.com/open?id=%s",
            "https://drive.google.com/open?authuser=1&id=%s&usp=drive_link"})
    void everyPastedLinkFormSetsTheRootFolder(String form) {
        AdminFile folder = pickedFolder("Mixes");

        ConnectionView view = commands().setRootFolder(user, id, form.formatted(folder.id()));

        assertThat(view.rootFolder().id()).isEqualTo(folder.id());
        assertThat(view.rootFolder().name()).isEqualTo("Mixes");
        assertThat(world.driveLink.connectionQueries().get(user, id).rootFolder().id()).isEqualTo(folder.id());
    }

    @Test
    void browsingWalksDownFromTheRootAndNeverOutOfIt() {
        FolderRef band = commands().createFolder(user, id, "band");
        String root = world.driveLink.connectionQueries().get(user, id).rootFolder().id();
        var admin = world.google.admin();
        // two levels below the root, made by this app (so visible under drive.file)
        AdminFile takes = admin.createFolder("alice@example.com", band.id(), "takes");
        admin.pick(takes.id(), TestWorld.CLIENT_ID);
        AdminFile day1 = admin.createFolder("alice@example.com", takes.id(), "day 1");
        admin.pick(day1.id(), TestWorld.CLIENT_ID);

        var top = commands().listFolders(user, id, null, null, null);
        assertThat(top.parent().id()).isEqualTo(root);
        assertThat(top.folders()).extracting(FolderRef::name).containsExactly("band");
        var deep = commands().listFolders(user, id, takes.id(), "10", null);
        assertThat(deep.parent().name()).isEqualTo("takes");
        assertThat(deep.folders()).extracting(FolderRef::id).containsExactly(day1.id());
        assertThat(commands().listFolders(user, id, day1.id(), null, null).folders()).isEmpty();

        AdminFile outside = pickedFolder("elsewhere");
        problem(() -> commands().listFolders(user, id, outside.id(), null, null), ErrorKind.INVALID, "folder-outside-root");
        problem(() -> commands().listFolders(user, id, null, "201", null), ErrorKind.INVALID, "invalid-page-size");
        problem(() -> commands().listFolders("someone-else", id, null, null, null), ErrorKind.NOT_FOUND, "not-found");
    }

    @Test
    void aRateLimitFromDriveIsRetriedNotShownToTheUser() {
        AdminFile folder = pickedFolder("Stems");
        var admin = world.google.admin();
        admin.injectFault(Fault.error("GET /drive/v3/files/{fileId}", 1, 429, "rateLimitExceeded"));
        admin.injectFault(Fault.error("POST /drive/v3/files", 1, 403, "userRateLimitExceeded"));
        long gets = admin.requestCount("GET /drive/v3/files/{fileId}");

        ConnectionView view = commands().setRootFolder(user, id, folder.id());
        FolderRef created = commands().createFolder(user, id, "after a rate limit");

        assertThat(view.rootFolder().id()).isEqualTo(folder.id());
        assertThat(admin.requestCount("GET /drive/v3/files/{fileId}") - gets).as("the 429, then the retry").isEqualTo(2);
        assertThat(admin.file(created.id()).parents()).containsExactly(folder.id());
    }

    @Test
    void googleStillFailingAfterTheRetriesIsAPassingProblem() {
        AdminFile folder = pickedFolder("Busy");
        var impatient = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_DRIVE_BACKOFF_BASE", "PT0.001S",
                "DRIVELINK_DRIVE_BACKOFF_CAP", "PT0.01S", "DRIVELINK_DRIVE_MAX_ATTEMPTS", "3")));
        world.google.admin().injectFault(Fault.error("GET /drive/v3/files/{fileId}", 50, 503, "backendError"));
        long gets = world.google.admin().requestCount("GET /drive/v3/files/{fileId}");
        try {
            problem(() -> impatient.connectionCommands().setRootFolder(user, id, folder.id()), ErrorKind.UNAVAILABLE,
                    "google-unavailable");
            assertThat(world.google.admin().requestCount("GET /drive/v3/files/{fileId}") - gets).isEqualTo(3);
        } finally {
            world.google.admin().clearFaults();
        }
    }

    @Test
    void aFolderThatIsAFileTrashedMissingOrNotGivenToTheAppIsRefused() {
        var admin = world.google.admin();
        var alice = admin.account("alice@example.com");
        AdminFile file = admin.createFile("alice@example.com", alice.rootFolderId(), "a.txt", "text/plain",
                "x".getBytes(StandardCharsets.UTF_8));
        admin.pick(file.id(), TestWorld.CLIENT_ID);
        AdminFile trashed = pickedFolder("old");
        admin.trash(trashed.id());
        AdminFile hidden = admin.createFolder("alice@example.com", alice.rootFolderId(), "hidden");
        String rootBefore = world.driveLink.connectionQueries().get(user, id).rootFolder().id();

        problem(() -> commands().setRootFolder(user, id, file.id()), ErrorKind.INVALID, "not-a-folder");
        problem(() -> commands().setRootFolder(user, id, trashed.id()), ErrorKind.INVALID, "folder-trashed");
        problem(() -> commands().setRootFolder(user, id, "1DoesNotExist000000000000000"), ErrorKind.INVALID, "folder-not-found");
        problem(() -> commands().setRootFolder(user, id, hidden.id()), ErrorKind.INVALID, "folder-not-found");
        problem(() -> commands().setRootFolder(user, id, "https://example.com/x"), ErrorKind.INVALID, "invalid-folder-reference");
        assertThat(world.driveLink.connectionQueries().get(user, id).rootFolder().id()).isEqualTo(rootBefore);
    }

    @Test
    void anotherUsersConnectionIsNotFoundForEveryCommand() {
        String other = "intruder-" + UUID.randomUUID();
        AdminFile folder = pickedFolder("x");
        problem(() -> commands().setRootFolder(other, id, folder.id()), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> commands().createFolder(other, id, "x"), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> commands().refresh(other, id), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> commands().revoke(other, id), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> commands().resolveFolder(other, id, folder.id()), ErrorKind.NOT_FOUND, "not-found");
        assertThat(world.driveLink.connectionQueries().get(user, id).status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    @Test
    void createsAChildFolderUnderTheRoot() {
        String root = world.driveLink.connectionQueries().get(user, id).rootFolder().id();

        FolderRef created = commands().createFolder(user, id, "  renders 2026  ");

        AdminFile inDrive = world.google.admin().file(created.id());
        assertThat(inDrive.name()).isEqualTo("renders 2026");
        assertThat(inDrive.parents()).containsExactly(root);
        assertThat(inDrive.isFolder()).isTrue();
        assertThat(created.link()).contains(created.id());
    }

    @Test
    void badFolderNamesAreRefused() {
        problem(() -> commands().createFolder(user, id, ""), ErrorKind.INVALID, "invalid-folder-name");
        problem(() -> commands().createFolder(user, id, "   "), ErrorKind.INVALID, "invalid-folder-name");
        problem(() -> commands().createFolder(user, id, ".."), ErrorKind.INVALID, "invalid-folder-name");
        problem(() -> commands().createFolder(user, id, "a\u0000b"), ErrorKind.INVALID, "invalid-folder-name");
        problem(() -> commands().createFolder(user, id, "x".repeat(256)), ErrorKind.INVALID, "invalid-folder-name");
    }

    @Test
    void resolveWithoutConnectionIdUsesTheOnlyConnectionAndAsksWhenThereAreSeveral() {
        AdminFile folder = pickedFolder("Stems");
        FolderRef resolved = commands().resolveFolder(user, "https://drive.google.com/open?id=" + folder.id());
        assertThat(resolved).isEqualTo(new FolderRef(folder.id(), "Stems", "https://drive.google.com/drive/folders/" + folder.id()));

        world.connect(user, "bob@example.com");
        problem(() -> commands().resolveFolder(user, folder.id()), ErrorKind.INVALID, "connection-required");
        problem(() -> commands().resolveFolder("nobody-" + UUID.randomUUID(), folder.id()), ErrorKind.CONFLICT, "no-connection");
    }

    @Test
    void revokeRemovesTokensRevokesTheGrantAtGoogleAndIsIdempotent() {
        var grantsBefore = world.google.admin().grants(TestWorld.CLIENT_ID, "alice@example.com");
        assertThat(grantsBefore).anyMatch(g -> !g.revoked());

        ConnectionView revoked = commands().revoke(user, id);

        assertThat(revoked.status()).isEqualTo(ConnectionStatus.REVOKED);
        DriveConnection stored = world.driveLink.connections().find(id).orElseThrow();
        assertThat(stored.tokens()).isNull();
        assertThat(stored.accessTokenExpiresAt()).isNull();
        assertThat(world.google.admin().grants(TestWorld.CLIENT_ID, "alice@example.com")).allMatch(g -> g.revoked());
        assertThat(commands().revoke(user, id).status()).as("idempotent").isEqualTo(ConnectionStatus.REVOKED);
        assertThat(world.driveLink.connectionQueries().get(user, id).status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThat(commands().refresh(user, id).status()).isEqualTo(ConnectionStatus.REVOKED);
        problem(() -> commands().createFolder(user, id, "x"), ErrorKind.CONFLICT, "connection-revoked");
        events.await(e -> e.at("/detail/connectionId").asText().equals(id)
                && e.at("/detail-type").asText().equals("Drive Connection Revoked"));

        String again = world.connect(user, "alice@example.com");
        assertThat(again).isEqualTo(id);
        assertThat(world.driveLink.connectionQueries().get(user, id).status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    @Test
    void connectingPublishesAnEvent() {
        var event = events.await(e -> e.at("/detail/connectionId").asText().equals(id)
                && e.at("/detail-type").asText().equals("Drive Connection Connected"));
        assertThat(event.at("/source").asText()).isEqualTo("drivelink");
        assertThat(event.at("/detail/userId").asText()).isEqualTo(user);
        assertThat(event.at("/detail/googleEmail").asText()).isEqualTo("alice@example.com");
    }

    @Test
    void manualRefreshAnswersTheConnectionWithItsStatus() {
        long calls = world.google.admin().requestCount("POST /token");
        ConnectionView view = commands().refresh(user, id);
        assertThat(view.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(world.google.admin().requestCount("POST /token")).isEqualTo(calls + 1);
    }
}
