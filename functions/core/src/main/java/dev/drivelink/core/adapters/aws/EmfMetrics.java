package dev.drivelink.core.adapters.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.core.events.Metrics;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Metrics as CloudWatch embedded-metric-format lines: Lambda sends what a function prints to its log
 * group, and CloudWatch turns each line carrying an {@code _aws} object into metric data (no API call,
 * no extra permission). One line per occurrence, with a Count of 1.
 */
public final class EmfMetrics implements Metrics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;
    private final Clock clock;
    private final Consumer<String> out;

    public EmfMetrics(String namespace, Clock clock, Consumer<String> out) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.clock = clock;
        this.out = out;
    }

    /** Lines to standard output, where Lambda's log capture reads them. */
    public static EmfMetrics toStandardOutput(String namespace, Clock clock) {
        return new EmfMetrics(namespace, clock, line -> System.out.println(line));
    }

    @Override
    public void count(String metric, Map<String, String> dimensions) {
        out.accept(line(metric, new TreeMap<>(dimensions)));
    }

    String line(String metric, Map<String, String> dimensions) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(dimensionSet::add);
        directive.putArray("Metrics").addObject().put("Name", metric).put("Unit", "Count");
        dimensions.forEach(root::put);
        root.put(metric, 1);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
