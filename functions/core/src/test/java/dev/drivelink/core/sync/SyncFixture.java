package dev.drivelink.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.emulator.AdminFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Shared pieces of the sync control plane tests. */
final class SyncFixture {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A sync request as it arrived on the FIFO queue. */
    record Received(JsonNode body, String groupId) {
    }

    private final TestWorld world;
    private final List<Received> seen = new ArrayList<>();

    SyncFixture(TestWorld world) {
        this.world = world;
    }

    /** The core as a Lambda of this stack with the sync queue configured. */
    DriveLink driveLink() {
        return world.driveLinkWith(world.configWith(Map.of("DRIVELINK_SYNC_QUEUE_URL", world.stack.ref("SyncQueue"))));
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static void problem(ThrowingCallable call, ErrorKind kind, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, p -> {
            assertThat(p.code()).as(p.detail()).isEqualTo(code);
            assertThat(p.kind()).as(p.detail()).isEqualTo(kind);
            assertThat(p.detail()).isNotBlank();
        });
    }

    /** A folder of the account that the test app may see (as if the user picked it). */
    AdminFile pickedFolder(String account, String name) {
        var admin = world.google.admin();
        AdminFile folder = admin.createFolder(account, admin.account(account).rootFolderId(), name);
        admin.pick(folder.id(), TestWorld.CLIENT_ID);
        return folder;
    }

    /** Waits up to 5 s for a sync request matching {@code match} on the stack's sync queue. */
    Received awaitRequest(Predicate<Received> match) {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(5));
        do {
            for (Received r : requests()) {
                if (match.test(r)) {
                    return r;
                }
            }
        } while (Instant.now().isBefore(giveUp));
        throw new AssertionError("no matching sync request; seen " + seen);
    }

    /** Every sync request received so far. */
    synchronized List<Received> requests() {
        var sqs = world.stack.aws().sqs();
        String url = world.stack.ref("SyncQueue");
        var messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
        for (var m : messages) {
            seen.add(new Received(json(m.body()), m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)));
            sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
        return List.copyOf(seen);
    }
}
