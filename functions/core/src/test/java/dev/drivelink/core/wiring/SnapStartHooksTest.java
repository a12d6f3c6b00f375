package dev.drivelink.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The restore hook runs what the wiring registered (Lambda calls afterRestore; here the test does). */
class SnapStartHooksTest {

    @Test
    void afterRestoreRunsEveryRegisteredAction() {
        SnapStartHooks hooks = SnapStartHooks.register();
        AtomicInteger ran = new AtomicInteger();
        hooks.onRestore(ran::incrementAndGet);
        hooks.onRestore(ran::incrementAndGet);

        hooks.afterRestore((org.crac.Context<? extends org.crac.Resource>) null);

        assertThat(ran.get()).isEqualTo(2);
    }
}
