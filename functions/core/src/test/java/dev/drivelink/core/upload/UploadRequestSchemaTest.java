package dev.drivelink.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documented message format (docs/upload-request.schema.json) and the worker's reader agree: the
 * samples in events/ are valid for both, and each kind of bad message is refused by both.
 */
class UploadRequestSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static JsonSchema schema;
    static Path repo;

    @BeforeAll
    static void load() throws Exception {
        repo = Path.of("").toAbsolutePath();
        while (!Files.exists(repo.resolve("template.yaml"))) {
            repo = repo.getParent();
        }
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(repo.resolve("docs/upload-request.schema.json")));
    }

    static Stream<String> samples() {
        return Stream.of("upload-request-s3.json", "upload-request-url.json");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void theSamplesAreValid(String sample) throws Exception {
        String text = Files.readString(repo.resolve("events").resolve(sample));
        assertThat(schema.validate(JSON.readTree(text))).isEmpty();
        UploadRequest request = UploadMessages.parse(text);
        assertThat(request.version()).isEqualTo(1);
        assertThat(UploadMessages.parse(UploadMessages.write(request))).isEqualTo(request);
    }

    @Test
    void theWorkerSampleCarriesAValidRequest() throws Exception {
        JsonNode event = JSON.readTree(Files.readString(repo.resolve("events/upload-worker-sqs.json")));
        String body = event.at("/Records/0/body").asText();
        assertThat(schema.validate(JSON.readTree(body))).isEmpty();
        assertThat(UploadMessages.parse(body).connectionId()).startsWith("dc_");
    }

    static Stream<Consumer<ObjectNode>> breakages() {
        return Stream.of(
                m -> m.remove("version"),
                m -> m.put("version", 2),
                m -> m.remove("connectionId"),
                m -> m.remove("source"),
                m -> m.putObject("source"),
                m -> m.putObject("source").put("url", "ftp://example.com/x"),
                m -> m.putObject("source").putObject("s3").put("bucket", "b-only"),
                m -> m.remove("fileName"),
                m -> m.put("fileName", "bad\u0001name"),
                m -> m.put("fileName", "evil\u202Egpj.exe"),
                m -> m.put("fileName", "zero\u200Bwidth.wav"),
                m -> m.put("connectionId", "dc_not-an-id"),
                m -> m.put("fileName", "x".repeat(256)),
                m -> m.put("mimeType", "not a mime type"),
                m -> m.put("idempotencyKey", "has spaces"),
                m -> m.put("appRef", 42));
    }

    @ParameterizedTest
    @MethodSource("breakages")
    void eachBadMessageIsRefusedByTheSchemaAndTheWorker(Consumer<ObjectNode> breakage) throws Exception {
        ObjectNode message = (ObjectNode) JSON.readTree(Files.readString(repo.resolve("events/upload-request-s3.json")));
        breakage.accept(message);
        assertThat(schema.validate(message)).as(message.toString()).isNotEmpty();
        assertThatThrownBy(() -> UploadMessages.parse(message.toString()))
                .isInstanceOf(UploadMessages.InvalidUploadRequest.class);
    }

    @Test
    void garbageIsRefusedWithAReason() {
        assertThatThrownBy(() -> UploadMessages.parse("{not json")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> UploadMessages.parse("[]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> UploadMessages.parse("")).hasMessageContaining("empty");
    }
}
