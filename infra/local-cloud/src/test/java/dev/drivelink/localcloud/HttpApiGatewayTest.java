package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The gateway in front of a real function process (the echo test function), wired by LocalCloud
 * from a small template: JWT authorizer, events in payload format 2.0, responses, CORS, errors.
 */
class HttpApiGatewayTest {

    @TempDir
    static Path dir;
    static LocalCloud cloud;
    static FunctionProcess echo;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        Path template = TestFunctions.templateWithTestFunction(dir, "/gateway-template.yaml");
        cloud = LocalCloud.builder().templateFile(template).aws(LocalAws.shared()).gatewayPort(0).googlePort(0)
                .build().start();
        echo = cloud.function("EchoFunction");
    }

    @AfterAll
    static void stop() {
        List<Long> pids = echo.pids();
        cloud.close();
        assertThat(pids).isNotEmpty().allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(cloud.gatewayUrl() + path));
    }

    static HttpRequest.Builder authorized(String path, String jwt) {
        return get(path).header("Authorization", "Bearer " + jwt);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void theStackIsWiredFromTheTemplate() {
        assertThat(cloud.notBuilt()).containsExactly("NotBuiltFunction");
        Map<String, String> env = cloud.stack().functionEnvironment("EchoFunction");
        assertThat(env).containsEntry("ORIGINS", cloud.gatewayUrl())
                .containsEntry("TABLE", cloud.stack().name() + "-Table")
                .containsEntry("FRONTEND", cloud.gatewayUrl() + "/");
        assertThat(cloud.stack().parameters()).containsEntry("JwtIssuer", cloud.gatewayUrl() + "/local")
                .containsEntry("JwtAudience", "drivelink-local");
    }

    @Test
    void localSignInIssuesAnRs256JwtVerifiableWithTheJwks() throws Exception {
        HttpResponse<String> response = send(get("/local/sign-in").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"user-1\"}")));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("user").asText()).isEqualTo("user-1");
        assertThat(body.get("expiresIn").asInt()).isEqualTo(3600);
        Jwt.Decoded token = Jwt.decode(body.get("token").asText());
        assertThat(token.header()).containsEntry("alg", "RS256");
        assertThat(token.claims()).containsEntry("sub", "user-1").containsEntry("aud", "drivelink-local")
                .containsEntry("iss", cloud.gatewayUrl() + "/local");
        long exp = ((Number) token.claims().get("exp")).longValue();
        assertThat(exp - Instant.now().getEpochSecond()).isBetween(3500L, 3600L);

        JsonNode key = json(send(get("/local/.well-known/jwks.json"))).get("keys").get(0);
        assertThat(key.get("kid").asText()).isEqualTo(token.header().get("kid"));
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e").asText()))));
        assertThat(Jwt.verifyRs256(token, publicKey)).isTrue();

        assertThat(send(get("/local/sign-in").POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"no spaces\"}")))
                .statusCode()).isEqualTo(400);
        assertThat(send(get("/local/sign-in").POST(HttpRequest.BodyPublishers.ofString("{\"user\":\""
                + "x".repeat(65) + "\"}"))).statusCode()).isEqualTo(400);
        assertThat(json(send(get("/local/.well-known/openid-configuration"))).get("issuer").asText())
                .isEqualTo(cloud.gatewayUrl() + "/local");
    }

    @Test
    void anAuthorizedRequestBecomesAPayload20Event() throws Exception {
        String jwt = cloud.signIn("user-1");
        HttpResponse<String> response = send(authorized("/items/it%20em-7?x=1&x=2&y=a%20b&empty=", jwt)
                .header("X-Multi", "one").header("X-Multi", "two")
                .header("Cookie", "session=abc; theme=dark")
                .header("User-Agent", "gateway-test"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode event = Json.MAPPER.readTree(response.body());

        assertThat(event.get("version").asText()).isEqualTo("2.0");
        assertThat(event.get("routeKey").asText()).isEqualTo("GET /items/{id}");
        assertThat(event.get("rawPath").asText()).isEqualTo("/items/it%20em-7");
        assertThat(event.get("rawQueryString").asText()).isEqualTo("x=1&x=2&y=a%20b&empty=");
        assertThat(event.get("queryStringParameters").get("x").asText()).isEqualTo("1,2");
        assertThat(event.get("queryStringParameters").get("y").asText()).isEqualTo("a b");
        assertThat(event.get("queryStringParameters").get("empty").asText()).isEmpty();
        assertThat(event.get("pathParameters").get("id").asText()).isEqualTo("it em-7");
        assertThat(event.get("cookies")).extracting(JsonNode::asText).containsExactly("session=abc", "theme=dark");
        JsonNode headers = event.get("headers");
        assertThat(headers.get("x-multi").asText()).isEqualTo("one,two");
        assertThat(headers.get("authorization").asText()).isEqualTo("Bearer " + jwt);
        assertThat(headers.get("host").asText()).isEqualTo("localhost:" + cloud.gateway().port());
        assertThat(headers.has("cookie")).isFalse();
        headers.fieldNames().forEachRemaining(name -> assertThat(name).isLowerCase());
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.has("body")).isFalse();

        JsonNode context = event.get("requestContext");
        assertThat(context.get("accountId").asText()).isEqualTo("123456789012");
        assertThat(context.get("apiId").asText()).isEqualTo(cloud.stack().ref("Api"));
        assertThat(context.get("domainName").asText()).isEqualTo("localhost:" + cloud.gateway().port());
        assertThat(context.get("domainPrefix").asText()).isEqualTo("localhost");
        assertThat(context.get("stage").asText()).isEqualTo("$default");
        assertThat(context.get("routeKey").asText()).isEqualTo("GET /items/{id}");
        assertThat(context.get("requestId").asText()).isNotBlank()
                .isEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
        assertThat(context.get("time").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(context.get("timeEpoch").asLong()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        JsonNode http = context.get("http");
        assertThat(http.get("method").asText()).isEqualTo("GET");
        assertThat(http.get("path").asText()).isEqualTo("/items/it%20em-7");
        assertThat(http.get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(http.get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(http.get("userAgent").asText()).isEqualTo("gateway-test");
        JsonNode jwtContext = context.get("authorizer").get("jwt");
        assertThat(jwtContext.get("claims").get("sub").asText()).isEqualTo("user-1");
        assertThat(jwtContext.get("claims").get("exp").isTextual()).isTrue();
        assertThat(jwtContext.get("claims").get("aud").asText()).isEqualTo("drivelink-local");
        assertThat(jwtContext.get("scopes").isNull()).isTrue();

        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-echo")).hasValue("yes");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("a=1; Path=/", "b=2");
    }

    @Test
    void bodiesAreTextOrBase64() throws Exception {
        String jwt = cloud.signIn("user-2");
        JsonNode text = json(send(authorized("/items", jwt).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ü\"}"))));
        assertThat(text.get("body").asText()).isEqualTo("{\"name\":\"ü\"}");
        assertThat(text.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(text.get("requestContext").get("http").get("method").asText()).isEqualTo("POST");

        byte[] bytes = {0, 1, 2, (byte) 0xff};
        JsonNode binary = json(send(authorized("/items", jwt).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))));
        assertThat(binary.get("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(binary.get("body").asText())).isEqualTo(bytes);
    }

    @Test
    void badTokensAre401WithoutInvokingTheFunction() throws Exception {
        LocalSignIn stranger = new LocalSignIn(cloud.gateway().localIssuer());
        long now = Instant.now().getEpochSecond();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("missing", null);
        tokens.put("garbage", "Bearer not-a-jwt");
        tokens.put("bad signature", "Bearer " + stranger.issue("user-1"));
        tokens.put("tampered", "Bearer " + tamper(cloud.signIn("user-1")));
        tokens.put("wrong audience", "Bearer " + cloud.gateway().signIn().sign(claims("user-1", cloud.gateway().localIssuer(),
                "someone-else", now - 10, now + 600)));
        tokens.put("wrong issuer", "Bearer " + cloud.gateway().signIn().sign(claims("user-1", "https://issuer.example",
                "drivelink-local", now - 10, now + 600)));
        tokens.put("expired", "Bearer " + cloud.gateway().signIn().sign(claims("user-1", cloud.gateway().localIssuer(),
                "drivelink-local", now - 7200, now - 3600)));
        Map<String, Object> notYet = claims("user-1", cloud.gateway().localIssuer(), "drivelink-local", now - 10, now + 600);
        notYet.put("nbf", now + 300);
        tokens.put("not yet valid", "Bearer " + cloud.gateway().signIn().sign(notYet));

        long before = echo.invocations();
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            HttpRequest.Builder request = get("/items/1");
            if (token.getValue() != null) {
                request.header("Authorization", token.getValue());
            }
            HttpResponse<String> response = send(request);
            assertThat(response.statusCode()).as(token.getKey()).isEqualTo(401);
            assertThat(response.body()).as(token.getKey()).isEqualTo("{\"message\":\"Unauthorized\"}");
        }
        assertThat(echo.invocations()).isEqualTo(before);

        // a token without the Bearer prefix is accepted, as API Gateway does
        assertThat(send(get("/items/1").header("Authorization", cloud.signIn("user-1"))).statusCode()).isEqualTo(200);
    }

    static Map<String, Object> claims(String sub, String iss, Object aud, long iat, long exp) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", iss);
        claims.put("sub", sub);
        claims.put("aud", aud);
        claims.put("iat", iat);
        claims.put("exp", exp);
        return claims;
    }

    static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"user-1\"", "\"admin\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    @Test
    void routeScopesAre403WhenMissingAndListedWhenPresent() throws Exception {
        assertThat(send(authorized("/scoped", cloud.signIn("user-1"))).statusCode()).isEqualTo(403);
        String scoped = cloud.gateway().signIn().issue("user-1", Map.of("scope", "drive.read drive.admin"));
        HttpResponse<String> ok = send(authorized("/scoped", scoped));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("requestContext").get("authorizer").get("jwt").get("scopes"))
                .extracting(JsonNode::asText).containsExactly("drive.read", "drive.admin");
    }

    @Test
    void publicAndGreedyRoutesNeedNoToken() throws Exception {
        JsonNode publicEvent = json(send(get("/public")));
        assertThat(publicEvent.get("routeKey").asText()).isEqualTo("GET /public");
        assertThat(publicEvent.get("requestContext").has("authorizer")).isFalse();
        assertThat(publicEvent.has("queryStringParameters")).isFalse();
        assertThat(publicEvent.has("pathParameters")).isFalse();

        JsonNode proxy = json(send(get("/proxy/a/b/c").method("DELETE", HttpRequest.BodyPublishers.noBody())));
        assertThat(proxy.get("routeKey").asText()).isEqualTo("ANY /proxy/{proxy+}");
        assertThat(proxy.get("pathParameters").get("proxy").asText()).isEqualTo("a/b/c");
    }

    @Test
    void unknownRoutesAre404AndFunctionErrorsAre500() throws Exception {
        HttpResponse<String> unknown = send(get("/nope"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(send(get("/public").method("PUT", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);
        assertThat(send(get("/items/1/extra")).statusCode()).isEqualTo(404);

        HttpResponse<String> failed = send(get("/fail"));
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");

        HttpResponse<String> notBuilt = send(get("/missing"));
        assertThat(notBuilt.statusCode()).isEqualTo(500);
        assertThat(notBuilt.headers().firstValue("x-local-cloud-error")).get().asString().contains("build/missing.zip");
    }

    @Test
    void aFunctionTimeoutIs500AndTheNextRequestIsServed() throws Exception {
        HttpResponse<String> slow = send(get("/slow"));
        assertThat(slow.statusCode()).isEqualTo(500);
        assertThat(send(get("/public")).statusCode()).isEqualTo(200);
        assertThat(echo.logs()).anyMatch(line -> line.contains("Task timed out after 2.00 seconds"));
    }

    @Test
    void corsFollowsTheTemplate() throws Exception {
        String origin = cloud.gatewayUrl();
        HttpResponse<String> preflight = send(get("/items/1").header("Origin", origin)
                .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(origin);
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("GET,POST,OPTIONS");
        assertThat(preflight.headers().firstValue("access-control-allow-headers")).hasValue("authorization,content-type");
        assertThat(preflight.headers().firstValue("access-control-max-age")).hasValue("600");

        HttpResponse<String> foreign = send(get("/items/1").header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(foreign.headers().firstValue("access-control-allow-origin")).isEmpty();

        HttpResponse<String> actual = send(get("/public").header("Origin", origin));
        assertThat(actual.headers().firstValue("access-control-allow-origin")).hasValue(origin);
    }

    @Test
    void aFunctionUrlTakesEveryPathToItsFunction() throws Exception {
        String url = cloud.functionUrls().get("HookFunction").url();
        assertThat(cloud.stack().functionEnvironment("EchoFunction")).containsEntry("HOOK_URL", url);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "drive/webhook?x=1"))
                .header("X-Goog-Channel-Id", "ch-1").POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode event = json(response);
        assertThat(event.get("routeKey").asText()).isEqualTo("$default");
        assertThat(event.get("rawPath").asText()).isEqualTo("/drive/webhook");
        assertThat(event.get("queryStringParameters").get("x").asText()).isEqualTo("1");
        assertThat(event.get("headers").get("x-goog-channel-id").asText()).isEqualTo("ch-1");
        assertThat(event.get("requestContext").get("accountId").asText()).isEqualTo("anonymous");
        assertThat(event.get("requestContext").has("authorizer")).isFalse();
        assertThat(cloud.function("HookFunction").invocations()).isEqualTo(1);
        assertThat(LocalCloudMain.banner(cloud)).contains("  function URL     HookFunctionUrl  " + url + "  (HookFunction)");
    }

    @Test
    void functionInitIsMeasuredFromJvmStartToTheFirstAnswer() throws Exception {
        CloudTemplate.Function function = cloud.template().function("EchoFunction");
        JsonNode event = Json.MAPPER.readTree(FunctionInit.firstEvent(cloud, function));
        assertThat(event.get("routeKey").asText()).isEqualTo("GET /items/{id}");
        assertThat(event.get("rawPath").asText()).isEqualTo("/items/init");
        assertThat(event.get("pathParameters").get("id").asText()).isEqualTo("init");
        assertThat(event.get("requestContext").get("authorizer").get("jwt").get("claims").get("sub").asText())
                .isEqualTo("init-user");

        FunctionInit.Sample sample = FunctionInit.measure(cloud, function);
        assertThat(sample.outcome()).isEqualTo("HTTP 200");
        assertThat(sample.init()).isPositive();
        assertThat(sample.firstInvocation()).isPositive();
        assertThat(sample.total()).isEqualTo(sample.init().plus(sample.firstInvocation()));
        assertThat(sample.cpu()).as("CPU time of the function JVM until it answered").isPositive();
        List<String> table = FunctionInit.table(cloud.template(), Map.of("EchoFunction", List.of(sample)), 60_000);
        assertThat(table.get(2)).startsWith("| EchoFunction ").contains("| HTTP 200 ").contains("met (60000)");
    }

    @Test
    void thePageIsServedAtTheRoot() throws Exception {
        HttpResponse<String> page = send(get("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).get().asString().startsWith("text/html");
        assertThat(page.body()).contains("id=\"user\"", "id=\"sign-in\"", "id=\"signed-in-as\"", "id=\"connect\"",
                "id=\"message\"", "id=\"connections\"", "id=\"sign-out\"");
    }
}
