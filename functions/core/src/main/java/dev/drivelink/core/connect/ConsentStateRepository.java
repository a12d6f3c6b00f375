package dev.drivelink.core.connect;

import java.util.Optional;

/** Port: pending consents, keyed by their state value. */
public interface ConsentStateRepository {

    void put(ConsentState state);

    /** Removes and returns the state in one step, so a state can be used only once. */
    Optional<ConsentState> consume(String state);
}
