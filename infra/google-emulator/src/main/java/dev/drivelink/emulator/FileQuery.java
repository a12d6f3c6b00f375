package dev.drivelink.emulator;

import dev.drivelink.emulator.Model.DriveFile;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Drive's search query language ({@code q} of files.list): terms such as {@code name = 'x'},
 * {@code 'ID' in parents}, {@code mimeType != '...'}, {@code trashed = false}, {@code modifiedTime > '...'},
 * {@code name contains 'x'}, {@code fullText contains 'x'}, {@code properties has { key='k' and value='v' }},
 * combined with {@code and}, {@code or}, {@code not} and parentheses. Strings are single-quoted with
 * {@code \'} and {@code \\} escapes.
 */
final class FileQuery {
    private FileQuery() {
    }

    sealed interface Expr permits And, Or, Not, Compare, In, Has {
    }

    record And(List<Expr> terms) implements Expr {
    }

    record Or(List<Expr> terms) implements Expr {
    }

    record Not(Expr term) implements Expr {
    }

    /** {@code field op value}; value is a String or a Boolean. */
    record Compare(String field, String op, Object value) implements Expr {
    }

    /** {@code 'value' in field}. */
    record In(String value, String field) implements Expr {
    }

    /** {@code field has { key='k' and value='v' }}. */
    record Has(String field, String key, String value) implements Expr {
    }

    static final Set<String> STRING_FIELDS = Set.of("name", "mimeType", "fullText", "description");
    static final Set<String> TIME_FIELDS = Set.of("modifiedTime", "createdTime", "viewedByMeTime", "sharedWithMeTime");
    static final Set<String> BOOLEAN_FIELDS = Set.of("trashed", "starred", "sharedWithMe");
    static final Set<String> COLLECTIONS = Set.of("parents", "owners", "writers", "readers");
    static final Set<String> OPERATORS = Set.of("=", "!=", "<", "<=", ">", ">=", "contains");

    // ---- parsing ----------------------------------------------------------------------------------------

    static Expr parse(String q) {
        Parser p = new Parser(q);
        Expr e = p.or();
        if (p.peek() != null) {
            throw p.error();
        }
        return e;
    }

    static GoogleApiException invalid(String q) {
        return new GoogleApiException(400, "invalid", "Invalid Value", "q", "parameter");
    }

    /** Quotes a value for a query: {@code it's} becomes {@code 'it\'s'}. */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The canonical text of an expression; {@code parse(render(e))} equals {@code e}. */
    static String render(Expr e) {
        if (e instanceof And a) {
            return join(a.terms(), " and ");
        }
        if (e instanceof Or o) {
            return join(o.terms(), " or ");
        }
        if (e instanceof Not n) {
            return "not " + wrap(n.term());
        }
        if (e instanceof Compare c) {
            String v = c.value() instanceof Boolean b ? b.toString() : quote((String) c.value());
            return c.field() + " " + c.op() + " " + v;
        }
        if (e instanceof In i) {
            return quote(i.value()) + " in " + i.field();
        }
        Has h = (Has) e;
        return h.field() + " has { key=" + quote(h.key()) + " and value=" + quote(h.value()) + " }";
    }

    private static String join(List<Expr> terms, String sep) {
        StringBuilder sb = new StringBuilder();
        for (Expr t : terms) {
            if (sb.length() > 0) {
                sb.append(sep);
            }
            sb.append(wrap(t));
        }
        return sb.toString();
    }

    private static String wrap(Expr e) {
        return e instanceof And || e instanceof Or || e instanceof Not ? "(" + render(e) + ")" : render(e);
    }

    private record Token(String kind, String text) {
    }

    private static final class Parser {
        private final String q;
        private final List<Token> tokens = new ArrayList<>();
        private int pos;

        Parser(String q) {
            this.q = q == null ? "" : q;
            tokenize();
        }

        GoogleApiException error() {
            return invalid(q);
        }

        private void tokenize() {
            int i = 0;
            while (i < q.length()) {
                char c = q.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '\'') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    boolean closed = false;
                    while (i < q.length()) {
                        char d = q.charAt(i);
                        if (d == '\\') {
                            if (i + 1 >= q.length()) {
                                throw error();
                            }
                            sb.append(q.charAt(i + 1));
                            i += 2;
                        } else if (d == '\'') {
                            closed = true;
                            i++;
                            break;
                        } else {
                            sb.append(d);
                            i++;
                        }
                    }
                    if (!closed) {
                        throw error();
                    }
                    tokens.add(new Token("string", sb.toString()));
                } else if (c == '(' || c == ')' || c == '{' || c == '}') {
                    tokens.add(new Token(String.valueOf(c), String.valueOf(c)));
                    i++;
                } else if (c == '!' || c == '<' || c == '>' || c == '=') {
                    if (i + 1 < q.length() && q.charAt(i + 1) == '=' && c != '=') {
                        tokens.add(new Token("op", c + "="));
                        i += 2;
                    } else if (c == '!') {
                        throw error();
                    } else {
                        tokens.add(new Token("op", String.valueOf(c)));
                        i++;
                    }
                } else if (Character.isLetter(c) || c == '_') {
                    int start = i;
                    while (i < q.length() && (Character.isLetterOrDigit(q.charAt(i)) || q.charAt(i) == '_')) {
                        i++;
                    }
                    tokens.add(new Token("word", q.substring(start, i)));
                } else {
                    throw error();
                }
            }
        }

        Token peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        Token next() {
            Token t = peek();
            if (t == null) {
                throw error();
            }
            pos++;
            return t;
        }

        boolean keyword(String word) {
            Token t = peek();
            if (t != null && t.kind().equals("word") && t.text().equalsIgnoreCase(word)) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(String kind, String text) {
            Token t = next();
            if (!t.kind().equals(kind) || (text != null && !t.text().equalsIgnoreCase(text))) {
                throw error();
            }
        }

        Expr or() {
            List<Expr> terms = new ArrayList<>();
            terms.add(and());
            while (keyword("or")) {
                terms.add(and());
            }
            return terms.size() == 1 ? terms.get(0) : new Or(terms);
        }

        Expr and() {
            List<Expr> terms = new ArrayList<>();
            terms.add(unary());
            while (keyword("and")) {
                terms.add(unary());
            }
            return terms.size() == 1 ? terms.get(0) : new And(terms);
        }

        Expr unary() {
            if (keyword("not")) {
                return new Not(unary());
            }
            Token t = peek();
            if (t != null && t.kind().equals("(")) {
                pos++;
                Expr inner = or();
                expect(")", null);
                return inner;
            }
            return term();
        }

        Expr term() {
            Token first = next();
            if (first.kind().equals("string")) {
                expect("word", "in");
                Token field = next();
                if (!field.kind().equals("word") || !COLLECTIONS.contains(field.text())) {
                    throw error();
                }
                return new In(first.text(), field.text());
            }
            if (!first.kind().equals("word")) {
                throw error();
            }
            String field = first.text();
            if (keyword("has")) {
                if (!field.equals("properties") && !field.equals("appProperties")) {
                    throw error();
                }
                expect("{", null);
                expect("word", "key");
                expect("op", "=");
                String key = string();
                expect("word", "and");
                expect("word", "value");
                expect("op", "=");
                String value = string();
                expect("}", null);
                return new Has(field, key, value);
            }
            String op;
            if (keyword("contains")) {
                op = "contains";
                if (!STRING_FIELDS.contains(field)) {
                    throw error();
                }
            } else {
                Token o = next();
                if (!o.kind().equals("op")) {
                    throw error();
                }
                op = o.text();
            }
            if (BOOLEAN_FIELDS.contains(field)) {
                if (!op.equals("=") && !op.equals("!=")) {
                    throw error();
                }
                Token v = next();
                if (!v.kind().equals("word") || !(v.text().equals("true") || v.text().equals("false"))) {
                    throw error();
                }
                return new Compare(field, op, Boolean.parseBoolean(v.text()));
            }
            String value = string();
            if (TIME_FIELDS.contains(field)) {
                if (op.equals("contains")) {
                    throw error();
                }
                try {
                    Instant.parse(value.endsWith("Z") || value.contains("+") ? value : value + "Z");
                } catch (DateTimeParseException e) {
                    throw error();
                }
            } else if (STRING_FIELDS.contains(field)) {
                boolean ok = field.equals("fullText") ? op.equals("contains")
                        : field.equals("name") ? Set.of("=", "!=", "contains").contains(op)
                        : Set.of("=", "!=", "contains").contains(op);
                if (!ok) {
                    throw error();
                }
            } else {
                throw error();
            }
            return new Compare(field, op, value);
        }

        String string() {
            Token t = next();
            if (!t.kind().equals("string")) {
                throw error();
            }
            return t.text();
        }
    }

    // ---- evaluation -------------------------------------------------------------------------------------

    /** Whether the file matches; {@code me} is the caller's email, {@code rootId} the caller's root folder id. */
    static boolean matches(Expr e, DriveFile f, String me, String rootId) {
        if (e instanceof And a) {
            return a.terms().stream().allMatch(t -> matches(t, f, me, rootId));
        }
        if (e instanceof Or o) {
            return o.terms().stream().anyMatch(t -> matches(t, f, me, rootId));
        }
        if (e instanceof Not n) {
            return !matches(n.term(), f, me, rootId);
        }
        if (e instanceof In i) {
            String v = i.value();
            return switch (i.field()) {
                case "parents" -> f.parents.contains(v.equals("root") ? rootId : v);
                case "owners", "writers", "readers" -> (v.equals("me") ? me : v).equalsIgnoreCase(f.owner);
                default -> false;
            };
        }
        if (e instanceof Has h) {
            var map = h.field().equals("properties") ? f.properties : f.appProperties;
            return h.value().equals(map.get(h.key()));
        }
        Compare c = (Compare) e;
        return switch (c.field()) {
            case "trashed" -> compareBool(f.trashed, c);
            case "starred" -> compareBool(f.starred, c);
            case "sharedWithMe" -> compareBool(false, c);
            case "name" -> compareString(f.name, c, true);
            case "mimeType" -> compareString(f.mimeType, c, false);
            case "description" -> compareString(f.description == null ? "" : f.description, c, false);
            case "fullText" -> fullText(f, (String) c.value());
            case "modifiedTime", "viewedByMeTime" -> compareTime(f.modifiedTime, c);
            case "createdTime" -> compareTime(f.createdTime, c);
            case "sharedWithMeTime" -> false;
            default -> false;
        };
    }

    private static boolean compareBool(boolean actual, Compare c) {
        boolean eq = actual == (Boolean) c.value();
        return c.op().equals("=") == eq;
    }

    private static boolean compareString(String actual, Compare c, boolean prefixWords) {
        String v = (String) c.value();
        return switch (c.op()) {
            case "=" -> actual.equals(v);
            case "!=" -> !actual.equals(v);
            case "contains" -> prefixWords ? namePrefixMatch(actual, v) : actual.toLowerCase(Locale.ROOT).contains(v.toLowerCase(Locale.ROOT));
            default -> false;
        };
    }

    /** Drive matches {@code name contains} by prefix of the name or of a word in it, ignoring case. */
    static boolean namePrefixMatch(String name, String prefix) {
        String n = name.toLowerCase(Locale.ROOT);
        String p = prefix.toLowerCase(Locale.ROOT);
        if (n.startsWith(p)) {
            return true;
        }
        for (int i = 1; i < n.length(); i++) {
            char prev = n.charAt(i - 1);
            if (!Character.isLetterOrDigit(prev) && n.startsWith(p, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fullText(DriveFile f, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (f.name.toLowerCase(Locale.ROOT).contains(v)) {
            return true;
        }
        if (f.description != null && f.description.toLowerCase(Locale.ROOT).contains(v)) {
            return true;
        }
        if (f.content != null && f.content.length < 10_000_000 && f.mimeType.startsWith("text/")) {
            return new String(f.content, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains(v);
        }
        return false;
    }

    private static boolean compareTime(Instant actual, Compare c) {
        String raw = (String) c.value();
        Instant v = Instant.parse(raw.endsWith("Z") || raw.contains("+") ? raw : raw + "Z");
        int cmp = actual.compareTo(v);
        return switch (c.op()) {
            case "=" -> cmp == 0;
            case "!=" -> cmp != 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            case ">=" -> cmp >= 0;
            default -> false;
        };
    }
}
