package dev.drivelink.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A signed-in user with a Drive connection (the real consent flow through the gateway) and a fresh
 * project the host backend granted them (the admin route); and waiting for what the workers do.
 */
record SyncMember(String user, String jwt, String connectionId, String project) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The host backend's token (scope drivelink/admin, from the local sign-in). */
    static String adminToken(Gateway gateway) throws Exception {
        return JSON.readTree(gateway.call("POST", "/local/sign-in", null,
                "{\"user\":\"host-backend\",\"scope\":\"drivelink/admin\"}").body()).get("token").asText();
    }

    static SyncMember join(LocalCloud cloud, Gateway gateway, String adminToken, String prefix, String account)
            throws Exception {
        String user = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String jwt = cloud.signIn(user);
        var authUrl = gateway.get("/drive/auth-url", jwt);
        URI callback = new ConsentBrowser().allow(JSON.readTree(authUrl.body()).get("url").asText(), account);
        URI landing = URI.create(gateway.get(callback.toString(), null).headers().firstValue("Location").orElseThrow());
        String connectionId = ConsentBrowser.query(landing).get("connectionId");
        String project = "song-" + UUID.randomUUID().toString().substring(0, 8);
        int granted = gateway.call("PUT", "/drive/projects/" + project + "/members/" + user, adminToken, null).statusCode();
        if (granted != 201) {
            throw new AssertionError("granting " + project + " answered " + granted);
        }
        return new SyncMember(user, jwt, connectionId, project);
    }

    /** What Drive change detection sends when the user changed something in Drive: a sync request of the project. */
    String requestSync(LocalCloud cloud) {
        String id = "sr_e2e" + UUID.randomUUID().toString().replace("-", "");
        String body = "{\"version\":1,\"requestId\":\"" + id + "\",\"connectionId\":\"" + connectionId + "\",\"userId\":\""
                + user + "\",\"projectId\":\"" + project + "\",\"reason\":\"drive_changes\",\"requestedAt\":\""
                + Instant.now() + "\"}";
        cloud.aws().sqs().sendMessage(r -> r.queueUrl(cloud.stack().ref("SyncQueue")).messageBody(body)
                .messageGroupId(connectionId).messageDeduplicationId(id));
        return id;
    }

    /** Until the sync worker ran the request, or acknowledged it as covered by a run of the same batch. */
    static void awaitRun(LocalCloud cloud, String requestId) throws InterruptedException {
        await(cloud, () -> cloud.function("SyncWorkerFunction").logs().stream()
                        .anyMatch(l -> l.contains(requestId) && (l.contains(") done") || l.contains("coalesced with a run"))),
                done -> done, "sync request " + requestId + " done", "SyncWorkerFunction");
    }

    /** Polls {@code read} until {@code done} (90 s at most); on a timeout the named functions' last log lines are shown. */
    static <T> T await(LocalCloud cloud, Supplier<T> read, Predicate<T> done, String what, String... logsOf)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
        T value = read.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(giveUp)) {
                StringBuilder message = new StringBuilder("timed out waiting: " + what + "; last seen " + value);
                for (String function : logsOf) {
                    List<String> lines = cloud.function(function).logs();
                    message.append("\n").append(function).append(" log:\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
                }
                throw new AssertionError(message.toString());
            }
            Thread.sleep(250);
            value = read.get();
        }
        return value;
    }
}
