package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.DynamoChangeStore;
import dev.drivelink.core.adapters.aws.DynamoChannelStore;
import dev.drivelink.core.adapters.aws.SqsChangesQueue;
import dev.drivelink.core.changes.ChangeDetectionHooks;
import dev.drivelink.core.changes.ChangeFeed;
import dev.drivelink.core.changes.ChangeLog;
import dev.drivelink.core.changes.ChangeSink;
import dev.drivelink.core.sync.run.SyncReason;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.changes.ChangesBackstop;
import dev.drivelink.core.changes.ChangesBatch;
import dev.drivelink.core.changes.ChannelRenewal;
import dev.drivelink.core.changes.RootFolderHealth;
import dev.drivelink.core.changes.ChangesQueue;
import dev.drivelink.core.changes.WatchChannels;

/**
 * Change detection: watch channels (opened on connect, stopped on revoke, renewed on a schedule), the
 * changes worker's batch, and the polling backstop. The webhook does not use this (see
 * {@link WebhookFeature}: it needs no Drive, no keys, no configuration mapping).
 */
public final class ChangesFeature {

    private final Lazy<DynamoChannelStore> channelStore;
    private final Lazy<DynamoChangeStore> changeStore;
    private final Lazy<ChangesQueue> queue;
    private final Lazy<WatchChannels> channels;
    private final Lazy<ChangeFeed> feed;
    private final Lazy<ChangeDetectionHooks> hooks;
    private final Lazy<ChangesBatch> batch;
    private final Lazy<ChannelRenewal> renewal;
    private final Lazy<ChangesBackstop> backstop;

    public ChangesFeature(Infrastructure infra) {
        var config = infra.config().changes();
        String table = infra.config().table();
        this.channelStore = Lazy.of(() -> new DynamoChannelStore(infra.aws().dynamo(), table));
        this.changeStore = Lazy.of(() -> new DynamoChangeStore(infra.aws().dynamo(), table));
        this.queue = Lazy.of(() -> new SqsChangesQueue(infra.aws().sqs(), config.queueUrl().orElse(null),
                config.deadLetterQueueUrl().orElse(null)));
        this.channels = Lazy.of(() -> new WatchChannels(channelStore.get(), config.webhookUrl(), config.channelLifetime(),
                infra.clock()));
        this.feed = Lazy.of(() -> new ChangeFeed(infra.connections(), changeStore.get(), infra.drive(),
                handOn(infra, new ChangeLog(changeStore.get(), infra.publisher(), infra.clock(), config.logTtl())),
                changeStore.get(),
                new RootFolderHealth(infra.connections(), infra.publisher(), infra.clock()), channels.get(), infra.clock(),
                new ChangeFeed.Settings(config.pageSize(), config.maxPagesPerRun(), config.realtimeBackstop())));
        this.hooks = Lazy.of(() -> new ChangeDetectionHooks(feed.get(), channels.get(), changeStore.get(), infra.drive(),
                infra.connections(), infra.clock()));
        this.batch = Lazy.of(() -> new ChangesBatch(feed.get(), queue.get(), infra.clock(), config.coalesceWindow()));
        this.renewal = Lazy.of(() -> new ChannelRenewal(channelStore.get(), channels.get(), changeStore.get(),
                infra.connections(), infra.drive(), config.renewBefore()));
        this.backstop = Lazy.of(() -> new ChangesBackstop(changeStore.get(), queue.get()));
    }

    /**
     * Where a changes run hands its changes on: the change log (and its events), then one sync request
     * for the connection's projects ({@code drive_changes}) when the run saw any change and a sync queue
     * is configured. A failed send fails the run, so the cursor stays and the retry asks again.
     */
    private static ChangeSink handOn(Infrastructure infra, ChangeLog log) {
        return batch -> {
            log.accept(batch);
            if (!batch.changes().isEmpty() && infra.hasSyncQueue()) {
                infra.syncQueue().enqueue(SyncRequest.of(batch.connectionId(), batch.userId(), null,
                        SyncReason.DRIVE_CHANGES, null, infra.clock().instant()));
            }
        };
    }

    /** What connecting and revoking do for change detection (given to the connection feature). */
    public ChangeDetectionHooks hooks() {
        return hooks.get();
    }

    /** A connection Google revoked (refresh refused): its channels are marked stopped. */
    public void revoked(String connectionId) {
        hooks.get().revoked(connectionId);
    }

    public ChangesBatch batch() {
        return batch.get();
    }

    public ChannelRenewal renewal() {
        return renewal.get();
    }

    public ChangesBackstop backstop() {
        return backstop.get();
    }

    public ChangeFeed feed() {
        return feed.get();
    }

    public WatchChannels channels() {
        return channels.get();
    }

    public DynamoChannelStore channelStore() {
        return channelStore.get();
    }

    public DynamoChangeStore changeStore() {
        return changeStore.get();
    }
}
