package dev.drivelink.emulator;

import dev.drivelink.emulator.Model.Change;
import dev.drivelink.emulator.Model.Channel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Delivers changes.watch notifications: POSTs with an empty body and the X-Goog-* headers, a {@code sync} message
 * first (number 1), then {@code change} messages with rising, non-consecutive numbers. 5xx answers and connection
 * failures are retried with exponential backoff; nothing is sent after the channel expires or is stopped.
 * Switched off ({@link #setEnabled}), every notification is dropped instead (recorded, never POSTed), as if Google
 * had lost it: changes.list still has the change.
 */
final class Notifier implements AutoCloseable {
    private static final DateTimeFormatter RFC1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final EmulatorState state;
    private final Duration retryBase;
    private final int maxAttempts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // One delivery thread: notifications leave in order (a retry waits its backoff without blocking others).
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "google-emulator-notifier");
        t.setDaemon(true);
        return t;
    });
    private final List<Delivery> sent = new CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;

    /** Mutable delivery state; snapshots become NotificationRecords. */
    private static final class Delivery {
        final String channelId;
        final String resourceState;
        final long number;
        final String address;
        final List<NotificationRecord.Attempt> attempts = new ArrayList<>();
        boolean delivered;
        boolean dropped;

        Delivery(String channelId, String resourceState, long number, String address) {
            this.channelId = channelId;
            this.resourceState = resourceState;
            this.number = number;
            this.address = address;
        }

        synchronized void drop() {
            dropped = true;
        }

        synchronized NotificationRecord snapshot() {
            return new NotificationRecord(channelId, resourceState, number, address, List.copyOf(attempts), delivered,
                    dropped);
        }
    }

    Notifier(EmulatorState state, Duration retryBase, int maxAttempts) {
        this.state = state;
        this.retryBase = retryBase;
        this.maxAttempts = maxAttempts;
    }

    /** Called under the state lock for each change: queue a notification for every live matching channel. */
    void onChange(Change change) {
        for (Channel channel : state.channels.values()) {
            if (channel.stopped || !channel.owner.equals(change.owner)) {
                continue;
            }
            if (channel.fileScopeOnly && !change.appIds.contains(channel.clientId)) {
                Model.DriveFile file = state.files.get(change.fileId);
                if (file == null || !file.appIds.contains(channel.clientId)) {
                    continue;
                }
            }
            if (!state.now().isBefore(channel.expiration)) {
                channel.stopped = true;
                continue;
            }
            channel.lastMessageNumber += 1 + ThreadLocalRandom.current().nextInt(1, 8);
            send(channel, "change", channel.lastMessageNumber);
        }
    }

    void sync(Channel channel) {
        channel.lastMessageNumber = 1;
        send(channel, "sync", 1);
    }

    /** Switches push notifications on or off; off, each one is dropped (pending retries included). */
    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    private void send(Channel channel, String resourceState, long number) {
        Delivery delivery = new Delivery(channel.id, resourceState, number, channel.address);
        sent.add(delivery);
        if (!enabled) {
            delivery.drop();
            return;
        }
        executor.execute(() -> attempt(channel, delivery, 1));
    }

    private void attempt(Channel channel, Delivery delivery, int attemptNo) {
        if (!enabled) {
            delivery.drop();
            return;
        }
        String resourceState = delivery.resourceState;
        long number = delivery.number;
        synchronized (state) {
            // stopped, expired, or forgotten (admin reset, or the id reused for a new channel): nothing more to send
            if (channel.stopped || !state.now().isBefore(channel.expiration) || state.channels.get(channel.id) != channel) {
                return;
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(channel.address))
                .timeout(Duration.ofSeconds(10))
                .header("X-Goog-Channel-ID", channel.id)
                .header("X-Goog-Channel-Expiration", RFC1123.format(channel.expiration))
                .header("X-Goog-Resource-State", resourceState)
                .header("X-Goog-Message-Number", Long.toString(number))
                .header("X-Goog-Resource-ID", channel.resourceId)
                .header("X-Goog-Resource-URI", channel.resourceUri)
                .header("User-Agent", "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)")
                .POST(HttpRequest.BodyPublishers.noBody());
        if (channel.token != null) {
            request.header("X-Goog-Channel-Token", channel.token);
        }
        int status = 0;
        String error = null;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            error = e.toString();
        }
        boolean delivered = status >= 200 && status < 300;
        synchronized (delivery) {
            delivery.attempts.add(new NotificationRecord.Attempt(Instant.now(), status, error));
            delivery.delivered = delivered;
        }
        boolean retry = !delivered && (status == 0 || status >= 500 || status == 429) && attemptNo < maxAttempts;
        if (retry && !executor.isShutdown()) {
            long delay = retryBase.toMillis() * (1L << (attemptNo - 1));
            delay += ThreadLocalRandom.current().nextLong(Math.max(1, delay / 4));
            executor.schedule(() -> attempt(channel, delivery, attemptNo + 1),
                    delay, TimeUnit.MILLISECONDS);
        }
    }

    List<NotificationRecord> sent() {
        List<NotificationRecord> out = new ArrayList<>();
        for (Delivery d : sent) {
            out.add(d.snapshot());
        }
        return out;
    }

    void clear() {
        sent.clear();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
