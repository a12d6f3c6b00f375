package dev.drivelink.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use while something runs, three (four) ways: the highest heap "used" seen by a thread sampling every
 * 5 ms (garbage included: with a small -Xmx this rises until the collector runs), the sum of the heap
 * pools' peak usage (MemoryPoolMXBean), and the largest heap left after any collection (the live set:
 * what the code actually holds on to, which is what must not grow with the file size).
 */
public final class HeapSampler implements AutoCloseable {

    private final AtomicLong peakSampled = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong peakLive = new AtomicLong();
    private final List<Runnable> unregister = new ArrayList<>();
    private final Thread sampler;
    private final Thread forcer;
    private volatile boolean running = true;

    /**
     * @param forceGcEvery when positive, a second thread runs System.gc() this often and records the heap
     *                     used right after it: the live set at regular moments, whatever the collector's
     *                     own timing (costs a few ms per collection on a small heap)
     */
    public HeapSampler(Duration forceGcEvery) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        NotificationListener listener = this::onGc;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (Exception ignored) {
                        // gone
                    }
                });
            }
        }
        sampler = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running) {
                peakSampled.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        if (!forceGcEvery.isZero()) {
            forcer = new Thread(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (running) {
                    try {
                        Thread.sleep(forceGcEvery.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.gc();
                    peakLive.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                }
            }, "heap-live");
            forcer.setDaemon(true);
            forcer.start();
        } else {
            forcer = null;
        }
    }

    private void onGc(Notification notification, Object handback) {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long after = 0;
        for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
            after += usage.getUsed();
        }
        // non-heap pools (Metaspace, code cache) are in the map too: take the heap ones only
        long nonHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.NON_HEAP) {
                MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                if (u != null) {
                    nonHeap += u.getUsed();
                }
            }
        }
        peakAfterGc.accumulateAndGet(after - nonHeap, Math::max);
        collections.incrementAndGet();
    }

    public record Figures(long peakSampled, long poolPeaks, long peakAfterGc, long peakLive, long collections, long maxHeap) {
    }

    public Figures stop() {
        running = false;
        sampler.interrupt();
        if (forcer != null) {
            forcer.interrupt();
        }
        try {
            sampler.join(1000);
            if (forcer != null) {
                forcer.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        peakSampled.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        return new Figures(peakSampled.get(), poolPeaks, peakAfterGc.get(), peakLive.get(), collections.get(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        unregister.forEach(Runnable::run);
    }
}
