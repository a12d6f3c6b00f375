package dev.drivelink.core.sync.intake;

/**
 * One SQS message as a worker got it.
 *
 * @param group the FIFO message group (null on a standard queue)
 */
public record QueueMessage(String id, String body, int receiveCount, String group) {
}
