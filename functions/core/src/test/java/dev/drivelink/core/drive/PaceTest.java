package dev.drivelink.core.drive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PaceTest {

    @Test
    void requestsAreSpacedToTheRate() {
        AtomicLong now = new AtomicLong(1_000_000_000L); // virtual nanoseconds: sleeping moves them
        Pace pace = new Pace(new Pace.Settings(10, 8), now::get, now::addAndGet);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            pace.acquire();
            starts.add(now.get());
            pace.release();
        }
        long spanMillis = (starts.get(20) - starts.get(0)) / 1_000_000;
        assertThat(spanMillis).as("21 requests at 10/s span 2 s").isBetween(1990L, 2010L);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).isGreaterThanOrEqualTo(99_000_000L);
        }
    }

    @Test
    void noMoreThanTheCapAreInFlight() throws Exception {
        Pace pace = Pace.realTime(new Pace.Settings(10_000, 3));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(12);
        for (int i = 0; i < 12; i++) {
            new Thread(() -> {
                pace.acquire();
                try {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.sleep(20);
                    inFlight.decrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    pace.release();
                    done.countDown();
                }
            }).start();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isEqualTo(3);
    }
}
