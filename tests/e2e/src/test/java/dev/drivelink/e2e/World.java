package dev.drivelink.e2e;

import dev.drivelink.core.wiring.AwsClients;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.core.wiring.SyncControlFeature;
import dev.drivelink.localcloud.LocalAws;
import dev.drivelink.localcloud.LocalCloud;
import java.time.Clock;

/**
 * One local-cloud for the whole test JVM: moto, the Google emulator, the packaged functions in their
 * own Lambda-like processes and the HTTP API gateway with its JWT authorizer. Starting function JVMs
 * costs seconds, so tests share it and keep apart by using their own users.
 */
final class World {

    private static LocalCloud cloud;
    private static SyncControlFeature syncWorkerSide;

    private World() {
    }

    static synchronized LocalCloud cloud() {
        if (cloud == null) {
            cloud = newCloud();
            Runtime.getRuntime().addShutdownHook(new Thread(cloud::close));
        }
        return cloud;
    }

    /**
     * Another local-cloud like the shared one, for a class whose clock must move by days without the rest
     * of the suite's connections (every one of them would refresh, renew and list its changes); the
     * caller closes it.
     */
    static LocalCloud newCloud() {
        return LocalCloud.builder().templateFile(Repo.template()).gatewayPort(0).googlePort(0)
                    // tests fire the sweep themselves (eventSources().fire) and want every connection in its window
                    .parameter("TokenRefreshSchedule", "rate(7 days)")
                    .parameter("TokenRefreshWindow", "PT2H")
                    // POST /drive/uploads reads S3 objects only under the caller's prefix
                    .parameter("UploadUserPrefix", "users/{sub}/")
                    // change detection: schedules fired by the tests; pages of 2 changes so runs have several
                    .parameter("ChannelRenewalSchedule", "rate(7 days)")
                    .parameter("ChangesBackstopSchedule", "rate(7 days)")
                    .parameter("ChangesPageSize", "2")
                    .build().start();
    }

    /**
     * The core's sync control plane in the test JVM, against the same moto, configured as
     * SyncControlFunction is: tests write through it what the sync worker (not built yet) would
     * write (conflicts, paused statuses, activity), as the worker will.
     */
    static synchronized SyncControlFeature syncWorkerSide() {
        if (syncWorkerSide == null) {
            LocalCloud cloud = cloud();
            LocalAws aws = cloud.aws();
            DriveLink core = new DriveLink(DriveLink.config(LocalCloud.inProcessEnvironment(cloud.stack(), "SyncControlFunction")),
                    AwsClients.of(aws.dynamoDb(), aws.kms(), aws.eventBridge(), aws.s3(), aws.sqs()), Clock.systemUTC());
            syncWorkerSide = core.syncControl();
        }
        return syncWorkerSide;
    }
}
