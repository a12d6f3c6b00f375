package dev.drivelink.core.sync.intake;

/** Port: a dead-letter queue that keeps a message that can never succeed, with why. */
public interface DeadLetters {

    /**
     * @param group the message group on a FIFO dead-letter queue (the connection; ignored otherwise)
     * @throws RuntimeException when the queue did not take it (the message is then delivered again)
     */
    void deadLetter(String body, String reason, String originalMessageId, String group);
}
