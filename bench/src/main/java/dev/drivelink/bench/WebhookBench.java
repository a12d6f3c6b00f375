package dev.drivelink.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.adapters.aws.DynamoChannelStore;
import dev.drivelink.core.changes.ChannelSecrets;
import dev.drivelink.core.changes.ChannelState;
import dev.drivelink.core.changes.WatchChannel;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.emulator.EmulatorAdmin;
import dev.drivelink.emulator.NotificationRecord;
import dev.drivelink.localcloud.CloudTemplate;
import dev.drivelink.localcloud.FunctionProcess;
import dev.drivelink.localcloud.InvocationResult;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Change detection figures through local-cloud (see BENCHMARKS.md): the WebhookFunction's init and
 * first invocation (beside a Quarkus worker's), its warm latency through the Function URL (p50, p90,
 * p99, max) for a notification that queues work, one that fails its checks and a {@code sync}, and
 * the burst coalescing: 100 notifications from the emulator for one connection, counted in
 * changes.list runs. Prints figures; asserts nothing.
 *
 * <p>Options: {@code --requests N} (2000 per series), {@code --warmup N} (300), {@code --bursts N} (5),
 * {@code --inits N} (3).
 */
public final class WebhookBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "alice@example.com";

    final HttpClient http = HttpClient.newHttpClient();
    final int requests;
    final int warmup;
    final int bursts;
    final int inits;
    LocalCloud cloud;
    final List<String> readyLines = new ArrayList<>();

    WebhookBench(String[] args) {
        List<String> a = Arrays.asList(args);
        requests = intOption(a, "--requests", 2000);
        warmup = intOption(a, "--warmup", 300);
        bursts = intOption(a, "--bursts", 5);
        inits = intOption(a, "--inits", 3);
    }

    static int intOption(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : fallback;
    }

    public static void main(String[] args) throws Exception {
        new WebhookBench(args).run();
        System.exit(0);
    }

    void run() throws Exception {
        Path template = CloudTemplate.find();
        System.out.printf("load average at start: %s%n", loadAverage());
        cloud = LocalCloud.builder().templateFile(template).awsPort(0).gatewayPort(0).googlePort(0)
                .parameter("TokenRefreshSchedule", "rate(7 days)")
                .parameter("ChannelRenewalSchedule", "rate(7 days)")
                .parameter("ChangesBackstopSchedule", "rate(7 days)")
                .build().start();
        try {
            initFigures();
            String connectionId = connect();
            latencyFigures(connectionId);
            burstFigures(connectionId);
        } finally {
            System.out.printf("load average at end: %s%n", loadAverage());
            cloud.close();
        }
    }

    // ---- init ----------------------------------------------------------------------------------------

    void initFigures() throws Exception {
        System.out.println();
        System.out.println("| function | runtime | init (start to ready), median of " + inits + " | first invocation |");
        System.out.println("| --- | --- | --- | --- |");
        String sync = functionUrlEvent("sync", UUID.randomUUID().toString(), "t", "r", "1");
        initRow("WebhookFunction", "plain Java handler", sync);
        initRow("ChangesWorkerFunction", "Quarkus (workers module)", "{\"Records\":[]}");
        readyLines.forEach(l -> System.out.println("    WebhookFunction: " + l));
    }

    void initRow(String function, String kind, String event) throws Exception {
        List<Long> init = new ArrayList<>();
        List<Long> first = new ArrayList<>();
        for (int i = 0; i < inits; i++) {
            Path dir = Files.createTempDirectory("bench-init-");
            try (FunctionProcess process = FunctionProcess.fromStack(cloud.stack(), function).workDir(dir).build()) {
                long started = System.nanoTime();
                process.start();
                if (!process.awaitReady(Duration.ofSeconds(60))) {
                    throw new IllegalStateException(function + " did not start");
                }
                init.add((System.nanoTime() - started) / 1_000_000);
                long invoked = System.nanoTime();
                InvocationResult result = process.invoke(event);
                first.add((System.nanoTime() - invoked) / 1_000_000);
                if (result.isError()) {
                    throw new IllegalStateException(function + ": " + result);
                }
                process.logs().stream().filter(l -> l.contains("webhook ready")).findFirst()
                        .ifPresent(l -> readyLines.add(l.replaceAll(".*\"message\":\"([^\"]*)\".*", "$1")));
            }
        }
        System.out.printf("| %s | %s | %d ms (%s) | %d ms (%s) |%n", function, kind, median(init), init, median(first), first);
    }

    // ---- warm latency through the Function URL ------------------------------------------------------

    void latencyFigures(String connectionId) throws Exception {
        String token = ChannelSecrets.newToken();
        Instant now = Instant.now();
        WatchChannel channel = new WatchChannel(UUID.randomUUID().toString(), connectionId, "bench-user",
                "bench-resource", ChannelSecrets.hash(token), now.plus(Duration.ofDays(1)), "1", ChannelState.ACTIVE, 0,
                now, null);
        new DynamoChannelStore(cloud.aws().dynamoDb(), cloud.stack().ref("DriveLinkTable")).save(channel);
        long number = 1;
        for (int i = 0; i < warmup; i++) {
            post(channel.channelId(), token, channel.resourceId(), "change", Long.toString(++number));
        }
        System.out.println();
        System.out.println("| notification (" + requests + " sequential POSTs, after " + warmup + " warm-up) | p50 | p90 | p99 | max |");
        System.out.println("| --- | --- | --- | --- | --- |");
        long[] queued = new long[requests];
        for (int i = 0; i < requests; i++) {
            queued[i] = post(channel.channelId(), token, channel.resourceId(), "change", Long.toString(++number));
        }
        row("change, one channel: its window's request already sent (checked in memory, no AWS call but the window's first)", queued);
        firstOfWindowRow(token, now);
        long[] forged = new long[requests];
        for (int i = 0; i < requests; i++) {
            forged[i] = post(channel.channelId(), "forged-" + i, channel.resourceId(), "change", Long.toString(++number));
        }
        row("change, wrong token (UpdateItem refused)", forged);
        long[] sync = new long[requests];
        for (int i = 0; i < requests; i++) {
            sync[i] = post(channel.channelId(), token, channel.resourceId(), "sync", "1");
        }
        row("sync (no AWS call: local-cloud's Function URL and Lambda runtime alone)", sync);

        // the same two AWS calls made directly from this JVM: what moto itself takes
        var store = new DynamoChannelStore(cloud.aws().dynamoDb(), cloud.stack().ref("DriveLinkTable"));
        long[] update = new long[requests];
        for (int i = 0; i < requests; i++) {
            long started = System.nanoTime();
            store.acceptNotification(channel.channelId(), channel.tokenHash(), channel.resourceId(), ++number, Instant.now());
            update[i] = (System.nanoTime() - started) / 1000;
        }
        row("moto alone: the conditional UpdateItem", update);
        var sqs = cloud.aws().sqs();
        String queue = sqs.createQueue(r -> r.queueName("bench-latency.fifo").attributesWithStrings(
                java.util.Map.of("FifoQueue", "true"))).queueUrl();
        long[] send = new long[requests];
        for (int i = 0; i < requests; i++) {
            if (i % 20 == 0) {
                sqs.purgeQueue(r -> r.queueUrl(queue)); // a queue as short as the changes queue (moto scans it on send)
            }
            String dedup = "bench-" + i;
            long started = System.nanoTime();
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"bench\":true}").messageGroupId("bench")
                    .messageDeduplicationId(dedup));
            send[i] = (System.nanoTime() - started) / 1000;
        }
        row("moto alone: SendMessage (FIFO)", send);
        sqs.deleteQueue(r -> r.queueUrl(queue));
    }

    /**
     * Every notification the first of its window: one channel per request, each of its own connection id,
     * so each takes the conditional UpdateItem and the SendMessage. The changes worker is kept off meanwhile
     * (the connections do not exist) and the queue emptied after.
     */
    void firstOfWindowRow(String token, Instant now) throws Exception {
        var store = new DynamoChannelStore(cloud.aws().dynamoDb(), cloud.stack().ref("DriveLinkTable"));
        List<WatchChannel> fresh = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            WatchChannel c = new WatchChannel(UUID.randomUUID().toString(), "bench-window-" + UUID.randomUUID(), "bench-user",
                    "bench-resource", ChannelSecrets.hash(token), now.plus(Duration.ofDays(1)), "1", ChannelState.ACTIVE, 0,
                    now, null);
            store.save(c);
            fresh.add(c);
        }
        cloud.eventSources().setSqsMappingsEnabled("ChangesWorkerFunction", false);
        try {
            long[] first = new long[requests];
            String changesQueue = cloud.stack().ref("ChangesQueue");
            for (int i = 0; i < requests; i++) {
                if (i % 20 == 0) {
                    // kept as short as a changes queue the worker drains (moto scans a FIFO queue on send)
                    cloud.aws().sqs().purgeQueue(r -> r.queueUrl(changesQueue));
                }
                WatchChannel c = fresh.get(i);
                first[i] = post(c.channelId(), token, c.resourceId(), "change", "2");
            }
            row("change, each the first of its window (conditional UpdateItem + SendMessage)", first);
        } finally {
            cloud.aws().sqs().purgeQueue(r -> r.queueUrl(cloud.stack().ref("ChangesQueue")));
            cloud.eventSources().setSqsMappingsEnabled("ChangesWorkerFunction", true);
        }
    }

    long post(String channelId, String token, String resourceId, String state, String number) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cloud.functionUrls().get("WebhookFunction").url()))
                .header("X-Goog-Channel-ID", channelId).header("X-Goog-Channel-Token", token)
                .header("X-Goog-Resource-ID", resourceId).header("X-Goog-Resource-State", state)
                .header("X-Goog-Message-Number", number)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        long started = System.nanoTime();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        long micros = (System.nanoTime() - started) / 1000;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the webhook answered " + response.statusCode());
        }
        return micros;
    }

    static void row(String name, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", name, pct(sorted, 0.50) / 1000.0,
                pct(sorted, 0.90) / 1000.0, pct(sorted, 0.99) / 1000.0, sorted[sorted.length - 1] / 1000.0);
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    // ---- burst coalescing ---------------------------------------------------------------------------

    void burstFigures(String connectionId) throws Exception {
        EmulatorAdmin google = cloud.google().admin();
        String root = JSON.readTree(get("/drive/connections/" + connectionId)).at("/rootFolder/id").asText();
        AdminFile file = google.createFile(ACCOUNT, root, "burst.txt", "text/plain", "0".getBytes(StandardCharsets.UTF_8));
        google.pick(file.id(), LocalCloud.GOOGLE_CLIENT_ID);
        System.out.println();
        System.out.println("| burst | 100 notifications delivered within | changes.list runs |");
        System.out.println("| --- | --- | --- |");
        for (int b = 1; b <= bursts; b++) {
            awaitQuiet();
            long lists = google.requestCount("GET /drive/v3/changes");
            long before = changeNotifications(google).size();
            for (int i = 0; i < 100; i++) {
                google.updateContent(file.id(), ("burst " + b + " edit " + i).getBytes(StandardCharsets.UTF_8));
            }
            List<NotificationRecord> sent = awaitDelivered(google, before + 100);
            awaitQuiet();
            List<NotificationRecord> burst = sent.subList(sent.size() - 100, sent.size());
            long span = Duration.between(burst.get(0).attempts().get(0).at(),
                    burst.get(99).attempts().get(burst.get(99).attempts().size() - 1).at()).toMillis();
            System.out.printf("| %d | %d ms | %d |%n", b, span, google.requestCount("GET /drive/v3/changes") - lists);
        }
    }

    List<NotificationRecord> changeNotifications(EmulatorAdmin google) {
        return google.notifications().stream().filter(n -> n.resourceState().equals("change")).toList();
    }

    List<NotificationRecord> awaitDelivered(EmulatorAdmin google, long count) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(giveUp)) {
            List<NotificationRecord> sent = changeNotifications(google);
            if (sent.size() >= count && sent.stream().allMatch(NotificationRecord::delivered)) {
                return sent;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the emulator did not deliver the burst");
    }

    void awaitQuiet() throws InterruptedException {
        String queue = cloud.stack().ref("ChangesQueue");
        int quiet = 0;
        Instant giveUp = Instant.now().plusSeconds(120);
        while (quiet < 10 && Instant.now().isBefore(giveUp)) {
            var a = cloud.aws().sqs().getQueueAttributes(r -> r.queueUrl(queue).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
            boolean empty = "0".equals(a.get("ApproximateNumberOfMessages")) && "0".equals(a.get("ApproximateNumberOfMessagesNotVisible"));
            quiet = empty ? quiet + 1 : 0;
            Thread.sleep(200);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    String connect() throws Exception {
        String jwt = cloud.signIn("bench-user");
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(cloud.gatewayUrl() + "/drive/auth-url"))
                .header("Authorization", "Bearer " + jwt).GET().build(), HttpResponse.BodyHandlers.ofString());
        String authUrl = JSON.readTree(started.body()).get("url").asText();
        // the browser that starts the flow brings its consent cookie back to the callback
        String cookie = String.join("; ", started.headers().allValues("set-cookie").stream()
                .map(c -> c.split(";", 2)[0]).toList());
        URI callback = new ConsentBrowser().allow(authUrl, ACCOUNT);
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(callback).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String location = back.headers().firstValue("Location").orElseThrow();
        return ConsentBrowser.query(URI.create(location)).get("connectionId");
    }

    String jwt;

    String get(String path) throws Exception {
        return get(path, jwt == null ? (jwt = cloud.signIn("bench-user")) : jwt);
    }

    String get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cloud.gatewayUrl() + path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String functionUrlEvent(String state, String channelId, String token, String resource, String number) {
        var event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", "/");
        var headers = event.putObject("headers");
        headers.put("x-goog-channel-id", channelId);
        headers.put("x-goog-channel-token", token);
        headers.put("x-goog-resource-id", resource);
        headers.put("x-goog-resource-state", state);
        headers.put("x-goog-message-number", number);
        event.putObject("requestContext").putObject("http").put("method", "POST");
        return event.toString();
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        return sorted.get(sorted.size() / 2);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim() + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
