package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Google's partial response syntax for the {@code fields} parameter: {@code a,b/c,d(e,f/g),*}.
 * A selection maps each named field to its sub-selection; a {@code null} sub-selection means the whole value.
 */
final class FieldSelector {
    /** field name -> sub-selection (null = everything below). */
    final Map<String, FieldSelector> fields = new LinkedHashMap<>();

    static final FieldSelector ALL = parse("*");

    static FieldSelector parse(String expression) {
        Parser parser = new Parser(expression);
        FieldSelector selector = new FieldSelector();
        parser.list(selector);
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error();
        }
        if (selector.fields.isEmpty()) {
            throw parser.error();
        }
        return selector;
    }

    boolean selectsAll() {
        return fields.containsKey("*") && fields.get("*") == null;
    }

    boolean has(String field) {
        return fields.containsKey(field) || fields.containsKey("*");
    }

    /** The sub-selection of a field: null means the whole value (also when the field was not named). */
    FieldSelector child(String field) {
        if (fields.containsKey(field)) {
            return fields.get(field);
        }
        return fields.get("*");
    }

    /** Checks that every named top-level field is one of {@code known}, as Google rejects unknown fields. */
    void validate(Set<String> known, String expression) {
        for (String name : fields.keySet()) {
            if (!name.equals("*") && !known.contains(name)) {
                throw GoogleApiException.invalidParameter("fields", "Invalid field selection " + name);
            }
        }
    }

    /** A copy of {@code node} holding only the selected fields. */
    JsonNode apply(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            ArrayNode out = Json.array();
            node.forEach(element -> out.add(apply(element)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = Json.object();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!has(e.getKey())) {
                continue;
            }
            FieldSelector sub = child(e.getKey());
            out.set(e.getKey(), sub == null ? e.getValue().deepCopy() : sub.apply(e.getValue()));
        }
        return out;
    }

    private void add(String[] path, FieldSelector sub) {
        FieldSelector current = this;
        for (int i = 0; i < path.length; i++) {
            String name = path[i];
            boolean last = i == path.length - 1;
            if (current.fields.containsKey(name) && current.fields.get(name) == null) {
                return; // already the whole value
            }
            if (last) {
                if (sub == null) {
                    current.fields.put(name, null);
                } else {
                    FieldSelector existing = current.fields.get(name);
                    if (existing == null) {
                        current.fields.put(name, sub);
                    } else {
                        sub.fields.forEach((k, v) -> existing.add(new String[] {k}, v));
                    }
                }
            } else {
                FieldSelector next = current.fields.get(name);
                if (next == null) {
                    next = new FieldSelector();
                    current.fields.put(name, next);
                }
                current = next;
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(k);
            if (v != null) {
                sb.append('(').append(v).append(')');
            }
        });
        return sb.toString();
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text == null ? "" : text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        GoogleApiException error() {
            return GoogleApiException.invalidParameter("fields", "Invalid field selection " + text);
        }

        void list(FieldSelector into) {
            do {
                skipSpaces();
                item(into);
                skipSpaces();
            } while (consume(','));
        }

        private boolean consume(char c) {
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void item(FieldSelector into) {
            java.util.List<String> path = new java.util.ArrayList<>();
            path.add(name());
            while (consume('/')) {
                path.add(name());
            }
            skipSpaces();
            FieldSelector sub = null;
            if (consume('(')) {
                sub = new FieldSelector();
                list(sub);
                if (!consume(')')) {
                    throw error();
                }
            }
            into.add(path.toArray(String[]::new), sub);
        }

        private String name() {
            skipSpaces();
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '*' || c == '@' || c == '.' || c == '-' || c == '$') {
                    pos++;
                } else {
                    break;
                }
            }
            if (start == pos) {
                throw error();
            }
            return text.substring(start, pos);
        }
    }
}
