package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.upload.UploadJobs;
import dev.drivelink.core.upload.UploadRequest;
import dev.drivelink.core.upload.UploadSource;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The bad-input catalog: a table of malformed and hostile inputs thrown at every route and at the
 * upload queue of a stack with production rules ({@link ProductionRulesWorld}), as clients would send
 * them through the gateway. Every HTTP answer is a 4xx (an {@code application/problem+json} problem from
 * our functions, or the gateway's own 401/404), never a 5xx; the callback always redirects with an error
 * code; every queue message ends in the dead-letter queue with a {@code drivelink-reason} or as a FAILED
 * job with its reason. And nothing is written where it should not be: no table item and no Drive file or
 * folder carries a row's marker, and the connections are unchanged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCatalogTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger ROWS = new AtomicInteger();
    static final String ME_ACCOUNT = "alice@example.com";
    static final String OTHER_ACCOUNT = "bob@example.com";
    static LocalCloud cloud;
    static Gateway gateway;
    static String me;
    static String jwt;
    static String mine;
    static String other;
    static String otherJwt;
    static String others;
    static String othersUpload;
    static String table;
    static Map<String, Long> versionsBefore;

    @BeforeAll
    static void start() throws Exception {
        cloud = ProductionRulesWorld.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
        table = cloud.stack().ref("DriveLinkTable");
        me = "catalog-" + UUID.randomUUID().toString().substring(0, 8);
        jwt = cloud.signIn(me);
        mine = connect(jwt, ME_ACCOUNT);
        other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        otherJwt = cloud.signIn(other);
        others = connect(otherJwt, OTHER_ACCOUNT);
        HttpResponse<String> upload = gateway.call("POST", "/drive/uploads", otherJwt, "{\"connectionId\":\"" + others
                + "\",\"source\":{\"url\":\"https://files.example.com/x.wav\"},\"fileName\":\"x.wav\",\"mimeType\":\"audio/wav\"}");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        othersUpload = JSON.readTree(upload.body()).get("id").asText();
        versionsBefore = Map.of(mine, version(mine), others, version(others));
    }

    @AfterAll
    static void report() {
        System.out.println("bad-input catalog: " + ROWS.get() + " cases");
    }

    static String connect(String userJwt, String account) throws Exception {
        var authUrl = gateway.get("/drive/auth-url", userJwt);
        URI back = new ConsentBrowser().allow(JSON.readTree(authUrl.body()).get("url").asText(), account);
        URI landing = URI.create(gateway.get(back.toString(), null).headers().firstValue("Location").orElseThrow());
        return ConsentBrowser.query(landing).get("connectionId");
    }

    static long version(String connectionId) {
        var item = cloud.aws().dynamoDb().getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("CONN#" + connectionId), "sk", AttributeValue.fromS("CONN")))).item();
        return Long.parseLong(item.get("version").n());
    }

    // ---- building hostile bodies ----------------------------------------------------------------------

    /** A JSON string literal of {@code s}, every non-ASCII or control character escaped (lone surrogates too). */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static String marker() {
        return "MK" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Bodies that are no drivelink request whatever the route. */
    static Map<String, String> malformedBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty body", "");
        bodies.put("blank body", "   \n ");
        bodies.put("null", "null");
        bodies.put("an array", "[]");
        bodies.put("a number", "42");
        bodies.put("a string", "\"folder\"");
        bodies.put("true", "true");
        bodies.put("unclosed object", "{");
        bodies.put("two objects", "{}{}");
        bodies.put("trailing garbage", "{\"name\":\"a\"} x");
        bodies.put("single quotes", "{'name':'a'}");
        bodies.put("comment", "/* hi */ {\"name\":\"a\"}");
        bodies.put("NaN", "{\"name\":NaN}");
        bodies.put("raw NUL in a string", "{\"name\":\"a\u0000b\"}");
        bodies.put("raw newline in a string", "{\"name\":\"a\nb\"}");
        bodies.put("bad escape", "{\"name\":\"\\x41\"}");
        bodies.put("arrays nested 1001 deep", "{\"name\":" + "[".repeat(1001) + "]".repeat(1001) + "}");
        bodies.put("objects nested 1001 deep", "{\"name\":" + "{\"a\":".repeat(1001) + "1" + "}".repeat(1001) + "}");
        bodies.put("objects nested 40 deep", "{\"name\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}");
        bodies.put("a 1001-digit number", "{\"name\":" + "9".repeat(1001) + "}");
        bodies.put("a 100-digit negative number", "{\"name\":-" + "9".repeat(100) + "}");
        bodies.put("a 1001-digit fraction", "{\"name\":0." + "1".repeat(1001) + "}");
        bodies.put("a body over 16 KiB", "{\"name\":\"" + "a".repeat(17 * 1024) + "\"}");
        bodies.put("a body over 64 KiB", "{\"name\":\"" + "a".repeat(70 * 1024) + "\"}");
        bodies.put("many keys and no field", "{" + String.join(",", java.util.Collections.nCopies(2000, "\"k\":1")) + "}");
        return bodies;
    }

    record Call(String name, String method, String path, String token, String body, int status, String code,
                String marker) {
    }

    static List<Call> httpCases() {
        List<Call> calls = new ArrayList<>();
        Map<String, String> bodyRoutes = new LinkedHashMap<>();
        bodyRoutes.put("PATCH", "/drive/connections/" + mine + "/folder");
        bodyRoutes.put("POST folders", "/drive/connections/" + mine + "/folders");
        bodyRoutes.put("POST resolve", "/drive/folder/resolve");
        bodyRoutes.put("POST uploads", "/drive/uploads");
        bodyRoutes.forEach((route, path) -> malformedBodies().forEach((what, body) -> {
            int status = what.startsWith("a body over") ? 413 : 400;
            String code = what.startsWith("empty") || what.startsWith("blank") ? "body-required"
                    : status == 413 || what.startsWith("many keys") ? null : "malformed-json";
            calls.add(new Call(route + ": " + what, route.startsWith("PATCH") ? "PATCH" : "POST", path, jwt, body,
                    status, code, null));
        }));

        // PATCH /drive/connections/{id}/folder
        String folder = "/drive/connections/" + mine + "/folder";
        for (String[] c : new String[][] {
            {"{}", "missing-field"}, {"{\"folder\":null}", "missing-field"}, {"{\"folder\":\"\"}", "missing-field"},
            {"{\"folder\":1}", "invalid-field"}, {"{\"folder\":[\"x\"]}", "invalid-field"}, {"{\"folder\":{\"id\":\"x\"}}", "invalid-field"},
            {"{\"folder\":true}", "invalid-field"},
            {"{\"folder\":\"not a link\"}", "invalid-folder-reference"},
            {"{\"folder\":\"https://evil.example/drive/folders/1234567890abcdef\"}", "invalid-folder-reference"},
            {"{\"folder\":\"javascript:alert(1)\"}", "invalid-folder-reference"},
            {"{\"folder\":\"https://drive.google.com/drive/folders/../../x\"}", "invalid-folder-reference"},
            {"{\"folder\":\"https://drive.google.com@evil.example/drive/folders/1234567890abcdef\"}", "invalid-folder-reference"},
            {"{\"folder\":" + q("x".repeat(5000)) + "}", "invalid-folder-reference"},
            {"{\"folder\":" + q("1234567890\u202eabcdef") + "}", "invalid-folder-reference"},
            {"{\"folder\":" + q("1234567890abcdef\u0000") + "}", "invalid-folder-reference"},
            {"{\"folder\":\"1NoSuchFolderAtAll00000000\"}", "folder-not-found"}}) {
            calls.add(new Call("PATCH folder " + c[0].substring(0, Math.min(60, c[0].length())), "PATCH", folder, jwt, c[0],
                    400, c[1], null));
        }
        calls.add(new Call("PATCH someone else's connection", "PATCH", "/drive/connections/" + others + "/folder", jwt,
                "{\"folder\":\"1234567890abcdef\"}", 404, "not-found", null));

        // POST /drive/connections/{id}/folders: names
        String folders = "/drive/connections/" + mine + "/folders";
        calls.add(new Call("folders: {}", "POST", folders, jwt, "{}", 400, "missing-field", null));
        calls.add(new Call("folders: name a number", "POST", folders, jwt, "{\"name\":5}", 400, "invalid-field", null));
        calls.add(new Call("folders: name an object", "POST", folders, jwt, "{\"name\":{}}", 400, "invalid-field", null));
        for (String[] c : new String[][] {
            {"dot", "."}, {"dot dot", ".."}, {"dot dot padded", " .. "}, {"tab only", "\t"}, {"NUL", "\u0000"},
            {"RLO", "\u202e"}, {"LRO", "\u202d"}, {"bidi isolate", "\u2066"}, {"LRM", "\u200e"}, {"ZWSP", "\u200b"},
            {"ZWJ", "\u200d"}, {"BOM", "\ufeff"}, {"soft hyphen", "\u00ad"}, {"line separator", "\u2028"},
            {"paragraph separator", "\u2029"}, {"NEL", "\u0085"}, {"DEL", "\u007f"}, {"newline", "\n"},
            {"escape", "\u001b[31m"}, {"lone high surrogate", "\ud800"}, {"lone low surrogate", "\udc00"},
            {"noncharacter", "\uffff"}, {"too long", "x".repeat(256)}}) {
            String marker = marker();
            String name = c[1].equals("x".repeat(256)) ? marker + c[1] : marker + c[1] + "tail";
            if (c[0].startsWith("dot") || c[0].equals("tab only")) {
                name = c[1];
                marker = null;
            }
            calls.add(new Call("folders: name with " + c[0], "POST", folders, jwt, "{\"name\":" + q(name) + "}", 400,
                    name.isBlank() ? "missing-field" : "invalid-folder-name", marker));
        }
        calls.add(new Call("folders: someone else's connection", "POST", "/drive/connections/" + others + "/folders", jwt,
                "{\"name\":\"" + marker() + "\"}", 404, "not-found", null));

        // POST /drive/folder/resolve
        String resolve = "/drive/folder/resolve";
        calls.add(new Call("resolve: {}", "POST", resolve, jwt, "{}", 400, "missing-field", null));
        calls.add(new Call("resolve: bad link", "POST", resolve, jwt, "{\"folder\":\"ftp://drive.google.com/x\"}", 400,
                "invalid-folder-reference", null));
        calls.add(new Call("resolve: connectionId a number", "POST", resolve, jwt,
                "{\"folder\":\"1234567890abcdef\",\"connectionId\":5}", 400, "invalid-field", null));
        calls.add(new Call("resolve: unknown connection", "POST", resolve, jwt,
                "{\"folder\":\"1234567890abcdef\",\"connectionId\":\"dc_00000000000000000000000000000000\"}", 404, "not-found", null));
        calls.add(new Call("resolve: someone else's connection", "POST", resolve, jwt,
                "{\"folder\":\"1234567890abcdef\",\"connectionId\":\"" + others + "\"}", 404, "not-found", null));
        calls.add(new Call("resolve: connectionId 5000 chars", "POST", resolve, jwt,
                "{\"folder\":\"1234567890abcdef\",\"connectionId\":\"dc_" + "a".repeat(5000) + "\"}", 404, "not-found", null));

        // POST /drive/uploads
        uploadCases(calls);

        // ids in paths
        for (String id : new String[] {"x", "dc_", "dc_" + "A".repeat(32), "dc_" + "0".repeat(31), "dc_" + "0".repeat(33),
            "dc_" + "g".repeat(32), "%2e%2e", "..%2f..%2fetc", "%00", "dc_" + "0".repeat(32) + "%00", "x".repeat(3000),
            "%E2%80%AE", others}) {
            // oddly encoded ids may already be answered by the gateway's router (404 {"message"}): code not pinned
            calls.add(new Call("GET connection " + id.substring(0, Math.min(id.length(), 40)), "GET",
                    "/drive/connections/" + id, jwt, null, 404, id.contains("%") || id.length() > 100 ? null : "not-found", null));
        }
        calls.add(new Call("DELETE someone else's connection", "DELETE", "/drive/connections/" + others, jwt, null, 404,
                "not-found", null));
        calls.add(new Call("refresh someone else's connection", "POST", "/drive/connections/" + others + "/refresh", jwt,
                null, 404, "not-found", null));
        calls.add(new Call("refresh an unknown connection", "POST", "/drive/connections/dc_" + "0".repeat(32) + "/refresh",
                jwt, null, 404, "not-found", null));
        for (String id : new String[] {"x", "up_", "up_" + "F".repeat(32), "up_" + "0".repeat(33), "x".repeat(3000), "%00",
            othersUpload}) {
            calls.add(new Call("GET upload " + id.substring(0, Math.min(id.length(), 40)), "GET", "/drive/uploads/" + id, jwt,
                    null, 404, id.contains("%") || id.length() > 100 ? null : "not-found", null));
        }

        // GET /drive/auth-url
        for (String redirect : new String[] {"https://evil.example/", "javascript:alert(1)", "//evil.example/x",
            cloud.gatewayUrl() + "@evil.example/", cloud.gatewayUrl().replace("http://", "https://"), "data:text/html,hi",
            cloud.gatewayUrl() + "\\@evil.example", cloud.gatewayUrl() + "/" + "a".repeat(2100), "/relative",
            cloud.gatewayUrl() + "/\u0000", "http://user@" + cloud.gatewayUrl().substring("http://".length()) + "/"}) {
            calls.add(new Call("auth-url redirectAfter " + redirect.substring(0, Math.min(50, redirect.length())), "GET",
                    "/drive/auth-url?redirectAfter=" + enc(redirect), jwt, null, 400, "redirect-not-allowed", null));
        }
        for (String ref : new String[] {"https://evil.example/drive/folders/1234567890abcdef", "x".repeat(5000), "..",
            "1234567890\u202eabcdef"}) {
            calls.add(new Call("auth-url folder " + ref.substring(0, Math.min(40, ref.length())), "GET",
                    "/drive/auth-url?folder=" + enc(ref), jwt, null, 400, "invalid-folder-reference", null));
        }

        // no or a bad JWT: the gateway's authorizer answers (not a problem document)
        calls.add(new Call("connections without a JWT", "GET", "/drive/connections", null, null, 401, null, null));
        calls.add(new Call("uploads with a forged JWT", "POST", "/drive/uploads", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
                "{}", 401, null, null));
        calls.add(new Call("auth-url with garbage as JWT", "GET", "/drive/auth-url", "garbage", null, 401, null, null));
        return calls;
    }

    static void uploadCases(List<Call> calls) {
        String own = "users/" + me + "/in.wav";
        String bucket = cloud.sourceBucket();
        String s3 = "{\"s3\":{\"bucket\":\"" + bucket + "\",\"key\":\"" + own + "\"}}";
        String url = "{\"url\":\"https://files.example.com/in.wav\"}";
        // name -> {connectionId json, source json, fileName json, extra, expected status, expected code}
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"no connectionId", null, s3, null, "", "400", "invalid-upload-request"});
        rows.add(new String[] {"connectionId a number", "5", s3, null, "", "400", "invalid-upload-request"});
        rows.add(new String[] {"connectionId malformed", "\"dc_zz\"", s3, null, "", "400", "invalid-upload-request"});
        rows.add(new String[] {"connectionId 5000 chars", q("dc_" + "0".repeat(5000)), s3, null, "", "400", "invalid-upload-request"});
        rows.add(new String[] {"unknown connection", "\"dc_" + "0".repeat(32) + "\"", s3, null, "", "404", "not-found"});
        rows.add(new String[] {"someone else's connection", "\"" + others + "\"", url, null, "", "404", "not-found"});
        rows.add(new String[] {"no source", "", null, null, "", "400", "invalid-upload-request"});
        rows.add(new String[] {"source a string", "", "\"s3://b/k\"", null, "", "400", "invalid-upload-request"});
        rows.add(new String[] {"source empty", "", "{}", null, "", "400", "invalid-upload-request"});
        rows.add(new String[] {"source both", "", "{\"s3\":{\"bucket\":\"" + bucket + "\",\"key\":\"" + own
                + "\"},\"url\":\"https://files.example.com/a\"}", null, "", "400", "invalid-upload-request"});
        rows.add(new String[] {"s3 not an object", "", "{\"s3\":\"x\"}", null, "", "400", "invalid-upload-request"});
        rows.add(new String[] {"s3 without key", "", "{\"s3\":{\"bucket\":\"" + bucket + "\"}}", null, "", "400", "invalid-upload-request"});
        rows.add(new String[] {"s3 key a number", "", "{\"s3\":{\"bucket\":\"" + bucket + "\",\"key\":5}}", null, "", "400", "invalid-upload-request"});
        for (String[] key : new String[][] {
            {"bucket not allowed", "other-bucket", own},
            {"another user's key", bucket, "users/" + other + "/in.wav"},
            {"a key outside users/", bucket, "renders/in.wav"},
            {"traversal", bucket, "users/" + me + "/../" + other + "/in.wav"},
            {"dot segment", bucket, "users/" + me + "/./in.wav"},
            {"empty segment", bucket, "users/" + me + "//in.wav"},
            {"the prefix alone", bucket, "users/" + me + "/"},
            {"a longer user id", bucket, "users/" + me + "x/in.wav"},
            {"backslashes", bucket, "users/" + me + "/..\\..\\in.wav"},
            {"NUL in key", bucket, "users/" + me + "/a\u0000b.wav"},
            {"a 2000-byte key", bucket, "users/" + me + "/" + "k".repeat(2000)}}) {
            rows.add(new String[] {"s3 " + key[0], "", "{\"s3\":{\"bucket\":" + q(key[1]) + ",\"key\":" + q(key[2]) + "}}", null,
                    "", "400", "source-not-allowed"});
        }
        for (String bad : new String[] {"ftp://files.example.com/a", "javascript:alert(1)", "file:///etc/passwd",
            "data:text/plain,hi", "gopher://files.example.com/", "//files.example.com/a"}) {
            rows.add(new String[] {"url " + bad, "", "{\"url\":" + q(bad) + "}", null, "", "400", "invalid-upload-request"});
        }
        for (String bad : new String[] {"http://files.example.com/a", "https://files.example.com:8443/a",
            "https://files.example.com:80/a", "https://user:pw@files.example.com/a", "https://127.0.0.1/a", "https://127.1/a",
            "https://2130706433/a", "https://0x7f000001/a", "https://[::1]/a", "https://[::ffff:127.0.0.1]/a",
            "https://[::ffff:a9fe:a9fe]/a", "https://[::7f00:1]/a", "https://169.254.169.254/latest/meta-data/",
            "https://[fd00:ec2::254]/a", "https://10.0.0.1/a", "https://172.16.5.4/a", "https://192.168.0.1/a",
            "https://100.64.0.1/a", "https://0.0.0.0/a", "https://224.0.0.1/a", "https://255.255.255.255/a",
            "https://[fc00::1]/a", "https://[fe80::1]/a", "https://[ff02::1]/a", "https://[64:ff9b::a9fe:a9fe]/a",
            "https://[2001:db8::1]/a", "https://[2002:7f00:1::]/a", "https://localhost/a", "https://localhost./a",
            "https://LOCALHOST/a", "https://foo.localhost/a", "https://metadata.google.internal/a", "https://printer.local/a",
            "https://metadata/a", "https:///a", "https://files.example.com/" + "a".repeat(8200)}) {
            rows.add(new String[] {"url " + bad.substring(0, Math.min(60, bad.length())), "", "{\"url\":" + q(bad) + "}",
                    null, "", "400", "source-not-allowed"});
        }
        for (String[] name : new String[][] {{"no fileName", null}, {"empty fileName", "\"\""}, {"fileName ..", "\"..\""},
            {"fileName a number", "5"}, {"fileName 256 chars", q("x".repeat(256))}, {"fileName RLO", q("evil\u202egpj.exe")},
            {"fileName ZWSP", q("a\u200bb.wav")}, {"fileName NUL", q("a\u0000b.wav")}, {"fileName BOM", q("\ufeffa.wav")},
            {"fileName lone surrogate", q("a\ud800.wav")}, {"fileName newline", q("a\nb.wav")}}) {
            rows.add(new String[] {name[0], "", s3, name[1] == null ? "-" : name[1], "", "400", "invalid-upload-request"});
        }
        for (String[] extra : new String[][] {
            {"mimeType missing", "!nomime"}, {"mimeType not a type", ",\"mimeType\":\"nope\""},
            {"mimeType with parameters", ",\"mimeType\":\"text/html; charset=utf-8\""}, {"mimeType a/b/c", ",\"mimeType\":\"a/b/c\""},
            {"mimeType a number", ",\"mimeType\":5"},
            {"folderPath 21 levels", ",\"folderPath\":\"" + "a/".repeat(21) + "\""},
            {"folderPath over 900 bytes", ",\"folderPath\":" + q(String.join("/", java.util.Collections.nCopies(5, "\u00e9".repeat(100))))},
            {"folderPath over 5120 chars", ",\"folderPath\":\"" + "a".repeat(5200) + "\""},
            {"folderPath with ..", ",\"folderPath\":\"renders/../x\""}, {"folderPath with RLO", ",\"folderPath\":" + q("a/\u202eb")},
            {"folderPath with NUL", ",\"folderPath\":" + q("a/\u0000")}, {"folderPath a number", ",\"folderPath\":5"},
            {"appRef a number", ",\"appRef\":42"}, {"appRef an array", ",\"appRef\":[1]"}, {"appRef true", ",\"appRef\":true"},
            {"appRef over 4 KiB", ",\"appRef\":{\"x\":\"" + "a".repeat(5000) + "\"}"},

            {"idempotencyKey with a space", ",\"idempotencyKey\":\"a b\""}, {"idempotencyKey 201 chars", ",\"idempotencyKey\":\"" + "k".repeat(201) + "\""},
            {"idempotencyKey non-ASCII", ",\"idempotencyKey\":" + q("\u00e9")}, {"idempotencyKey a number", ",\"idempotencyKey\":5"},
            {"uploadId given", ",\"uploadId\":\"up_" + "0".repeat(32) + "\""}, {"uploadId malformed", ",\"uploadId\":\"x\""},
            {"version 2", ",\"version\":2"}, {"version a string", ",\"version\":\"1\""}, {"version 1.5", ",\"version\":1.5"}}) {
            rows.add(new String[] {extra[0], "", s3, null, extra[1], "400", "invalid-upload-request"});
        }
        rows.add(new String[] {"appRef nested 40 deep", "", s3, null, ",\"appRef\":" + "{\"a\":".repeat(40) + "1"
                + "}".repeat(40), "400", "malformed-json"});
        for (String[] row : rows) {
            String marker = marker();
            StringBuilder body = new StringBuilder("{");
            String connection = row[1] == null ? null : row[1].isEmpty() ? "\"" + mine + "\"" : row[1];
            List<String> fields = new ArrayList<>();
            if (connection != null) {
                fields.add("\"connectionId\":" + connection);
            }
            if (row[2] != null) {
                fields.add("\"source\":" + row[2]);
            }
            if (!"-".equals(row[3])) {
                fields.add("\"fileName\":" + (row[3] == null ? "\"" + marker + ".wav\"" : row[3]));
            }
            if (!row[4].equals("!nomime")) {
                if (!row[4].contains("\"mimeType\"")) {
                    fields.add("\"mimeType\":\"audio/wav\"");
                }
            }
            if (!row[4].contains("idempotencyKey")) {
                fields.add("\"idempotencyKey\":\"" + marker + "\"");
            }
            body.append(String.join(",", fields));
            if (!row[4].startsWith("!")) {
                body.append(row[4]);
            }
            body.append("}");
            calls.add(new Call("uploads: " + row[0], "POST", "/drive/uploads", jwt, body.toString(),
                    Integer.parseInt(row[5]), row[6], marker));
        }
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyRouteAnswersBadInputWithA4xxAndWritesNothing() {
        return httpCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            ROWS.incrementAndGet();
            HttpResponse<String> response = gateway.call(c.method(), c.path(), c.token(), c.body());
            assertThat(response.statusCode()).as(c.name() + ": " + response.body()).isEqualTo(c.status());
            assertThat(response.statusCode()).isBetween(400, 499);
            JsonNode problem = JSON.readTree(response.body());
            if (c.code() != null) {
                assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(problem.get("code").asText()).as(response.body()).isEqualTo(c.code());
                assertThat(problem.get("status").asInt()).isEqualTo(c.status());
                assertThat(problem.get("detail").asText()).isNotBlank();
            } else if (c.status() == 401) {
                assertThat(problem.get("message").asText()).isEqualTo("Unauthorized");
            }
            if (c.marker() != null) {
                assertNothingCarries(c.marker());
            }
        }));
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> theCallbackRedirectsEveryBadQueryWithAnErrorAndStoresNothing() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("no query", "");
        queries.put("code only", "code=abc");
        queries.put("a 5000-character state", "state=" + "x".repeat(5000) + "&code=abc");
        queries.put("a 43-character unknown state", "state=" + "A".repeat(43) + "&code=abc");
        queries.put("a state with a NUL", "state=" + "A".repeat(42) + "%00&code=abc");
        queries.put("a state with a key prefix", "state=" + enc("STATE#" + "A".repeat(37)) + "&code=abc");
        queries.put("a state like a path", "state=..%2F..%2F&code=abc");
        queries.put("an unknown state with an error", "state=" + "A".repeat(43) + "&error=access_denied");
        queries.put("a long error", "state=" + "A".repeat(43) + "&error=" + "e".repeat(3000));
        queries.put("a long code", "state=" + "A".repeat(43) + "&code=" + "c".repeat(5000));
        queries.put("repeated states", "state=a&state=b&code=c");
        queries.put("an overlong UTF-8 state", "state=%C0%AF%C0%AF&code=c");
        queries.put("an encoded percent state", "state=%25ZZ&code=%25");
        return queries.entrySet().stream().map(e -> DynamicTest.dynamicTest("callback: " + e.getKey(), () -> {
            ROWS.incrementAndGet();
            HttpResponse<String> response = new Gateway(cloud.gatewayUrl()).get("/drive/callback?" + e.getValue(), null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow())
                    .startsWith(cloud.gatewayUrl() + "/?error=").contains("error=invalid_state");
        }));
    }

    record QueueCase(String name, String body, String marker, String reason, String jobId) {
    }

    static List<QueueCase> queueCases() {
        List<QueueCase> cases = new ArrayList<>();
        String bucket = cloud.sourceBucket();
        String valid = "\"connectionId\":\"" + mine + "\",\"source\":{\"s3\":{\"bucket\":\"" + bucket
                + "\",\"key\":\"renders/x.wav\"}},\"mimeType\":\"audio/wav\"";
        java.util.function.BiConsumer<String, String[]> dead = (name, bodyAndReason) -> {
            String marker = marker();
            cases.add(new QueueCase(name, bodyAndReason[0].replace("MARKER", marker), marker, bodyAndReason[1], null));
        };
        dead.accept("not JSON", new String[] {"MARKER is not json", "not valid JSON"});
        dead.accept("a JSON array", new String[] {"[\"MARKER\"]", "JSON object"});
        dead.accept("a JSON string", new String[] {"\"MARKER\"", "JSON object"});
        dead.accept("an empty object", new String[] {"{\"m\":\"MARKER\"}", "\"version\" is required"});
        dead.accept("version 2", new String[] {"{\"version\":2,\"m\":\"MARKER\"}", "version 2 is not supported"});
        dead.accept("version as a string", new String[] {"{\"version\":\"1\",\"m\":\"MARKER\"}", "\"version\""});
        dead.accept("nested 1001 deep", new String[] {"{\"version\":1,\"m\":\"MARKER\",\"x\":" + "[".repeat(1001)
                + "]".repeat(1001) + "}", "nesting depth"});
        dead.accept("a 1001-digit number", new String[] {"{\"version\":1,\"m\":\"MARKER\",\"x\":" + "9".repeat(1001) + "}",
                "Number value length"});
        dead.accept("larger than 64 KiB", new String[] {"{\"version\":1,\"m\":\"MARKER\",\"x\":\"" + "a".repeat(70_000) + "\"}",
                "larger than"});
        dead.accept("no connectionId", new String[] {"{\"version\":1,\"m\":\"MARKER\"}", "\"connectionId\" is required"});
        dead.accept("a malformed connectionId", new String[] {"{\"version\":1,\"connectionId\":\"dc_x\",\"m\":\"MARKER\"}",
                "connection id"});
        dead.accept("a 5000-character connectionId", new String[] {"{\"version\":1,\"connectionId\":\"dc_" + "0".repeat(5000)
                + "\",\"m\":\"MARKER\"}", "connection id"});
        dead.accept("an unknown connection", new String[] {"{\"version\":1," + valid.replace(mine, "dc_" + "0".repeat(32))
                + ",\"fileName\":\"MARKER.wav\"}", "unknown connection"});
        dead.accept("an unknown upload id", new String[] {"{\"version\":1," + valid + ",\"uploadId\":\"up_" + "0".repeat(32)
                + "\",\"fileName\":\"MARKER.wav\"}", "unknown upload"});
        dead.accept("a malformed upload id", new String[] {"{\"version\":1," + valid + ",\"uploadId\":\"up_x\",\"fileName\":\"MARKER.wav\"}",
                "upload id"});
        dead.accept("no source", new String[] {"{\"version\":1,\"connectionId\":\"" + mine + "\",\"fileName\":\"MARKER.wav\",\"mimeType\":\"a/b\"}",
                "\"source\" is required"});
        dead.accept("an ftp URL", new String[] {"{\"version\":1,\"connectionId\":\"" + mine + "\",\"source\":{\"url\":\"ftp://x.example/a\"},"
                + "\"fileName\":\"MARKER.wav\",\"mimeType\":\"a/b\"}", "http(s)"});
        dead.accept("a fileName with RLO", new String[] {"{\"version\":1," + valid + ",\"fileName\":" + q("MARKER\u202egpj.exe") + "}",
                "U+202E"});
        dead.accept("a fileName with NUL", new String[] {"{\"version\":1," + valid + ",\"fileName\":" + q("MARKER\u0000") + "}",
                "U+0000"});
        dead.accept("a folderPath over 900 bytes", new String[] {"{\"version\":1," + valid + ",\"fileName\":\"MARKER.wav\",\"folderPath\":"
                + q(String.join("/", java.util.Collections.nCopies(5, "\u00e9".repeat(100)))) + "}", "900 bytes"});
        dead.accept("a folderPath 21 deep", new String[] {"{\"version\":1," + valid + ",\"fileName\":\"MARKER.wav\",\"folderPath\":\""
                + "a/".repeat(21) + "\"}", "levels deep"});
        dead.accept("a bad mimeType", new String[] {"{\"version\":1," + valid.replace("audio/wav", "nope") + ",\"fileName\":\"MARKER.wav\"}",
                "mimeType"});
        dead.accept("an appRef over 4 KiB", new String[] {"{\"version\":1," + valid + ",\"fileName\":\"MARKER.wav\",\"appRef\":{\"a\":\""
                + "a".repeat(5000) + "\"}}", "appRef"});
        dead.accept("a bad idempotencyKey", new String[] {"{\"version\":1," + valid + ",\"fileName\":\"MARKER.wav\",\"idempotencyKey\":\"a b\"}",
                "idempotencyKey"});

        // well-formed messages whose source may not be read: the job fails with the reason
        java.util.function.BiConsumer<String, String[]> failed = (name, sourceAndReason) -> {
            String marker = marker();
            String body = "{\"version\":1,\"connectionId\":\"" + mine + "\",\"source\":" + sourceAndReason[0]
                    + ",\"fileName\":\"" + marker + ".wav\",\"mimeType\":\"audio/wav\",\"idempotencyKey\":\"" + marker + "\"}";
            String jobId = UploadJobs.jobId(new UploadRequest(1, null, mine, new UploadSource.Url("x"), "x", "a/b", null, null,
                    marker), null);
            cases.add(new QueueCase(name, body, marker, sourceAndReason[1], jobId));
        };
        for (String host : new String[] {"127.0.0.1", "[::1]", "169.254.169.254", "10.0.0.1", "[fd00::1]", "localhost",
            "[64:ff9b::a9fe:a9fe]", "2130706433", "metadata.google.internal"}) {
            failed.accept("a URL on " + host, new String[] {"{\"url\":\"https://" + host + "/a.wav\"}", "may not be read"});
        }
        failed.accept("an http URL", new String[] {"{\"url\":\"http://files.example.com/a.wav\"}", "must be an https URL"});
        failed.accept("a URL on port 8443", new String[] {"{\"url\":\"https://files.example.com:8443/a.wav\"}", "port 443"});
        failed.accept("a host that does not resolve", new String[] {"{\"url\":\"https://no-such-host-" + UUID.randomUUID()
                + ".invalid/a.wav\"}", "does not resolve"});
        failed.accept("a bucket not on the list", new String[] {"{\"s3\":{\"bucket\":\"someone-elses-bucket\",\"key\":\"a.wav\"}}",
                "may not be read: bucket"});
        failed.accept("a missing object", new String[] {"{\"s3\":{\"bucket\":\"" + bucket + "\",\"key\":\"no/such/object.wav\"}}",
                "no such object"});
        return cases;
    }

    @Test
    @Order(3)
    void everyBadQueueMessageEndsWithAReason() throws Exception {
        List<QueueCase> cases = queueCases();
        String queue = cloud.stack().ref("UploadQueue");
        for (QueueCase c : cases) {
            cloud.aws().sqs().sendMessage(r -> r.queueUrl(queue).messageBody(c.body()));
        }
        String dlq = cloud.stack().ref("UploadDeadLetterQueue");
        Map<String, String> reasons = new HashMap<>();
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120));
        List<QueueCase> open = new ArrayList<>(cases);
        while (!open.isEmpty() && Instant.now().isBefore(giveUp)) {
            for (var m : cloud.aws().sqs().receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages()) {
                var reason = m.messageAttributes().get("drivelink-reason");
                for (QueueCase c : cases) {
                    if (m.body().contains(c.marker())) {
                        reasons.put(c.marker(), reason == null ? null : reason.stringValue());
                    }
                }
                cloud.aws().sqs().deleteMessage(r -> r.queueUrl(dlq).receiptHandle(m.receiptHandle()));
            }
            open.removeIf(c -> c.jobId() == null ? reasons.containsKey(c.marker()) : jobError(c.jobId()) != null);
        }
        List<String> failures = new ArrayList<>();
        for (QueueCase c : cases) {
            ROWS.incrementAndGet();
            String reason = c.jobId() == null ? reasons.get(c.marker()) : jobError(c.jobId());
            if (reason == null || !reason.contains(c.reason())) {
                failures.add(c.name() + ": expected a reason with \"" + c.reason() + "\", got " + reason);
            }
            if (driveHolds(c.marker())) {
                failures.add(c.name() + ": something reached Drive");
            }
        }
        assertThat(failures).as("worker log:\n" + String.join("\n", cloud.function("UploadWorkerFunction").logs())).isEmpty();
    }

    @Test
    @Order(4)
    void theConnectionsAreAsTheyWere() {
        assertThat(version(mine)).isEqualTo(versionsBefore.get(mine));
        assertThat(version(others)).isEqualTo(versionsBefore.get(others));
        assertThat(cloud.google().admin().files(ME_ACCOUNT).stream().filter(f -> f.name().startsWith("MK"))).isEmpty();
    }

    /** The FAILED job's error, or null while it is not failed. */
    static String jobError(String jobId) {
        var item = cloud.aws().dynamoDb().getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("UPLOAD#" + jobId), "sk", AttributeValue.fromS("UPLOAD")))).item();
        if (item == null || item.isEmpty() || !"FAILED".equals(item.get("status").s())) {
            return null;
        }
        return item.get("error").s();
    }

    static boolean driveHolds(String marker) {
        return cloud.google().admin().files(ME_ACCOUNT).stream().anyMatch(f -> f.name().contains(marker))
                || cloud.google().admin().files(OTHER_ACCOUNT).stream().anyMatch(f -> f.name().contains(marker));
    }

    static void assertNothingCarries(String marker) {
        List<String> carrying = new ArrayList<>();
        cloud.aws().dynamoDb().scanPaginator(r -> r.tableName(table)).items().forEach(item -> {
            if (item.toString().contains(marker)) {
                carrying.add(item.get("pk").s());
            }
        });
        assertThat(carrying).as("table items with " + marker).isEmpty();
        assertThat(driveHolds(marker)).as("a Drive item named with " + marker).isFalse();
    }
}
