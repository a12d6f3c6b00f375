package dev.drivelink.localcloud;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Resolves CloudFormation intrinsic functions in a template value (maps, lists, scalars in their
 * long forms, see {@link TemplateYaml}) to plain values: strings, numbers, booleans, lists and maps.
 *
 * <p>{@code Ref} of a parameter gives its value ({@code CommaDelimitedList} and {@code List<...>}
 * parameters give a list); {@code Ref}/{@code Fn::GetAtt} of a resource ask {@link Resources};
 * the pseudo parameters are those of a stack in {@code us-east-1}, account {@code 123456789012}.
 */
public final class Intrinsics {

    /** What {@code Ref: AWS::NoValue} resolves to: the enclosing map entry or list element disappears. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    /** Physical ids and attributes of the stack's resources. */
    public interface Resources {
        Optional<String> findRef(String logicalId);

        Optional<String> findAtt(String logicalId, String attribute);

        Resources NONE = new Resources() {
            @Override
            public Optional<String> findRef(String logicalId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> findAtt(String logicalId, String attribute) {
                return Optional.empty();
            }
        };
    }

    /** A reference to something that has no value (yet). */
    public static final class UnresolvedException extends IllegalStateException {
        private final String name;

        UnresolvedException(String name, String message) {
            super(message);
            this.name = name;
        }

        /** The parameter or logical id that could not be resolved. */
        public String name() {
            return name;
        }
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudTemplate template;
    private final Map<String, Object> parameters;
    private final Map<String, Object> pseudo;
    private final Resources resources;
    private final Map<String, Boolean> conditionCache = new HashMap<>();

    /**
     * @param parameterValues the value of every parameter that has one (overrides, else defaults)
     */
    public Intrinsics(CloudTemplate template, Map<String, String> parameterValues, String stackName,
            Resources resources) {
        this.template = template;
        this.resources = resources;
        this.parameters = new HashMap<>();
        parameterValues.forEach((name, value) -> {
            CloudTemplate.Parameter declared = template.parameters().get(name);
            parameters.put(name, declared != null && declared.isList() ? splitList(value) : value);
        });
        this.pseudo = new HashMap<>();
        pseudo.put("AWS::Region", LocalAws.REGION);
        pseudo.put("AWS::AccountId", LocalAws.ACCOUNT_ID);
        pseudo.put("AWS::StackName", stackName);
        pseudo.put("AWS::StackId", "arn:aws:cloudformation:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID
                + ":stack/" + stackName + "/" + java.util.UUID.nameUUIDFromBytes(stackName.getBytes(StandardCharsets.UTF_8)));
        pseudo.put("AWS::Partition", "aws");
        pseudo.put("AWS::URLSuffix", "amazonaws.com");
        pseudo.put("AWS::NotificationARNs", List.of());
    }

    /**
     * Sets a pseudo parameter to something else than local-cloud's stack in us-east-1, e.g.
     * {@code AWS::Partition} to {@code aws-cn} to see what a template resolves to in another partition.
     */
    public Intrinsics pseudoParameter(String name, Object value) {
        if (!pseudo.containsKey(name)) {
            throw new IllegalArgumentException("no pseudo parameter " + name);
        }
        pseudo.put(name, value);
        conditionCache.clear();
        return this;
    }

    private static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        if (value.isEmpty()) {
            return items;
        }
        for (String item : value.split(",", -1)) {
            items.add(item.trim());
        }
        return items;
    }

    /** Resolves every intrinsic function in {@code node}; may return {@link #NO_VALUE}. */
    public Object resolve(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return function(key, only.getValue());
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object value = resolve(entry.getValue());
                if (value != NO_VALUE) {
                    resolved.put(String.valueOf(entry.getKey()), value);
                }
            }
            return resolved;
        }
        if (node instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : list) {
                Object value = resolve(item);
                if (value != NO_VALUE) {
                    resolved.add(value);
                }
            }
            return resolved;
        }
        return node;
    }

    /** Resolves {@code node} to a string, as CloudFormation does for a string property. */
    public String resolveString(Object node) {
        return asString(resolve(node), node);
    }

    /** Evaluates a condition of the template's {@code Conditions} section. */
    public boolean condition(String name) {
        Boolean cached = conditionCache.get(name);
        if (cached != null) {
            return cached;
        }
        Object definition = template.conditions().get(name);
        if (definition == null) {
            throw new IllegalArgumentException("no condition named " + name);
        }
        boolean value = asBoolean(resolveCondition(definition));
        conditionCache.put(name, value);
        return value;
    }

    /**
     * Evaluates a condition-like value: a condition function ({@code Fn::Equals}, {@code Fn::And}...,
     * and the rule functions {@code Fn::Contains}, {@code Fn::EachMemberEquals}, {@code Fn::EachMemberIn}),
     * {@code {Condition: Name}}, or a literal true/false.
     */
    public boolean test(Object node) {
        return asBoolean(resolveCondition(node));
    }

    private Object resolveCondition(Object node) {
        if (node instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("Condition")) {
            return condition(String.valueOf(map.get("Condition")));
        }
        return resolve(node);
    }

    private Object function(String name, Object argument) {
        switch (name) {
            case "Ref":
                return ref(asString(resolve(argument), argument));
            case "Fn::GetAtt":
                return getAtt(argument);
            case "Fn::Sub":
                return sub(argument);
            case "Fn::Join": {
                List<?> args = list(argument, name, 2);
                String delimiter = asString(resolve(args.get(0)), args.get(0));
                List<String> parts = new ArrayList<>();
                for (Object part : asList(resolve(args.get(1)), name)) {
                    parts.add(asString(part, part));
                }
                return String.join(delimiter, parts);
            }
            case "Fn::Select": {
                List<?> args = list(argument, name, 2);
                int index = Integer.parseInt(asString(resolve(args.get(0)), args.get(0)).trim());
                List<?> items = asList(resolve(args.get(1)), name);
                if (index < 0 || index >= items.size()) {
                    throw new IllegalArgumentException("Fn::Select index " + index + " out of " + items);
                }
                return items.get(index);
            }
            case "Fn::Split": {
                List<?> args = list(argument, name, 2);
                String delimiter = asString(resolve(args.get(0)), args.get(0));
                String source = asString(resolve(args.get(1)), args.get(1));
                return new ArrayList<>(List.of(source.split(Pattern.quote(delimiter), -1)));
            }
            case "Fn::If": {
                List<?> args = list(argument, name, 3);
                return condition(asString(args.get(0), args.get(0))) ? resolve(args.get(1)) : resolve(args.get(2));
            }
            case "Fn::Equals": {
                List<?> args = list(argument, name, 2);
                return String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
            }
            case "Fn::Not": {
                List<?> args = list(argument, name, 1);
                return !asBoolean(resolveCondition(args.get(0)));
            }
            case "Fn::And": {
                for (Object item : asList(argument, name)) {
                    if (!asBoolean(resolveCondition(item))) {
                        return false;
                    }
                }
                return true;
            }
            case "Fn::Or": {
                for (Object item : asList(argument, name)) {
                    if (asBoolean(resolveCondition(item))) {
                        return true;
                    }
                }
                return false;
            }
            case "Fn::Contains": {
                List<?> args = list(argument, name, 2);
                return stringsOf(resolve(args.get(0))).contains(asString(resolve(args.get(1)), args.get(1)));
            }
            case "Fn::EachMemberEquals": {
                List<?> args = list(argument, name, 2);
                String value = asString(resolve(args.get(1)), args.get(1));
                return stringsOf(resolve(args.get(0))).stream().allMatch(value::equals);
            }
            case "Fn::EachMemberIn": {
                List<?> args = list(argument, name, 2);
                List<String> allowed = stringsOf(resolve(args.get(1)));
                return allowed.containsAll(stringsOf(resolve(args.get(0))));
            }
            case "Fn::FindInMap": {
                List<?> args = list(argument, name, 3);
                Object map = template.mappings().get(asString(resolve(args.get(0)), args.get(0)));
                Object top = map instanceof Map<?, ?> m ? m.get(asString(resolve(args.get(1)), args.get(1))) : null;
                Object value = top instanceof Map<?, ?> t ? t.get(asString(resolve(args.get(2)), args.get(2))) : null;
                if (value == null) {
                    throw new IllegalArgumentException("Fn::FindInMap found nothing for " + args);
                }
                return resolve(value);
            }
            case "Fn::Base64":
                return Base64.getEncoder().encodeToString(
                        asString(resolve(argument), argument).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs": {
                String region = asString(resolve(argument), argument);
                region = region.isEmpty() ? LocalAws.REGION : region;
                return new ArrayList<>(List.of(region + "a", region + "b", region + "c"));
            }
            case "Fn::ToJsonString":
                try {
                    return JSON.writeValueAsString(resolve(argument));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(e);
                }
            case "Fn::Length":
                return asList(resolve(argument), name).size();
            default:
                throw new UnsupportedOperationException(name + " is not supported locally");
        }
    }

    private Object ref(String name) {
        if (pseudo.containsKey(name)) {
            return pseudo.get(name);
        }
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (template.parameters().containsKey(name)) {
            Object value = parameters.get(name);
            if (value == null) {
                throw new UnresolvedException(name, "parameter " + name + " has no value and no default");
            }
            return value;
        }
        return resources.findRef(name).orElseThrow(() -> new UnresolvedException(name,
                template.resources().containsKey(name) ? "resource " + name + " has no physical id (yet)"
                        : "Ref to unknown name " + name));
    }

    private Object getAtt(Object argument) {
        String logicalId;
        String attribute;
        if (argument instanceof String text) {
            int dot = text.indexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException("Fn::GetAtt wants Resource.Attribute, got " + text);
            }
            logicalId = text.substring(0, dot);
            attribute = text.substring(dot + 1);
        } else {
            List<?> args = list(argument, "Fn::GetAtt", 2);
            logicalId = asString(resolve(args.get(0)), args.get(0));
            attribute = asString(resolve(args.get(1)), args.get(1));
        }
        String id = logicalId;
        return resources.findAtt(logicalId, attribute).orElseThrow(() -> new UnresolvedException(id,
                "no attribute " + attribute + " of " + id + (template.resources().containsKey(id) ? "" : " (unknown resource)")));
    }

    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = new HashMap<>();
        if (argument instanceof List<?> args) {
            if (args.size() != 2) {
                throw new IllegalArgumentException("Fn::Sub wants [string, {variables}]");
            }
            text = asString(args.get(0), args.get(0));
            if (args.get(1) instanceof Map<?, ?> vars) {
                vars.forEach((k, v) -> variables.put(String.valueOf(k), resolve(v)));
            }
        } else {
            text = asString(argument, argument);
        }
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher matcher = SUB_VARIABLE.matcher(text);
        int last = 0;
        while (matcher.find()) {
            out.append(text, last, matcher.start());
            String name = matcher.group(1).trim();
            if (matcher.group(1).startsWith("!")) {
                out.append("${").append(matcher.group(1).substring(1)).append('}');
            } else if (variables.containsKey(name)) {
                out.append(asString(variables.get(name), name));
            } else if (name.contains(".") && !pseudo.containsKey(name)) {
                int dot = name.indexOf('.');
                out.append(asString(getAtt(List.of(name.substring(0, dot), name.substring(dot + 1))), name));
            } else {
                out.append(asString(ref(name), name));
            }
            last = matcher.end();
        }
        out.append(text.substring(last));
        return out.toString();
    }

    private static List<?> list(Object argument, String function, int size) {
        if (!(argument instanceof List<?> list) || list.size() != size) {
            throw new IllegalArgumentException(function + " wants a list of " + size + ", got " + argument);
        }
        return list;
    }

    private static List<String> stringsOf(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> items) {
            items.forEach(item -> strings.add(asString(item, item)));
        } else {
            strings.add(asString(value, value));
        }
        return strings;
    }

    private static List<?> asList(Object value, String function) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(function + " wants a list, got " + value);
        }
        return list;
    }

    private static String asString(Object value, Object source) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new IllegalArgumentException("expected a string from " + source + ", got " + value);
    }

    private static boolean asBoolean(Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("expected a condition value, got " + value);
    }
}
