package dev.drivelink.localcloud;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * API Gateway HTTP API events and responses in payload format 2.0: the request a function receives,
 * and how its answer becomes an HTTP response.
 */
final class ApiGatewayV2 {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An HTTP request as the gateway received it; header names lower-cased, values in order. */
    record Request(String method, String rawPath, String rawQuery, String protocol, String sourceIp,
            Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : String.join(",", values);
        }
    }

    /** What goes back to the client. Header names as the function wrote them; several values allowed. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private ApiGatewayV2() {
    }

    static String requestId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).substring(0, 14) + "=";
    }

    /**
     * The event for {@code request} on {@code routeKey}; {@code claims} null for a public route.
     */
    static ObjectNode event(Request request, String routeKey, Map<String, String> pathParameters, String apiId,
            String requestId, Instant time, Map<String, Object> claims, List<String> scopes) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());

        List<String> cookies = new ArrayList<>();
        ObjectNode headers = Json.MAPPER.createObjectNode();
        request.headers().forEach((name, values) -> {
            if (name.equals("cookie")) {
                for (String value : values) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                }
            } else {
                headers.put(name, String.join(",", values));
            }
        });
        if (!cookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        event.set("headers", headers);

        Map<String, String> query = queryParameters(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode node = event.putObject("queryStringParameters");
            query.forEach(node::put);
        }

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", LocalAws.ACCOUNT_ID);
        context.put("apiId", apiId);
        if (claims != null) {
            ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
            ObjectNode claimNode = jwt.putObject("claims");
            claims.forEach((name, value) -> claimNode.put(name, claimText(value)));
            if (scopes == null) {
                jwt.putNull("scopes");
            } else {
                ArrayNode array = jwt.putArray("scopes");
                scopes.forEach(array::add);
            }
        }
        String host = request.header("host");
        String domainName = host == null ? "localhost" : host;
        context.put("domainName", domainName);
        String hostOnly = domainName.replaceFirst(":\\d+$", "");
        context.put("domainPrefix", hostOnly.contains(".") && !hostOnly.matches("[0-9.]+")
                ? hostOnly.substring(0, hostOnly.indexOf('.')) : hostOnly);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        String userAgent = request.header("user-agent");
        http.put("userAgent", userAgent == null ? "" : userAgent);
        context.put("requestId", requestId);
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", TIME.format(time));
        context.put("timeEpoch", time.toEpochMilli());

        if (!pathParameters.isEmpty()) {
            ObjectNode node = event.putObject("pathParameters");
            pathParameters.forEach(node::put);
        }

        byte[] body = request.body();
        if (body != null && body.length > 0) {
            if (isText(request.header("content-type"))) {
                event.put("body", new String(body, StandardCharsets.UTF_8));
                event.put("isBase64Encoded", false);
            } else {
                event.put("body", Base64.getEncoder().encodeToString(body));
                event.put("isBase64Encoded", true);
            }
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** API Gateway passes claims as strings; a list becomes {@code [a b]}. */
    static String claimText(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(item -> parts.add(String.valueOf(item)));
            return "[" + String.join(" ", parts) + "]";
        }
        if (value instanceof Map) {
            return Json.write(value);
        }
        return String.valueOf(value);
    }

    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
                || type.startsWith("application/x-www-form-urlencoded") || type.contains("yaml")
                || type.contains("graphql");
    }

    /**
     * How API Gateway reads a 2.0 answer: an object with {@code statusCode} is a structured response
     * (headers, multiValueHeaders, cookies, body, isBase64Encoded); anything else valid is a 200
     * {@code application/json} body as is.
     */
    static Response response(byte[] payload) {
        JsonNode node = Json.tryParse(payload);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (node == null || !node.isObject() || !node.has("statusCode")) {
            if (node == null) {
                return error(500, "Internal Server Error");
            }
            headers.put("content-type", new ArrayList<>(List.of("application/json")));
            byte[] body = node.isTextual() ? node.asText().getBytes(StandardCharsets.UTF_8) : payload;
            return new Response(200, headers, body);
        }
        int status = node.get("statusCode").asInt(0);
        if (status < 100 || status > 599) {
            return error(500, "Internal Server Error");
        }
        JsonNode single = node.get("headers");
        if (single != null && single.isObject()) {
            single.fields().forEachRemaining(e -> headers.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                    .add(e.getValue().asText()));
        }
        JsonNode multi = node.get("multiValueHeaders");
        if (multi != null && multi.isObject()) {
            multi.fields().forEachRemaining(e -> {
                List<String> values = headers.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                for (JsonNode value : e.getValue()) {
                    if (!values.contains(value.asText())) {
                        values.add(value.asText());
                    }
                }
            });
        }
        JsonNode cookies = node.get("cookies");
        if (cookies != null && cookies.isArray()) {
            for (JsonNode cookie : cookies) {
                headers.computeIfAbsent("set-cookie", k -> new ArrayList<>()).add(cookie.asText());
            }
        }
        byte[] body = new byte[0];
        JsonNode bodyNode = node.get("body");
        if (bodyNode != null && !bodyNode.isNull()) {
            String text = bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
            body = node.path("isBase64Encoded").asBoolean(false) ? Base64.getMimeDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
        }
        return new Response(status, headers, body);
    }

    /** API Gateway's own error answers: {@code {"message":"..."}}. */
    static Response error(int status, String message) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", new ArrayList<>(List.of("application/json")));
        return new Response(status, headers, ("{\"message\":" + Json.quote(message) + "}").getBytes(StandardCharsets.UTF_8));
    }
}
