package dev.drivelink.core.changes;

/**
 * Port: where a run hands its changes on (the sync engine, later; today {@link ChangeLog}). The cursor
 * moves only after {@link #accept} returned; a failure leaves it where it was, so the retry hands the
 * same changes on again under the same sequence number: a sink must take a repeat as the same batch.
 */
public interface ChangeSink {

    void accept(ChangeBatch batch);
}
