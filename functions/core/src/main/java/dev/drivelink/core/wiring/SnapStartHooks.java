package dev.drivelink.core.wiring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * Lambda SnapStart runs a function from a snapshot of its initialized JVM, in many environments at
 * once. What was random or time-based at init must be renewed after a restore: this resource is
 * registered with the CRaC runtime hooks Lambda calls ({@code org.crac}; outside SnapStart they are never
 * called) and runs what the wiring asked for. The global context holds resources weakly: the owner keeps
 * a reference to this object.
 */
final class SnapStartHooks implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartHooks.class);

    private final List<Runnable> afterRestore = new CopyOnWriteArrayList<>();

    static SnapStartHooks register() {
        SnapStartHooks hooks = new SnapStartHooks();
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    void onRestore(Runnable action) {
        afterRestore.add(action);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // nothing to close: what init prepared (see Preparation) holds AWS clients but no open connection
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("restored from a snapshot: renewing seeds and clock readings");
        afterRestore.forEach(Runnable::run);
    }
}
