package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldSelectorTest {
    private static final JsonNode LIST = read("""
            {"kind":"drive#fileList","nextPageToken":"t","files":[
              {"id":"1","name":"a","parents":["p"],"owners":[{"emailAddress":"x","displayName":"X"}]},
              {"id":"2","name":"b","parents":["q"],"owners":[{"emailAddress":"y","displayName":"Y"}]}]}
            """);

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String select(String fields) {
        return FieldSelector.parse(fields).apply(LIST).toString();
    }

    @Test
    void topLevelFields() {
        assertThat(select("kind,nextPageToken")).isEqualTo("{\"kind\":\"drive#fileList\",\"nextPageToken\":\"t\"}");
    }

    @Test
    void subSelectionAppliesToEveryArrayElement() {
        assertThat(select("files(id,name),nextPageToken"))
                .isEqualTo("{\"nextPageToken\":\"t\",\"files\":[{\"id\":\"1\",\"name\":\"a\"},{\"id\":\"2\",\"name\":\"b\"}]}");
    }

    @Test
    void pathsAndNestedParentheses() {
        assertThat(select("files/id")).isEqualTo("{\"files\":[{\"id\":\"1\"},{\"id\":\"2\"}]}");
        assertThat(select("files(owners(emailAddress))"))
                .isEqualTo("{\"files\":[{\"owners\":[{\"emailAddress\":\"x\"}]},{\"owners\":[{\"emailAddress\":\"y\"}]}]}");
        assertThat(select("files/id,files/name")).isEqualTo(select("files(id,name)"));
    }

    @Test
    void wildcardSelectsEverything() {
        assertThat(select("*")).isEqualTo(LIST.toString());
        assertThat(select("files(*)")).isEqualTo("{\"files\":" + LIST.get("files") + "}");
    }

    @Test
    void wholeFieldWinsOverSubSelection() {
        assertThat(select("files,files(id)")).isEqualTo("{\"files\":" + LIST.get("files") + "}");
    }

    @Test
    void malformedSelectionsAreInvalidParameter() {
        for (String bad : new String[] {"", "files(", "files(id", "a,,b", "files)", "(id)", "a b"}) {
            assertThatThrownBy(() -> FieldSelector.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(GoogleApiException.class, e -> {
                        assertThat(e.code).isEqualTo(400);
                        assertThat(e.reason).isEqualTo("invalidParameter");
                    });
        }
    }
}
