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
    void anUploadsChunksTakeNoRateSlotButStillCountInFlight() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Pace pace = new Pace(new Pace.Settings(10, 2), now::get, now::addAndGet);
        pace.acquire(); // an API call takes the first slot
        pace.release();
        long before = now.get();
        for (int i = 0; i < 25; i++) { // 25 chunks of one session: 200 MiB at 8 MiB
            pace.acquireTransfer();
            pace.release();
        }
        assertThat(now.get()).as("chunks are not spaced").isEqualTo(before);
        pace.acquire();
        pace.release();
        assertThat(now.get() - before).as("the next API call waits only for its own slot")
                .isBetween(99_000_000L, 100_000_000L);

        pace.acquireTransfer();
        pace.acquireTransfer();
        Thread blocked = new Thread(pace::acquireTransfer);
        blocked.start();
        try {
            blocked.join(200);
            assertThat(blocked.isAlive()).as("a third chunk in flight waits for a place").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            pace.release();
        }
        try {
            blocked.join(5_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(blocked.isAlive()).isFalse();
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
