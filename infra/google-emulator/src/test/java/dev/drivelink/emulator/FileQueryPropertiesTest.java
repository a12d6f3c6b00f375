package dev.drivelink.emulator;

import dev.drivelink.emulator.FileQuery.And;
import dev.drivelink.emulator.FileQuery.Compare;
import dev.drivelink.emulator.FileQuery.Expr;
import dev.drivelink.emulator.FileQuery.Has;
import dev.drivelink.emulator.FileQuery.In;
import dev.drivelink.emulator.FileQuery.Not;
import dev.drivelink.emulator.FileQuery.Or;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Property tests of the q parser (plain jqwik class, no framework around it). */
class FileQueryPropertiesTest {

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withChars("abcXYZ019 '\\\"()=!<>{}_-.é\t").ofMaxLength(12);
    }

    Arbitrary<Expr> terms() {
        Arbitrary<String> v = values();
        Arbitrary<Expr> nameEq = Combinators.combine(Arbitraries.of("=", "!=", "contains"), v)
                .as((op, s) -> new Compare("name", op, s));
        Arbitrary<Expr> mime = Combinators.combine(Arbitraries.of("=", "!="), v).as((op, s) -> new Compare("mimeType", op, s));
        Arbitrary<Expr> bool = Combinators.combine(Arbitraries.of("trashed", "starred"), Arbitraries.of("=", "!="),
                Arbitraries.of(true, false)).as((f, op, b) -> new Compare(f, op, b));
        Arbitrary<Expr> time = Combinators.combine(Arbitraries.of("<", "<=", ">", ">=", "=", "!="),
                Arbitraries.longs().between(0, 4_000_000_000L))
                .as((op, t) -> new Compare("modifiedTime", op, Instant.ofEpochSecond(t).toString()));
        Arbitrary<Expr> in = v.map(s -> new In(s, "parents"));
        Arbitrary<Expr> has = Combinators.combine(Arbitraries.of("properties", "appProperties"), v, v).as(Has::new);
        return Arbitraries.oneOf(nameEq, mime, bool, time, in, has);
    }

    @Provide
    Arbitrary<Expr> expressions() {
        return expressions(3);
    }

    /** Bounded depth: the parser's recursion is what is under test, not the generator's. */
    Arbitrary<Expr> expressions(int depth) {
        if (depth == 0) {
            return terms();
        }
        Arbitrary<Expr> smaller = expressions(depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, terms()),
                net.jqwik.api.Tuple.of(1, smaller.list().ofMinSize(2).ofMaxSize(3).map(l -> (Expr) new And(List.copyOf(l)))),
                net.jqwik.api.Tuple.of(1, smaller.list().ofMinSize(2).ofMaxSize(3).map(l -> (Expr) new Or(List.copyOf(l)))),
                net.jqwik.api.Tuple.of(1, smaller.map(e -> (Expr) new Not(e))));
    }

    @Property(tries = 500)
    void renderedExpressionsParseBackToThemselves(@ForAll("expressions") Expr expr) {
        assertThat(FileQuery.parse(FileQuery.render(expr))).isEqualTo(expr);
    }

    @Property
    void quotingRoundTripsAnyString(@ForAll String value) {
        Expr parsed = FileQuery.parse("name = " + FileQuery.quote(value));
        assertThat(parsed).isEqualTo(new Compare("name", "=", value));
    }

    @Property
    void nameEqualityMatchesExactlyThatName(@ForAll("values") String name, @ForAll("values") String other) {
        Model.DriveFile f = new Model.DriveFile();
        f.name = name;
        f.mimeType = "text/plain";
        f.owner = "a@example.com";
        f.modifiedTime = Instant.EPOCH;
        f.createdTime = Instant.EPOCH;
        Expr q = FileQuery.parse("name = " + FileQuery.quote(other));
        assertThat(FileQuery.matches(q, f, "a@example.com", "root")).isEqualTo(name.equals(other));
        Expr not = FileQuery.parse("not name = " + FileQuery.quote(other));
        assertThat(FileQuery.matches(not, f, "a@example.com", "root")).isEqualTo(!name.equals(other));
    }

    @Property(tries = 1000)
    void arbitraryInputFailsOnlyWithInvalidValue(@ForAll("garbage") String q) {
        try {
            FileQuery.parse(q);
        } catch (GoogleApiException e) {
            assertThat(e.code).isEqualTo(400);
            assertThat(e.reason).isEqualTo("invalid");
            assertThat(e.location).isEqualTo("q");
        }
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> words = Arbitraries.of("name", "=", "!=", "'x'", "'a\\'b'", "and", "or", "not", "(", ")",
                "in", "parents", "trashed", "false", "true", "contains", "mimeType", "{", "}", "has", "key", "value",
                "properties", "'", "\\", "<", ">=", "modifiedTime", "'2024-01-01T00:00:00'", "foo");
        return words.list().ofMaxSize(10).map(l -> String.join(" ", l));
    }

    @Example
    void andBindsTighterThanOr() {
        Expr e = FileQuery.parse("name = 'a' or name = 'b' and trashed = false");
        assertThat(e).isEqualTo(new Or(List.of(new Compare("name", "=", "a"),
                new And(List.of(new Compare("name", "=", "b"), new Compare("trashed", "=", false))))));
    }

    @Example
    void typicalSyncQueries() {
        assertThat(FileQuery.parse("'1abc' in parents and trashed = false and mimeType = 'application/vnd.google-apps.folder'"))
                .isInstanceOf(And.class);
        assertThat(FileQuery.parse("name = 'it\\'s' and ('p1' in parents or 'p2' in parents)")).isInstanceOf(And.class);
        assertThat(FileQuery.parse("properties has { key='app' and value='drivelink' }"))
                .isEqualTo(new Has("properties", "app", "drivelink"));
    }

    @Example
    void rejectsMalformedQueries() {
        for (String bad : new String[] {"name = ", "name = 'x", "trashed = 'false'", "name > 'x'", "'x' in nowhere",
                "(name = 'x'", "name = 'x' and", "size = '1'", "modifiedTime > 'yesterday'", "name == 'x'"}) {
            assertThatThrownBy(() -> FileQuery.parse(bad)).as(bad).isInstanceOf(GoogleApiException.class);
        }
    }
}
