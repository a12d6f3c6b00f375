package dev.drivelink.e2e;

import dev.drivelink.localcloud.LocalCloud;

/**
 * A second local-cloud for the whole test JVM with the production rules a deployment has and the
 * shared {@link World} relaxes: URL sources only https, port 443 and public (AllowInsecureUrlSources
 * off), and POST /drive/uploads reading S3 only under the caller's prefix. Its own moto, its own stack.
 */
final class ProductionRulesWorld {

    private static LocalCloud cloud;

    private ProductionRulesWorld() {
    }

    static synchronized LocalCloud cloud() {
        if (cloud == null) {
            cloud = LocalCloud.builder().templateFile(Repo.template()).gatewayPort(0).googlePort(0).awsPort(0)
                    .stackName("drivelink-production-rules")
                    .parameter("AllowInsecureUrlSources", "false")
                    .parameter("UploadUserPrefix", "users/{sub}/")
                    .parameter("TokenRefreshSchedule", "rate(7 days)")
                    .build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(cloud::close));
        }
        return cloud;
    }
}
