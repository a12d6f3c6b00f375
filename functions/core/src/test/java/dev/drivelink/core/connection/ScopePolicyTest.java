package dev.drivelink.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** When the configured scopes grow, existing connections say they need a new consent, and one fixes it. */
class ScopePolicyTest {

    static final String DRIVE_FILE = "https://www.googleapis.com/auth/drive.file";
    static final String APPDATA = "https://www.googleapis.com/auth/drive.appdata";
    static TestWorld world;

    @BeforeAll
    static void startWorld() {
        world = TestWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @Test
    void connectionsGrantedLessThanTheRequiredScopesNeedReconsentUntilTheNextConsent() {
        String user = "user-" + UUID.randomUUID();
        String id = world.connect(user, "alice@example.com");
        assertThat(world.driveLink.connectionQueries().get(user, id).needsReconsent()).isFalse();
        assertThat(world.driveLink.connectionQueries().get(user, id).scopes()).containsExactly(DRIVE_FILE);

        DriveLink widened = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_OAUTH_SCOPES", DRIVE_FILE + " " + APPDATA)));

        ConnectionView flagged = widened.connectionQueries().get(user, id);
        assertThat(flagged.needsReconsent()).isTrue();
        assertThat(flagged.status()).as("still usable meanwhile").isEqualTo(ConnectionStatus.ACTIVE);

        String again = world.connect(widened, user, "alice@example.com");

        assertThat(again).isEqualTo(id);
        ConnectionView replaced = widened.connectionQueries().get(user, id);
        assertThat(replaced.scopes()).containsExactlyInAnyOrder(DRIVE_FILE, APPDATA);
        assertThat(replaced.needsReconsent()).isFalse();
    }
}
