package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CloudTemplateTest {

    /** The project's own template.yaml: the single source of truth for the local wiring. */
    private static final CloudTemplate PROJECT = CloudTemplate.load(CloudTemplate.find());

    static CloudTemplate sample() {
        try (InputStream in = CloudTemplateTest.class.getResourceAsStream("/sample-template.yaml")) {
            return CloudTemplate.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Path.of("/tmp/sample"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fake physical ids: Ref gives "phys-<id>", GetAtt gives "<attr>-of-<id>". */
    static final Intrinsics.Resources FAKE = new Intrinsics.Resources() {
        @Override
        public Optional<String> findRef(String logicalId) {
            return Optional.of("phys-" + logicalId);
        }

        @Override
        public Optional<String> findAtt(String logicalId, String attribute) {
            return Optional.of(attribute + "-of-" + logicalId);
        }
    };

    @Test
    void projectTemplateDeclaresTheHttpFunctionsWithGlobalsMerged() {
        assertThat(PROJECT.functions()).extracting(CloudTemplate.Function::logicalId)
                .contains("AuthUrlFunction", "CallbackFunction", "ConnectionsFunction");
        CloudTemplate.Function oauth = PROJECT.function("CallbackFunction");
        assertThat(oauth.handler()).isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        assertThat(oauth.runtime()).isEqualTo("java21");
        assertThat(oauth.memorySize()).isEqualTo(1024);
        assertThat(oauth.timeoutSeconds()).isEqualTo(20);
        assertThat(oauth.codeUri()).isEqualTo("functions/api/target/function.zip");
        assertThat(PROJECT.codePath(oauth)).isEqualTo(PROJECT.directory().resolve("functions/api/target/function.zip"));
        assertThat(oauth.environment()).containsKeys("DRIVELINK_TABLE", "DRIVELINK_TOKEN_KEY_ID",
                "DRIVELINK_GOOGLE_CLIENT_ID", "DRIVELINK_FRONTEND_ALLOWED_ORIGINS");
        assertThat(oauth.environment().get("DRIVELINK_TABLE")).isEqualTo(Map.of("Ref", "DriveLinkTable"));
        assertThat(oauth.environment().get("DRIVELINK_TOKEN_KEY_ID"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("TokenKey", "Arn")));
    }

    @Test
    void projectTemplateRoutesAndAuthorizer() {
        assertThat(PROJECT.routes()).extracting(r -> r.event().routeKey())
                .contains("GET /drive/auth-url", "GET /drive/callback", "GET /drive/connections",
                        "GET /drive/connections/{id}");
        CloudTemplate.Route callback = PROJECT.routes().stream()
                .filter(r -> r.event().routeKey().equals("GET /drive/callback")).findFirst().orElseThrow();
        assertThat(callback.function().logicalId()).isEqualTo("CallbackFunction");
        assertThat(callback.api().authorizerFor(callback.event())).isEmpty();
        CloudTemplate.Route list = PROJECT.routes().stream()
                .filter(r -> r.event().routeKey().equals("GET /drive/connections")).findFirst().orElseThrow();
        assertThat(list.event().apiId()).isEqualTo("HttpApi");
        CloudTemplate.JwtAuthorizer jwt = list.api().authorizerFor(list.event()).orElseThrow();
        assertThat(jwt.name()).isEqualTo("UserJwt");
        assertThat(jwt.identitySource()).isEqualTo("$request.header.Authorization");
        assertThat(jwt.issuer()).isEqualTo(Map.of("Ref", "JwtIssuer"));
        assertThat(list.api().corsConfiguration()).isInstanceOf(Map.class);
    }

    @Test
    void projectTemplateEnvironmentResolves() {
        Map<String, String> parameters = new HashMap<>(Map.of("GoogleClientId", "cid", "GoogleClientSecret", "sec",
                "FrontendUrl", "http://localhost:3000/", "AllowedOrigins", "http://localhost:3000,http://127.0.0.1:3000",
                "JwtIssuer", "http://localhost:3000/local", "JwtAudience", "drivelink-local"));
        Intrinsics intrinsics = PROJECT.intrinsics(PROJECT.parameterValues(parameters), "s1", FAKE);
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) intrinsics.resolve(PROJECT.function("ConnectionsFunction").environment());
        assertThat(env).containsEntry("DRIVELINK_TABLE", "phys-DriveLinkTable")
                .containsEntry("DRIVELINK_TOKEN_KEY_ID", "Arn-of-TokenKey")
                .containsEntry("DRIVELINK_GOOGLE_CLIENT_ID", "cid")
                .containsEntry("DRIVELINK_GOOGLE_TOKEN_URI", "https://oauth2.googleapis.com/token")
                .containsEntry("DRIVELINK_FRONTEND_ALLOWED_ORIGINS", "http://localhost:3000,http://127.0.0.1:3000")
                .containsEntry("DRIVELINK_OAUTH_REDIRECT_URI", "");
        assertThat(intrinsics.resolveString(PROJECT.outputs().get("ApiUrl") instanceof Map<?, ?> m ? m.get("Value") : null))
                .isEqualTo("https://phys-HttpApi.execute-api.us-east-1.amazonaws.com");
    }

    @Test
    void shortTagsBecomeLongForms() {
        Map<String, Object> document = TemplateYaml.parse("""
                a: !Ref X
                b: !GetAtt R.Arn
                c: !GetAtt [R, Arn]
                d: !Sub "${X}-y"
                e: !Join [",", [a, b]]
                f: !If [C, !Ref X, !Ref AWS::NoValue]
                g: !Condition C
                """);
        assertThat(document.get("a")).isEqualTo(Map.of("Ref", "X"));
        assertThat(document.get("b")).isEqualTo(Map.of("Fn::GetAtt", List.of("R", "Arn")));
        assertThat(document.get("c")).isEqualTo(Map.of("Fn::GetAtt", List.of("R", "Arn")));
        assertThat(document.get("d")).isEqualTo(Map.of("Fn::Sub", "${X}-y"));
        assertThat(document.get("e")).isEqualTo(Map.of("Fn::Join", List.of(",", List.of("a", "b"))));
        assertThat(document.get("f")).isEqualTo(Map.of("Fn::If",
                List.of("C", Map.of("Ref", "X"), Map.of("Ref", "AWS::NoValue"))));
        assertThat(document.get("g")).isEqualTo(Map.of("Condition", "C"));
    }

    @Test
    void globalsMergeLikeSam() {
        CloudTemplate template = sample();
        CloudTemplate.Function worker = template.function("Worker");
        assertThat(worker.runtime()).isEqualTo("java21");
        assertThat(worker.timeoutSeconds()).isEqualTo(10);
        assertThat(worker.properties().get("Architectures")).isEqualTo(List.of("arm64"));
        assertThat(worker.properties().get("Layers")).isEqualTo(List.of("global-layer", "own-layer"));
        assertThat(worker.environment()).containsEntry("SHARED", "from-globals")
                .containsEntry("OVERRIDDEN", "from-function")
                .containsEntry("TABLE", Map.of("Ref", "Table"))
                .containsKey("QUEUE_URL");
        CloudTemplate.Function api = template.function("Api");
        assertThat(api.memorySize()).isEqualTo(128);
        assertThat(api.environment()).containsOnlyKeys("SHARED", "OVERRIDDEN", "TABLE");
    }

    @Test
    void intrinsicsResolveWithParametersConditionsAndPseudoParameters() {
        CloudTemplate template = sample();
        Intrinsics dev = template.intrinsics(template.parameterValues(Map.of("Secret", "s3cr3t")), "st", FAKE);
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) dev.resolve(template.function("Worker").environment());
        assertThat(env).containsEntry("TABLE", "phys-Table")
                .containsEntry("QUEUE_ARN", "Arn-of-Work")
                .containsEntry("BUCKET_ARN", "Arn-of-Files/*")
                .containsEntry("LITERAL", "${NotAVariable}-dev")
                .containsEntry("WITH_VARS", "y@us-east-1/123456789012")
                .containsEntry("ORIGINS", "http://a.example|http://b.example")
                .containsEntry("FIRST_ORIGIN", "http://a.example")
                .containsEntry("MODE", "development")
                .containsEntry("DEV", "yes")
                .containsEntry("SECRET", "s3cr3t")
                .containsEntry("PARTITION", "aws:amazonaws.com:st")
                .doesNotContainKey("PROD_ONLY");
        assertThat(dev.resolve(template.function("Worker").properties().get("MemorySize"))).isEqualTo(256);

        Intrinsics prod = template.intrinsics(template.parameterValues(Map.of("Stage", "prod", "Secret", "x")), "st", FAKE);
        @SuppressWarnings("unchecked")
        Map<String, Object> prodEnv = (Map<String, Object>) prod.resolve(template.function("Worker").environment());
        assertThat(prodEnv).containsEntry("MODE", "production").containsEntry("PROD_ONLY", "phys-ProdOnlyQueue")
                .doesNotContainKey("DEV");
    }

    @Test
    void parameterProblemsAreClear() {
        CloudTemplate template = sample();
        assertThatThrownBy(() -> template.parameterValues(Map.of("Stage", "qa")))
                .hasMessageContaining("Stage must be one of [dev, prod]");
        assertThatThrownBy(() -> template.parameterValues(Map.of("Nope", "x")))
                .hasMessageContaining("no parameter Nope");
        Intrinsics intrinsics = template.intrinsics(template.parameterValues(Map.of()), "st", FAKE);
        assertThatThrownBy(() -> intrinsics.resolve(Map.of("Ref", "Secret")))
                .isInstanceOf(Intrinsics.UnresolvedException.class)
                .hasMessageContaining("parameter Secret has no value");
    }

    @Test
    void eventsOfEveryKindAndTheImplicitHttpApi() {
        CloudTemplate template = sample();
        CloudTemplate.Function worker = template.function("Worker");
        CloudTemplate.SqsEvent jobs = worker.sqsEvents().get(0);
        assertThat(jobs.batchSize()).isEqualTo(5);
        assertThat(jobs.reportsBatchItemFailures()).isTrue();
        assertThat(jobs.queue()).isEqualTo(Map.of("Fn::GetAtt", List.of("Work", "Arn")));
        CloudTemplate.ScheduleEvent nightly = worker.scheduleEvents().get(0);
        assertThat(nightly.schedule()).isEqualTo("rate(1 day)");
        assertThat(nightly.enabled()).isTrue();

        CloudTemplate.HttpApiEvent any = template.function("Api").httpApiEvents().get(0);
        assertThat(any.routeKey()).isEqualTo("ANY /{proxy+}");
        assertThat(any.apiId()).isEqualTo(CloudTemplate.IMPLICIT_HTTP_API);
        CloudTemplate.HttpApi implicit = template.httpApi(CloudTemplate.IMPLICIT_HTTP_API).orElseThrow();
        assertThat(implicit.implicit()).isTrue();
        assertThat(implicit.authorizerFor(any)).isEmpty();
    }

    @Test
    void creationOrderPutsReferencedResourcesFirst() {
        List<String> order = Provisioner.creationOrder(sample());
        assertThat(order.indexOf("DeadLetters")).isLessThan(order.indexOf("Work"));
        assertThat(order.indexOf("Work")).isLessThan(order.indexOf("Worker"));
        assertThat(order.indexOf("Files")).isLessThan(order.indexOf("Worker"));
        List<String> project = Provisioner.creationOrder(PROJECT);
        assertThat(project.indexOf("TokenKey")).isLessThan(project.indexOf("TokenKeyAlias"));
    }
}
