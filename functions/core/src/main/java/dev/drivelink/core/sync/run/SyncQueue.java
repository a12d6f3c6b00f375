package dev.drivelink.core.sync.run;

/** Port: the sync queue (SQS FIFO: message group = connection id, deduplication id = request id). */
public interface SyncQueue {

    void enqueue(SyncRequest request);
}
