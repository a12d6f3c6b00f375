package dev.drivelink.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.core.changes.WebhookIntake;
import dev.drivelink.core.wiring.WebhookFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Google's push notifications on the webhook's Function URL (payload 2.0). Reads the X-Goog-* headers
 * and hands them to the core's {@link WebhookIntake}; never calls Drive, never waits for a sync. Every
 * notification is answered {@code 200} with an empty body whatever the checks found, so a sender
 * learns nothing from the answer; a request that is not a notification at all gets a 4xx problem; a
 * failure of DynamoDB or SQS gets a 503, so Google delivers it again.
 */
public final class WebhookHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG;
    private static final WebhookIntake INTAKE;

    static {
        long started = System.nanoTime();
        JsonLogFormatter.install();
        LOG = Logger.getLogger(WebhookHandler.class.getName());
        INTAKE = WebhookFeature.fromEnvironment(System.getenv()).intake();
        long initMillis = (System.nanoTime() - started) / 1_000_000;
        long processMillis = ProcessHandle.current().info().startInstant()
                .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis()).orElse(-1L);
        LOG.info(String.format("webhook ready: handler init %d ms (%d ms since the process started)", initMillis,
                processMillis));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JSON.writeValue(output, answer(JSON.readTree(input)));
    }

    static ObjectNode answer(JsonNode event) {
        String method = event.path("requestContext").path("http").path("method").asText("");
        JsonNode headers = event.path("headers");
        if (!method.equals("POST")) {
            return problem(405, "method-not-allowed", "the webhook takes Google's push notifications (POST) only");
        }
        String channelId = header(headers, "x-goog-channel-id");
        String resourceState = header(headers, "x-goog-resource-state");
        if (channelId == null || resourceState == null) {
            return problem(400, "not-a-notification",
                    "a push notification carries X-Goog-Channel-ID and X-Goog-Resource-State");
        }
        try {
            INTAKE.receive(new WebhookIntake.Notification(channelId, header(headers, "x-goog-channel-token"),
                    header(headers, "x-goog-resource-id"), resourceState, header(headers, "x-goog-message-number")));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "notification for channel " + channelId + " could not be taken: " + e);
            return status(503);
        }
        return status(200);
    }

    private static String header(JsonNode headers, String name) {
        JsonNode value = headers.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static ObjectNode status(int code) {
        ObjectNode response = JSON.createObjectNode();
        response.put("statusCode", code);
        response.putObject("headers").put("cache-control", "no-store");
        response.put("body", "");
        return response;
    }

    private static ObjectNode problem(int code, String problemCode, String detail) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", code == 405 ? "Method Not Allowed" : "Bad Request");
        body.put("status", code);
        body.put("detail", detail);
        body.put("code", problemCode);
        ObjectNode response = status(code);
        response.with("headers").put("content-type", "application/problem+json");
        response.put("body", body.toString());
        return response;
    }
}
