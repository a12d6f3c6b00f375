package dev.drivelink.localcloud;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The event sources the template attaches to functions, run as Lambda runs them: Schedule events
 * (EventBridge rules: a "Scheduled Event", or the rule's constant Input, at each rate/cron firing)
 * and SQS event source mappings (long-polling pollers, batches up to BatchSize within
 * MaximumBatchingWindowInSeconds, delete on success, ReportBatchItemFailures for partial failures;
 * failed messages come back after the queue's visibility timeout and the queue's RedrivePolicy moves
 * them to the dead-letter queue after maxReceiveCount, as in AWS).
 *
 * <p>At most {@code ScalingConfig.MaximumConcurrency} invocations of a mapping run at once (and no more
 * than the function's local concurrency, capped at 5). FIFO queues: SQS hands out a message group's
 * messages in order and none of a group while some of it is in flight, so a group is never in two
 * batches at once; failed messages block their group until they come back. A mapping AWS would refuse
 * is refused here too: a queue visibility timeout below the function timeout (a slow batch would be
 * delivered twice, and a FIFO group processed twice at once), a batching window or a batch size over
 * 10 on a FIFO queue, a batch size over 10 without a batching window, MaximumConcurrency outside 2-1000.
 */
public final class EventSources implements AutoCloseable {

    /** A Schedule event of a function, with its next firing. */
    public record Rule(String functionLogicalId, String eventName, ScheduleExpression expression, String ruleArn,
            Object input) {
    }

    /** An SQS event source mapping; {@code maximumConcurrency} 0 when the template sets none. */
    public record SqsMapping(String functionLogicalId, String eventName, String queueArn, String queueUrl,
            CloudTemplate.SqsEvent event, int maximumConcurrency) {

        public boolean fifo() {
            return queueArn.endsWith(".fifo");
        }
    }

    /** The most pollers (so concurrent invocations) one mapping runs locally. */
    static final int MAX_LOCAL_POLLERS = 5;

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** One lock per FIFO queue URL: its receives happen one at a time (see {@link #receive}). */
    private static final Map<String, Object> FIFO_RECEIVES = new ConcurrentHashMap<>();
    private static final long FIFO_EMPTY_PAUSE_MILLIS = 200;

    private final Stack stack;
    private final Function<String, FunctionProcess> functions;
    private final Consumer<String> log;
    private final List<Rule> rules = new ArrayList<>();
    private final List<SqsMapping> mappings = new ArrayList<>();
    private final Map<String, Instant> nextFirings = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final ExecutorService workers;
    private final List<Thread> pollers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    /** Functions whose SQS mappings are disabled (as UpdateEventSourceMapping Enabled=false): messages wait. */
    private final java.util.Set<String> disabled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final SqsClient sqs;

    public EventSources(Stack stack, Function<String, FunctionProcess> functions, Consumer<String> log) {
        this.stack = stack;
        this.functions = functions;
        this.log = log == null ? line -> { } : log;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "schedules"));
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "schedule-invocation"));
        this.sqs = stack.template().functions().stream().anyMatch(f -> !f.sqsEvents().isEmpty()) ? stack.aws().sqs() : null;
        try {
            readEventSources();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void readEventSources() {
        for (CloudTemplate.Function function : stack.template().functions()) {
            for (CloudTemplate.ScheduleEvent event : function.scheduleEvents()) {
                if (!event.enabled()) {
                    continue;
                }
                ScheduleExpression expression;
                try {
                    expression = ScheduleExpression.parse(stack.resolveString(event.schedule()));
                } catch (RuntimeException e) {
                    log.accept("schedule " + function.logicalId() + "/" + event.name() + " not run locally: "
                            + e.getMessage());
                    continue;
                }
                String ruleArn = "arn:aws:events:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":rule/"
                        + stack.name() + "-" + function.logicalId() + "-" + event.name();
                rules.add(new Rule(function.logicalId(), event.name(), expression, ruleArn,
                        event.input() == null ? null : stack.resolve(event.input())));
            }
            for (CloudTemplate.SqsEvent event : function.sqsEvents()) {
                if (!event.enabled()) {
                    continue;
                }
                String arn = stack.resolveString(event.queue());
                Object max = CloudTemplate.map(stack.resolve(event.properties().get("ScalingConfig"))).get("MaximumConcurrency");
                SqsMapping mapping = new SqsMapping(function.logicalId(), event.name(), arn, queueUrl(arn), event,
                        max == null ? 0 : Integer.parseInt(String.valueOf(max).trim()));
                check(mapping);
                mappings.add(mapping);
            }
        }
    }

    /** Refuses what CreateEventSourceMapping refuses, before anything polls. */
    private void check(SqsMapping mapping) {
        String name = mapping.functionLogicalId() + "." + mapping.eventName();
        CloudTemplate.SqsEvent event = mapping.event();
        boolean window = event.properties().get("MaximumBatchingWindowInSeconds") != null
                && event.maximumBatchingWindowInSeconds() > 0;
        if (mapping.fifo() && window) {
            throw new IllegalArgumentException(name + ": a batching window is not supported for FIFO queues");
        }
        if (mapping.fifo() && event.batchSize() > 10) {
            throw new IllegalArgumentException(name + ": BatchSize is at most 10 for a FIFO queue");
        }
        if (event.batchSize() < 1 || event.batchSize() > 10_000 || (event.batchSize() > 10 && !window)) {
            throw new IllegalArgumentException(name + ": BatchSize must be 1-10, or up to 10000 with a batching window");
        }
        if (mapping.maximumConcurrency() != 0 && (mapping.maximumConcurrency() < 2 || mapping.maximumConcurrency() > 1000)) {
            throw new IllegalArgumentException(name + ": ScalingConfig.MaximumConcurrency must be 2-1000");
        }
        int functionTimeout = stack.functionTimeoutSeconds(mapping.functionLogicalId());
        String url = mapping.queueUrl() != null ? mapping.queueUrl() : queueUrlByName(mapping.queueArn());
        String visibility = sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
        if (visibility != null && Integer.parseInt(visibility) < functionTimeout) {
            throw new IllegalArgumentException(name + ": the queue's visibility timeout (" + visibility
                    + " s) is below the function timeout (" + functionTimeout + " s): AWS refuses this mapping");
        }
    }

    private SqsClient sqs() {
        return sqs;
    }

    private String queueUrlByName(String arn) {
        return sqs().getQueueUrl(b -> b.queueName(arn.substring(arn.lastIndexOf(':') + 1))).queueUrl();
    }

    private String queueUrl(String arn) {
        for (Stack.PhysicalResource resource : stack.resources().values()) {
            if (resource.type().equals("AWS::SQS::Queue") && arn.equals(resource.attributes().get("Arn"))) {
                return resource.ref();
            }
        }
        return null; // resolved through the API when the pollers start
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name + "-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    public List<SqsMapping> sqsMappings() {
        return List.copyOf(mappings);
    }

    /** When a rule fires next (empty when schedules are not started). */
    public Optional<Instant> nextFiring(String functionLogicalId, String eventName) {
        return Optional.ofNullable(nextFirings.get(functionLogicalId + "/" + eventName));
    }

    /** Starts the schedules and the SQS pollers of functions that are running. */
    public EventSources start() {
        running = true;
        for (Rule rule : rules) {
            if (functions.apply(rule.functionLogicalId()) != null) {
                schedule(rule, Instant.now());
            }
        }
        for (SqsMapping mapping : mappings) {
            FunctionProcess function = functions.apply(mapping.functionLogicalId());
            if (function == null) {
                continue;
            }
            String url = mapping.queueUrl() != null ? mapping.queueUrl() : queueUrlByName(mapping.queueArn());
            for (int i = 0; i < pollers(mapping, function); i++) {
                Thread poller = daemon(() -> poll(mapping, url, function), "sqs-" + mapping.functionLogicalId());
                pollers.add(poller);
                poller.start();
            }
        }
        return this;
    }

    /**
     * Enables or disables a function's SQS mappings, as Lambda's event source mapping {@code Enabled}
     * flag does: while disabled its queues keep their messages. (Tests that seed what a worker would
     * write use it to keep the worker out of the way.)
     */
    public void setSqsMappingsEnabled(String functionLogicalId, boolean enabled) {
        if (enabled) {
            disabled.remove(functionLogicalId);
        } else {
            disabled.add(functionLogicalId);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pollers of a mapping: each runs one invocation at a time. */
    static int pollers(SqsMapping mapping, FunctionProcess function) {
        int pollers = Math.min(MAX_LOCAL_POLLERS, function.concurrency());
        return mapping.maximumConcurrency() > 0 ? Math.min(pollers, mapping.maximumConcurrency()) : pollers;
    }

    // ---------------------------------------------------------------- schedules

    private void schedule(Rule rule, Instant after) {
        Instant next = rule.expression().next(after);
        if (next == null || !running) {
            return;
        }
        nextFirings.put(rule.functionLogicalId() + "/" + rule.eventName(), next);
        long delay = Math.max(0, next.toEpochMilli() - System.currentTimeMillis());
        timers.schedule(() -> {
            workers.submit(() -> fire(rule, next));
            schedule(rule, next);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Fires a function's Schedule event now, as its rule would, and returns the outcome. */
    public InvocationResult fire(String functionLogicalId, String eventName) {
        return fire(functionLogicalId, eventName, Instant.now());
    }

    /**
     * Fires a function's Schedule event as its rule would at {@code time} (the event's {@code time}), for
     * tests that move an emulated clock: a sweep that judges what is due by its firing sees that time.
     */
    public InvocationResult fire(String functionLogicalId, String eventName, Instant time) {
        for (Rule rule : rules) {
            if (rule.functionLogicalId().equals(functionLogicalId) && rule.eventName().equals(eventName)) {
                return fire(rule, time);
            }
        }
        throw new IllegalArgumentException(functionLogicalId + " has no enabled Schedule event " + eventName);
    }

    private InvocationResult fire(Rule rule, Instant time) {
        FunctionProcess function = functions.apply(rule.functionLogicalId());
        if (function == null) {
            throw new IllegalStateException(rule.functionLogicalId() + " is not running");
        }
        String event = rule.input() != null
                ? (rule.input() instanceof String text ? text : Json.write(rule.input()))
                : scheduledEvent(rule, time);
        InvocationResult result = function.invoke(event);
        log.accept("schedule " + rule.functionLogicalId() + "/" + rule.eventName() + " (" + rule.expression() + "): "
                + (result.isError() ? result.errorType() + " " + result.errorMessage() : "ok") + " in "
                + result.durationMillis() + " ms");
        return result;
    }

    static String scheduledEvent(Rule rule, Instant time) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", LocalAws.ACCOUNT_ID);
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        event.put("region", LocalAws.REGION);
        event.putArray("resources").add(rule.ruleArn());
        event.putObject("detail");
        return Json.write(event);
    }

    // ---------------------------------------------------------------- SQS

    private void poll(SqsMapping mapping, String url, FunctionProcess function) {
        CloudTemplate.SqsEvent event = mapping.event();
        int batchSize = Math.max(1, event.batchSize());
        long windowMillis = event.maximumBatchingWindowInSeconds() * 1000L;
        while (running) {
            if (disabled.contains(mapping.functionLogicalId())) {
                sleepQuietly(100);
                continue;
            }
            try {
                List<Message> batch = new ArrayList<>();
                long windowEnds = System.currentTimeMillis() + windowMillis;
                do {
                    List<Message> received = receive(mapping, url, Math.min(10, batchSize - batch.size()));
                    batch.addAll(received);
                    if (received.isEmpty() && batch.isEmpty()) {
                        break;
                    }
                } while (running && batch.size() < batchSize && System.currentTimeMillis() < windowEnds);
                if (batch.isEmpty() || !running) {
                    continue;
                }
                handle(mapping, url, function, batch);
            } catch (RuntimeException e) {
                if (running) {
                    log.accept("sqs " + mapping.functionLogicalId() + "/" + mapping.eventName() + ": " + e);
                    sleep(1000);
                }
            }
        }
    }

    /**
     * One ReceiveMessage: a long poll (1 s) on a standard queue. On a FIFO queue a short one, and only
     * one poller in this JVM receives at a time: moto works out which message groups are in flight once
     * per call, before any long-poll wait, so a receive that waits, or runs beside another, could hand
     * out the next message of a group that is being processed. SQS itself never does; short receives
     * one at a time keep moto's view current (an empty one is followed by a pause, outside the lock).
     */
    private List<Message> receive(SqsMapping mapping, String url, int count) {
        if (!mapping.fifo()) {
            return receiveNow(url, count, 1);
        }
        List<Message> received;
        synchronized (FIFO_RECEIVES.computeIfAbsent(url, u -> new Object())) {
            received = receiveNow(url, count, 0);
        }
        if (received.isEmpty()) {
            sleep(FIFO_EMPTY_PAUSE_MILLIS);
        }
        return received;
    }

    private List<Message> receiveNow(String url, int count, int waitSeconds) {
        return sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(count)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    private void handle(SqsMapping mapping, String url, FunctionProcess function, List<Message> batch) {
        InvocationResult result = function.invoke(sqsEvent(mapping, batch));
        Set<String> failed = new HashSet<>();
        String outcome;
        if (result.isError()) {
            batch.forEach(m -> failed.add(m.messageId()));
            outcome = result.errorType() + " " + result.errorMessage();
        } else if (mapping.event().reportsBatchItemFailures()) {
            Set<String> ids = new HashSet<>();
            batch.forEach(m -> ids.add(m.messageId()));
            Set<String> reported = batchItemFailures(result.payload(), ids);
            if (reported == null) {
                failed.addAll(ids);
                outcome = "invalid batchItemFailures: the whole batch failed";
            } else {
                failed.addAll(reported);
                outcome = "ok";
            }
        } else {
            outcome = "ok";
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : batch) {
            if (!failed.contains(message.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        for (int i = 0; i < done.size(); i += 10) {
            List<DeleteMessageBatchRequestEntry> chunk = done.subList(i, Math.min(done.size(), i + 10));
            sqs().deleteMessageBatch(b -> b.queueUrl(url).entries(chunk));
        }
        log.accept("sqs " + mapping.functionLogicalId() + "/" + mapping.eventName() + ": " + batch.size()
                + " message(s), " + failed.size() + " failed (" + outcome + ") in " + result.durationMillis() + " ms");
    }

    /**
     * The ids a function reported as failed; null when its answer makes the whole batch a failure
     * (an identifier that is missing, empty or not in the batch), as Lambda treats it.
     */
    static Set<String> batchItemFailures(byte[] payload, Set<String> batchIds) {
        Set<String> failed = new HashSet<>();
        if (payload == null || payload.length == 0) {
            return failed;
        }
        JsonNode node = Json.tryParse(payload);
        if (node == null || node.isNull()) {
            return failed;
        }
        JsonNode failures = node.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return failed;
        }
        if (!failures.isArray()) {
            return null;
        }
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !batchIds.contains(id.asText())) {
                return null;
            }
            failed.add(id.asText());
        }
        return failed;
    }

    private static String sqsEvent(SqsMapping mapping, List<Message> batch) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> {
                ObjectNode attribute = messageAttributes.putObject(name);
                if (value.stringValue() != null) {
                    attribute.put("stringValue", value.stringValue());
                }
                if (value.binaryValue() != null) {
                    attribute.put("binaryValue", java.util.Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
                }
                ArrayNode strings = attribute.putArray("stringListValues");
                value.stringListValues().forEach(strings::add);
                ArrayNode binaries = attribute.putArray("binaryListValues");
                for (SdkBytes bytes : value.binaryListValues()) {
                    binaries.add(java.util.Base64.getEncoder().encodeToString(bytes.asByteArray()));
                }
                attribute.put("dataType", value.dataType());
            });
            record.put("md5OfBody", message.md5OfBody());
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", mapping.queueArn());
            record.put("awsRegion", LocalAws.REGION);
        }
        return Json.write(event);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (timers.isShutdown()) {
            return;
        }
        running = false;
        timers.shutdownNow();
        workers.shutdownNow();
        for (Thread poller : pollers) {
            try {
                poller.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sqs != null) {
            sqs.close();
        }
    }
}
