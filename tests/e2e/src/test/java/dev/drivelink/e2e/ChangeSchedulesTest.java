package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.changes.ChannelState;
import dev.drivelink.core.changes.WatchChannel;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.EmulatorAdmin;
import dev.drivelink.localcloud.InvocationResult;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The renewal and backstop schedules of template.yaml, fired on demand by local-cloud at the
 * emulator's time after moving its clock by days. In a local-cloud of its own: a week's jump in the
 * shared one made every connection the suite had left behind refresh, renew and list its changes
 * before this test's change came through (six minutes in a full run), and its clock moves for good.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeSchedulesTest {

    static final String ACCOUNT = "bob@example.com";
    static ChangesWorld w;
    static EmulatorAdmin google;
    String jwt;
    String user;

    static LocalCloud own;

    @BeforeAll
    static void start() {
        own = World.newCloud();
        w = new ChangesWorld(own);
        google = w.cloud.google().admin();
    }

    @AfterAll
    static void stop() {
        own.close();
    }

    @BeforeEach
    void signIn() {
        google.clearFaults();
        user = "schedules-" + UUID.randomUUID().toString().substring(0, 8);
        jwt = w.cloud.signIn(user);
    }

    JsonNode fire(String function, String event) throws Exception {
        InvocationResult result = w.cloud.eventSources().fire(function, event, google.now());
        assertThat(result.isError()).as(result.payloadString()).isFalse();
        return ChangesWorld.JSON.readTree(result.payloadString());
    }

    @Test
    @Order(1)
    void renewalOpensTheNewChannelBeforeStoppingTheOldAndNotificationsKeepFlowing() throws Exception {
        String id = w.connect(jwt, ACCOUNT);
        String root = w.rootFolderId(jwt, id);
        WatchChannel old = w.channelsOf(id).get(0);
        w.onlyTheseChannels(id);
        Instant expires = Instant.parse(w.googleChannel(old.channelId()).path("expiration").asText());
        google.advanceClock(Duration.between(google.now(), expires).minusHours(1)); // "+6 d 23 h"

        JsonNode renewal = fire("ChannelRenewalFunction", "Renew");

        assertThat(renewal.path("renewed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(renewal.path("failed").asInt()).isZero();
        List<WatchChannel> after = w.channelsOf(id);
        WatchChannel stopped = after.stream().filter(c -> c.channelId().equals(old.channelId())).findFirst().orElseThrow();
        WatchChannel fresh = after.stream().filter(c -> !c.channelId().equals(old.channelId())).findFirst().orElseThrow();
        assertThat(stopped.state()).isEqualTo(ChannelState.STOPPED);
        assertThat(fresh.state()).isEqualTo(ChannelState.ACTIVE);
        assertThat(fresh.createdAt()).as("the new channel first, then the old one stopped").isBeforeOrEqualTo(stopped.stoppedAt());
        assertThat(w.googleChannel(old.channelId()).path("active").asBoolean()).isFalse();
        JsonNode renewed = w.googleChannel(fresh.channelId());
        assertThat(renewed.path("active").asBoolean()).isTrue();
        assertThat(Duration.between(google.now(), Instant.parse(renewed.path("expiration").asText())))
                .isGreaterThan(Duration.ofDays(6));

        AdminFile file = w.userFile(ACCOUNT, root, "after-renewal-" + user + ".txt");
        w.awaitEvent(ChangesWorld.filesChanged(id, file.id()), Duration.ofSeconds(60));
        assertThat(google.notifications()).as("the change went to the new channel, none to the old one after the switch")
                .anyMatch(n -> n.channelId().equals(fresh.channelId()) && n.resourceState().equals("change") && n.delivered())
                .noneMatch(n -> n.channelId().equals(old.channelId()) && n.resourceState().equals("change"));

        google.advanceClock(Duration.ofHours(2)); // the old channel's expiration has passed
        int logLines = w.cloud.function("ChangesWorkerFunction").logs().size();
        HttpResponse<String> late = w.notify(old.channelId(), "any", old.resourceId(), "change", "1000");
        assertThat(late.statusCode()).isEqualTo(200);
        w.awaitSyncQueueDrained(Duration.ofSeconds(30));
        List<String> log = w.cloud.function("ChangesWorkerFunction").logs();
        assertThat(log.subList(logLines, log.size())).as("an expired, stopped channel gets no work")
                .noneMatch(line -> line.contains(id));
    }

    @Test
    @Order(2)
    void withNotificationsDroppedTheBackstopStillDeliversTheChangeWithinItsPeriod() throws Exception {
        String id = w.connect(jwt, ACCOUNT);
        String root = w.rootFolderId(jwt, id);
        w.awaitSyncQueueDrained(Duration.ofSeconds(60));
        switchNotifications(false);
        try {
            AdminFile file = w.userFile(ACCOUNT, root, "unnotified-" + user + ".txt");
            assertThat(google.notifications()).as("the emulator dropped the notifications")
                    .filteredOn(n -> w.channelsOf(id).stream().anyMatch(c -> c.channelId().equals(n.channelId())))
                    .noneMatch(n -> n.resourceState().equals("change") && n.delivered());
            Thread.sleep(3000);
            assertThat(w.changedFileIds(id)).as("nothing without a notification or the backstop").isEmpty();

            // the realtime backstop period (1 hour) has passed, and the 5-minute slot its due time is rounded to
            google.advanceClock(Duration.ofMinutes(66));
            JsonNode backstop = fire("ChangesBackstopFunction", "Poll");

            assertThat(backstop.path("enqueued").asInt()).isGreaterThanOrEqualTo(1);
            w.awaitEvent(ChangesWorld.filesChanged(id, file.id()), Duration.ofSeconds(120));
        } finally {
            switchNotifications(true);
        }
    }

    /** The emulator's switch (POST /admin/notifications) drops push notifications as if Google lost them. */
    void switchNotifications(boolean enabled) {
        HttpResponse<String> answer = w.send(HttpRequest.newBuilder(URI.create(w.cloud.google().baseUrl() + "admin/notifications"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + enabled + "}", StandardCharsets.UTF_8)).build());
        assertThat(answer.statusCode()).as("the emulator's notifications switch (POST /admin/notifications): "
                + answer.body()).isEqualTo(200);
    }
}
