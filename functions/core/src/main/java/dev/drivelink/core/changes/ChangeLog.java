package dev.drivelink.core.changes;

import dev.drivelink.core.events.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands changes on until the sync engine does: records them in the connection's change log (items
 * with a TTL) and publishes them as {@code Drive Files Changed} events, in parts of at most
 * {@value #PART_SIZE} changes (an event must stay under EventBridge's 256 KiB). A part that cannot be
 * recorded or published fails the run, so the cursor stays; a repeat lands on the same log items and
 * carries the same {@code sequence}/{@code part}, by which a subscriber recognizes it.
 */
public final class ChangeLog implements ChangeSink {

    public static final String FILES_CHANGED = "Drive Files Changed";
    static final int PART_SIZE = 100;

    private final ChangeLogStore store;
    private final EventPublisher events;
    private final Clock clock;
    private final Duration ttl;

    public ChangeLog(ChangeLogStore store, EventPublisher events, Clock clock, Duration ttl) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public void accept(ChangeBatch batch) {
        List<FileChange> changes = batch.changes();
        int parts = Math.max(1, (changes.size() + PART_SIZE - 1) / PART_SIZE);
        Instant now = clock.instant();
        for (int part = 0; part < parts; part++) {
            store.record(batch, part, parts, slice(changes, part), now, now.plus(ttl));
        }
        for (int part = 0; part < parts; part++) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("connectionId", batch.connectionId());
            detail.put("userId", batch.userId());
            detail.put("sequence", batch.sequence());
            detail.put("part", part + 1);
            detail.put("parts", parts);
            detail.put("changes", slice(changes, part).stream().map(FileChange::asMap).toList());
            events.publishRequired(FILES_CHANGED, "connection:" + batch.connectionId(), detail);
        }
    }

    private static List<FileChange> slice(List<FileChange> changes, int part) {
        return changes.subList(Math.min(changes.size(), part * PART_SIZE), Math.min(changes.size(), (part + 1) * PART_SIZE));
    }
}
