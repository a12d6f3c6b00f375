package dev.drivelink.localcloud;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of one invocation: the function's response payload, or an error with Lambda's error
 * type ({@code Runtime.UserException} from the handler, {@code Sandbox.Timedout}, {@code
 * Runtime.ExitError}, {@code Runtime.InitError}...) and its JSON payload ({@code errorMessage},
 * {@code errorType}, maybe {@code stackTrace}).
 */
public record InvocationResult(String requestId, byte[] payload, String errorType, long durationMillis) {

    public static InvocationResult success(String requestId, byte[] payload, long durationMillis) {
        return new InvocationResult(requestId, payload, null, durationMillis);
    }

    public static InvocationResult error(String requestId, String errorType, byte[] payload, long durationMillis) {
        return new InvocationResult(requestId, payload, errorType, durationMillis);
    }

    static InvocationResult error(String requestId, String errorType, String message, long durationMillis) {
        return error(requestId, errorType,
                LambdaRuntimeApi.error(errorType, message).getBytes(StandardCharsets.UTF_8), durationMillis);
    }

    public boolean isError() {
        return errorType != null;
    }

    public boolean isTimeout() {
        return "Sandbox.Timedout".equals(errorType);
    }

    public String payloadString() {
        return payload == null ? "" : new String(payload, StandardCharsets.UTF_8);
    }

    /** The {@code errorMessage} of an error payload (or the whole payload when it has none). */
    public String errorMessage() {
        if (!isError()) {
            return null;
        }
        JsonNode node = Json.tryParse(payload);
        if (node != null && node.hasNonNull("errorMessage")) {
            return node.get("errorMessage").asText();
        }
        return payloadString();
    }

    @Override
    public String toString() {
        return "InvocationResult[" + requestId + (isError() ? ", " + errorType + ": " + errorMessage()
                : ", " + (payload == null ? 0 : payload.length) + " bytes") + ", " + durationMillis + " ms]";
    }
}
