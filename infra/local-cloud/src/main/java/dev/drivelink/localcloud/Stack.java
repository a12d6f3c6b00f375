package dev.drivelink.localcloud;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A template provisioned under a stack name in a {@link LocalAws}: the physical id ({@code Ref}) and
 * attributes ({@code Fn::GetAtt}) of every resource, the parameter values, and a resolver for the
 * template's intrinsic functions against them.
 */
public final class Stack implements Intrinsics.Resources {

    /** What {@code Ref} and {@code Fn::GetAtt} give for one resource. */
    public record PhysicalResource(String logicalId, String type, String ref, Map<String, String> attributes) {
    }

    private final String name;
    private final CloudTemplate template;
    private final LocalAws aws;
    private final Map<String, String> parameters;
    private final Map<String, PhysicalResource> resources = new ConcurrentHashMap<>();
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());
    /** Resources that only got a made-up identity: nothing serves them locally. */
    private final Map<String, String> notProvisioned = new ConcurrentHashMap<>();
    private final Intrinsics intrinsics;

    Stack(String name, CloudTemplate template, LocalAws aws, Map<String, String> parameters) {
        this.name = name;
        this.template = template;
        this.aws = aws;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.intrinsics = template.intrinsics(this.parameters, name, this);
    }

    public String name() {
        return name;
    }

    public CloudTemplate template() {
        return template;
    }

    public LocalAws aws() {
        return aws;
    }

    /** Every parameter value: the caller's overrides over the template's defaults. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** The physical id of a resource, as {@code !Ref} gives it (table name, key id, queue URL...). */
    public String ref(String logicalId) {
        return findRef(logicalIdOrThrow(logicalId)).orElseThrow();
    }

    /** An attribute of a resource, as {@code !GetAtt} gives it (e.g. Arn of a table, key or queue). */
    public String getAtt(String logicalId, String attribute) {
        return findAtt(logicalIdOrThrow(logicalId), attribute)
                .orElseThrow(() -> new IllegalArgumentException(logicalId + " has no attribute " + attribute
                        + " here (known: " + resources.get(logicalId).attributes().keySet() + ")"));
    }

    public Optional<PhysicalResource> resource(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    public Map<String, PhysicalResource> resources() {
        return Collections.unmodifiableMap(resources);
    }

    @Override
    public Optional<String> findRef(String logicalId) {
        PhysicalResource resource = resources.get(logicalId);
        return resource == null ? Optional.empty() : Optional.of(resource.ref());
    }

    @Override
    public Optional<String> findAtt(String logicalId, String attribute) {
        PhysicalResource resource = resources.get(logicalId);
        return resource == null ? Optional.empty() : Optional.ofNullable(resource.attributes().get(attribute));
    }

    /** Resolves every intrinsic function in a template value. */
    public synchronized Object resolve(Object templateValue) {
        return intrinsics.resolve(templateValue);
    }

    public synchronized String resolveString(Object templateValue) {
        return intrinsics.resolveString(templateValue);
    }

    /** A resolved value as a list of strings (a single string gives a one-element list). */
    public List<String> resolveStrings(Object templateValue) {
        Object value = resolve(templateValue);
        List<String> values = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> values.add(String.valueOf(item)));
        } else if (value != null && value != Intrinsics.NO_VALUE) {
            values.add(String.valueOf(value));
        }
        return values;
    }

    public synchronized boolean condition(String name) {
        return intrinsics.condition(name);
    }

    /** Evaluates a condition-like value (a rule assertion, {@code Fn::Equals}...) against this stack. */
    public synchronized boolean test(Object templateValue) {
        return intrinsics.test(templateValue);
    }

    /**
     * The environment of a function process: the template's Environment.Variables (Globals merged),
     * resolved, plus {@link LocalAws#environment()} so the SDK finds the local endpoint.
     */
    public Map<String, String> functionEnvironment(String functionLogicalId) {
        CloudTemplate.Function function = template.function(functionLogicalId);
        Map<String, String> env = new LinkedHashMap<>();
        function.environment().forEach((key, raw) -> {
            Set<String> references = new LinkedHashSet<>();
            Provisioner.references(raw, references);
            for (String reference : references) {
                String type = notProvisioned.get(reference);
                if (type != null) {
                    throw new IllegalStateException(functionLogicalId + " environment variable " + key + " refers to "
                            + reference + " (" + type + "), which local-cloud does not provision: the function would "
                            + "get a made-up name for something that does not exist locally");
                }
            }
            Object value;
            try {
                value = resolve(raw);
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot resolve " + functionLogicalId + " environment variable "
                        + key + ": " + e.getMessage(), e);
            }
            if (value == Intrinsics.NO_VALUE) {
                return;
            }
            if (value instanceof Map || value instanceof List) {
                throw new IllegalStateException(functionLogicalId + " environment variable " + key
                        + " is not a string: " + value);
            }
            env.put(key, String.valueOf(value));
        });
        env.putAll(aws.environment());
        return env;
    }

    /** The function's {@code AutoPublishAlias}, resolved: its events and URL invoke that alias. */
    public Optional<String> functionAlias(String functionLogicalId) {
        Object alias = template.function(functionLogicalId).properties().get("AutoPublishAlias");
        return alias == null ? Optional.empty() : Optional.of(resolveString(alias));
    }

    /** The version its invocations run: {@code 1} (the one SAM publishes) behind an alias, else {@code $LATEST}. */
    public String functionVersion(String functionLogicalId) {
        return functionAlias(functionLogicalId).isPresent() ? "1" : "$LATEST";
    }

    /** Where Lambda sends its logs: {@code LoggingConfig.LogGroup}, else {@code /aws/lambda/<name>}. */
    public String functionLogGroup(String functionLogicalId) {
        Object group = CloudTemplate.map(template.function(functionLogicalId).properties().get("LoggingConfig")).get("LogGroup");
        if (group != null) {
            return resolveString(group);
        }
        return "/aws/lambda/" + resource(functionLogicalId).map(PhysicalResource::ref).orElse(functionLogicalId);
    }

    /** The function's MemorySize, resolved (SAM's default 128). */
    public int functionMemorySize(String functionLogicalId) {
        return resolvedInt(template.function(functionLogicalId).properties().get("MemorySize"), 128);
    }

    /** The function's Timeout in seconds, resolved (SAM's default 3). */
    public int functionTimeoutSeconds(String functionLogicalId) {
        return resolvedInt(template.function(functionLogicalId).properties().get("Timeout"), 3);
    }

    private int resolvedInt(Object raw, int fallback) {
        if (raw == null) {
            return fallback;
        }
        return Integer.parseInt(resolveString(raw).trim());
    }

    /**
     * Defines or replaces what {@code Ref}/{@code Fn::GetAtt} give for a logical id, e.g. a local
     * URL for an API or a Function URL that local-cloud serves itself.
     */
    public void define(String logicalId, String type, String ref, Map<String, String> attributes) {
        resources.put(logicalId, new PhysicalResource(logicalId, type, ref, Map.copyOf(attributes)));
    }

    void recordCreated(String logicalId) {
        created.add(logicalId);
    }

    void recordNotProvisioned(String logicalId, String type) {
        notProvisioned.put(logicalId, type);
    }

    /** Resources of the template that only have a made-up identity locally, by logical id (their type). */
    public Map<String, String> notProvisioned() {
        return Collections.unmodifiableMap(notProvisioned);
    }

    /** Logical ids of the resources that exist in local AWS, in creation order. */
    public List<String> provisionedResources() {
        synchronized (created) {
            return List.copyOf(created);
        }
    }

    /** Deletes this stack's tables, queues, buckets, buses and aliases; schedules its keys for deletion. */
    public void delete() {
        new Provisioner(aws).delete(this);
    }

    private String logicalIdOrThrow(String logicalId) {
        if (!resources.containsKey(logicalId)) {
            throw new IllegalArgumentException("stack " + name + " has no resource " + logicalId
                    + (template.resources().containsKey(logicalId) ? " (its condition is false?)" : ""));
        }
        return logicalId;
    }

    @Override
    public String toString() {
        return "Stack[" + name + " on " + aws.endpoint() + "]";
    }
}
