package dev.drivelink.emulator;

import dev.drivelink.emulator.FileQuery.And;
import dev.drivelink.emulator.FileQuery.Compare;
import dev.drivelink.emulator.FileQuery.Expr;
import dev.drivelink.emulator.FileQuery.Has;
import dev.drivelink.emulator.FileQuery.In;
import dev.drivelink.emulator.FileQuery.Not;
import dev.drivelink.emulator.FileQuery.Or;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Property tests of the q parser (QuickTheories in a plain JUnit 5 class).
 *
 * <p>Seeded and replayable: each run draws a seed (or takes {@code -DQT_SEED=N}); a falsified property fails with
 * the smallest counter-example and a last line {@code Seed was N}. Replay exactly that run with
 * {@code ./mvnw -B -ntp -pl infra/google-emulator verify -Dtest='FileQueryPropertiesTest#method' -DQT_SEED=N}.
 */
class FileQueryPropertiesTest {

    private static final String VALUE_CHARS = "abcXYZ019 '\\\"()=!<>{}_-.é\t";

    /** Strings of up to {@code max} characters taken from {@code alphabet}. */
    static Gen<String> stringsOf(String alphabet, int max) {
        return lists().of(integers().between(0, alphabet.length() - 1)).ofSizeBetween(0, max)
                .map(indexes -> {
                    StringBuilder s = new StringBuilder();
                    indexes.forEach(i -> s.append(alphabet.charAt(i)));
                    return s.toString();
                });
    }

    static Gen<String> values() {
        return stringsOf(VALUE_CHARS, 12);
    }

    static Gen<Expr> terms() {
        Gen<String> v = values();
        Gen<Expr> nameEq = Generate.pick(List.of("=", "!=", "contains")).zip(v, (op, s) -> new Compare("name", op, s));
        Gen<Expr> mime = Generate.pick(List.of("=", "!=")).zip(v, (op, s) -> new Compare("mimeType", op, s));
        Gen<Expr> bool = Generate.pick(List.of("trashed", "starred")).zip(Generate.pick(List.of("=", "!=")),
                booleans().all(), (f, op, b) -> new Compare(f, op, b));
        Gen<Expr> time = Generate.pick(List.of("<", "<=", ">", ">=", "=", "!=")).zip(longs().between(0, 4_000_000_000L),
                (op, t) -> new Compare("modifiedTime", op, Instant.ofEpochSecond(t).toString()));
        Gen<Expr> in = v.map(s -> new In(s, "parents"));
        Gen<Expr> has = Generate.pick(List.of("properties", "appProperties")).zip(v, v, Has::new);
        return Generate.oneOf(nameEq, mime, bool, time, in, has);
    }

    /** Bounded depth: the parser's recursion is what is under test, not the generator's. */
    static Gen<Expr> expressions(int depth) {
        if (depth == 0) {
            return terms();
        }
        Gen<Expr> smaller = expressions(depth - 1);
        Gen<List<Expr>> twoOrThree = lists().of(smaller).ofSizeBetween(2, 3);
        return Generate.frequency(List.of(
                Pair.of(3, terms()),
                Pair.of(1, twoOrThree.map(l -> (Expr) new And(List.copyOf(l)))),
                Pair.of(1, twoOrThree.map(l -> (Expr) new Or(List.copyOf(l)))),
                Pair.of(1, smaller.map(e -> (Expr) new Not(e)))));
    }

    @Test
    void renderedExpressionsParseBackToThemselves() {
        qt().withExamples(1000).forAll(expressions(3))
                .checkAssert(expr -> assertThat(FileQuery.parse(FileQuery.render(expr))).isEqualTo(expr));
    }

    @Test
    void quotingRoundTripsAnyString() {
        // any code point (unpaired surrogates included), mixed half and half with strings dense in the
        // characters quoting must escape: random code points alone rarely hit ' or \
        Gen<String> anyString = strings().allPossible().ofLengthBetween(0, 255).mix(stringsOf("'\\ a\"é", 20));
        qt().withExamples(1000).forAll(anyString).checkAssert(value -> {
            Expr parsed = FileQuery.parse("name = " + FileQuery.quote(value));
            assertThat(parsed).isEqualTo(new Compare("name", "=", value));
        });
    }

    @Test
    void nameEqualityMatchesExactlyThatName() {
        // half the cases ask for the file's own name, so "equal" is exercised as often as "different"
        qt().withExamples(1000).forAll(values(), values(), booleans().all()).checkAssert((name, different, same) -> {
            String other = same ? name : different;
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
        });
    }

    @Test
    void arbitraryInputFailsOnlyWithInvalidValue() {
        qt().withExamples(2000).forAll(garbage()).checkAssert(q -> {
            try {
                FileQuery.parse(q);
            } catch (GoogleApiException e) {
                assertThat(e.code).isEqualTo(400);
                assertThat(e.reason).isEqualTo("invalid");
                assertThat(e.location).isEqualTo("q");
            }
        });
    }

    static Gen<String> garbage() {
        Gen<String> words = Generate.pick(List.of("name", "=", "!=", "'x'", "'a\\'b'", "and", "or", "not", "(", ")",
                "in", "parents", "trashed", "false", "true", "contains", "mimeType", "{", "}", "has", "key", "value",
                "properties", "'", "\\", "<", ">=", "modifiedTime", "'2024-01-01T00:00:00'", "foo"));
        return lists().of(words).ofSizeBetween(0, 10).map(l -> String.join(" ", l));
    }

    @Test
    void andBindsTighterThanOr() {
        Expr e = FileQuery.parse("name = 'a' or name = 'b' and trashed = false");
        assertThat(e).isEqualTo(new Or(List.of(new Compare("name", "=", "a"),
                new And(List.of(new Compare("name", "=", "b"), new Compare("trashed", "=", false))))));
    }

    @Test
    void typicalSyncQueries() {
        assertThat(FileQuery.parse("'1abc' in parents and trashed = false and mimeType = 'application/vnd.google-apps.folder'"))
                .isInstanceOf(And.class);
        assertThat(FileQuery.parse("name = 'it\\'s' and ('p1' in parents or 'p2' in parents)")).isInstanceOf(And.class);
        assertThat(FileQuery.parse("properties has { key='app' and value='drivelink' }"))
                .isEqualTo(new Has("properties", "app", "drivelink"));
    }

    @Test
    void rejectsMalformedQueries() {
        for (String bad : new String[] {"name = ", "name = 'x", "trashed = 'false'", "name > 'x'", "'x' in nowhere",
                "(name = 'x'", "name = 'x' and", "size = '1'", "modifiedTime > 'yesterday'", "name == 'x'"}) {
            assertThatThrownBy(() -> FileQuery.parse(bad)).as(bad).isInstanceOf(GoogleApiException.class);
        }
    }
}
