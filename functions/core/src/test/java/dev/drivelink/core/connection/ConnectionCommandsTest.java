package dev.drivelink.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drivelink.core.problem.Problem;
import dev.drivelink.core.testing.PublishedEvents;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.emulator.AdminFile;
import java.nio.charset.StandardCharsets;
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

    static void problem(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.status()).as(p.detail()).isEqualTo(status);
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

        problem(() -> commands().setRootFolder(user, id, file.id()), 400, "not-a-folder");
        problem(() -> commands().setRootFolder(user, id, trashed.id()), 400, "folder-trashed");
        problem(() -> commands().setRootFolder(user, id, "1DoesNotExist000000000000000"), 400, "folder-not-found");
        problem(() -> commands().setRootFolder(user, id, hidden.id()), 400, "folder-not-found");
        problem(() -> commands().setRootFolder(user, id, "https://example.com/x"), 400, "invalid-folder-reference");
        assertThat(world.driveLink.connectionQueries().get(user, id).rootFolder().id()).isEqualTo(rootBefore);
    }

    @Test
    void anotherUsersConnectionIsNotFoundForEveryCommand() {
        String other = "intruder-" + UUID.randomUUID();
        AdminFile folder = pickedFolder("x");
        problem(() -> commands().setRootFolder(other, id, folder.id()), 404, "not-found");
        problem(() -> commands().createFolder(other, id, "x"), 404, "not-found");
        problem(() -> commands().refresh(other, id), 404, "not-found");
        problem(() -> commands().revoke(other, id), 404, "not-found");
        problem(() -> commands().resolveFolder(other, id, folder.id()), 404, "not-found");
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
        problem(() -> commands().createFolder(user, id, ""), 400, "invalid-folder-name");
        problem(() -> commands().createFolder(user, id, "   "), 400, "invalid-folder-name");
        problem(() -> commands().createFolder(user, id, ".."), 400, "invalid-folder-name");
        problem(() -> commands().createFolder(user, id, "a\u0000b"), 400, "invalid-folder-name");
        problem(() -> commands().createFolder(user, id, "x".repeat(256)), 400, "invalid-folder-name");
    }

    @Test
    void resolveWithoutConnectionIdUsesTheOnlyConnectionAndAsksWhenThereAreSeveral() {
        AdminFile folder = pickedFolder("Stems");
        FolderRef resolved = commands().resolveFolder(user, "https://drive.google.com/open?id=" + folder.id());
        assertThat(resolved).isEqualTo(new FolderRef(folder.id(), "Stems", "https://drive.google.com/drive/folders/" + folder.id()));

        world.connect(user, "bob@example.com");
        problem(() -> commands().resolveFolder(user, folder.id()), 400, "connection-required");
        problem(() -> commands().resolveFolder("nobody-" + UUID.randomUUID(), folder.id()), 409, "no-connection");
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
        problem(() -> commands().createFolder(user, id, "x"), 409, "connection-revoked");
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
