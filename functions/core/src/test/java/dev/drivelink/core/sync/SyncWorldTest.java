package dev.drivelink.core.sync;

import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.core.wiring.SyncControlFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One TestWorld per test class, with the core wired as the sync control function wires it. */
abstract class SyncWorldTest {

    static TestWorld world;
    static SyncFixture fixture;
    static DriveLink core;
    static SyncControlFeature sync;

    @BeforeAll
    static void startSyncWorld() {
        world = TestWorld.start();
        fixture = new SyncFixture(world);
        core = fixture.driveLink();
        sync = core.syncControl();
    }

    @AfterAll
    static void stopSyncWorld() {
        world.close();
    }
}
