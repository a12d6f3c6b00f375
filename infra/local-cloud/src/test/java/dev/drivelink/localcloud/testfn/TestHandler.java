package dev.drivelink.localcloud.testfn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * A tiny function for local-cloud's tests, packed into a function.zip by the tests and run by AWS's
 * runtime interface client. It sees only its task root and the runtime client's jars, so it parses
 * its events with regular expressions.
 *
 * <p>Plain events: {@code {"action":"echo"|"fail"|"sleep"|"env"|"log"|"exit", ...}}. API Gateway v2
 * events (they have a routeKey): answers 200 with the whole event as a JSON body, {@code rawPath}
 * {@code /fail} throws, {@code /slow} sleeps past the timeout.
 */
public class TestHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String reply;
        if (event.contains("\"routeKey\"")) {
            reply = http(event, context);
        } else if (event.contains("\"eventSource\":\"aws:sqs\"")) {
            reply = sqs(event);
        } else {
            reply = plain(event, context);
        }
        output.write(reply.getBytes(StandardCharsets.UTF_8));
    }

    private static String plain(String event, Context context) {
        String action = field(event, "action");
        switch (action == null ? "echo" : action) {
            case "fail":
                throw new IllegalStateException("boom: " + field(event, "message"));
            case "sleep":
                sleep(Long.parseLong(field(event, "millis")));
                return "{\"slept\":" + field(event, "millis") + "}";
            case "env":
                return "{\"value\":" + quote(System.getenv(field(event, "name"))) + ",\"cwd\":"
                        + quote(System.getProperty("user.dir")) + ",\"functionName\":" + quote(context.getFunctionName())
                        + ",\"requestId\":" + quote(context.getAwsRequestId())
                        + ",\"invokedArn\":" + quote(context.getInvokedFunctionArn()) + ",\"remainingMs\":"
                        + context.getRemainingTimeInMillis() + ",\"pid\":" + ProcessHandle.current().pid() + "}";
            case "log":
                System.out.println(field(event, "line"));
                System.err.println("stderr: " + field(event, "line"));
                return "{}";
            case "exit":
                System.exit(3);
                return "{}";
            default:
                return event;
        }
    }

    /** Bodies with "fail" are reported as batch item failures, "crash" fails the whole invocation. */
    private static String sqs(String event) {
        Matcher m = Pattern.compile("\"messageId\":\"([^\"]*)\".*?\"body\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(event);
        StringBuilder failures = new StringBuilder();
        while (m.find()) {
            String body = m.group(2);
            if (body.contains("crash")) {
                throw new IllegalStateException("crash requested");
            }
            if (body.contains("fail")) {
                failures.append(failures.length() == 0 ? "" : ",").append("{\"itemIdentifier\":\"").append(m.group(1)).append("\"}");
                System.out.println("failed " + body);
            } else {
                System.out.println("processed " + body);
            }
        }
        return "{\"batchItemFailures\":[" + failures + "]}";
    }

    private static String http(String event, Context context) {
        String path = field(event, "rawPath");
        if ("/fail".equals(path)) {
            throw new IllegalStateException("handler failed");
        }
        if ("/slow".equals(path)) {
            sleep(10_000);
        }
        return "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\",\"x-echo\":\"yes\"},"
                + "\"cookies\":[\"a=1; Path=/\",\"b=2\"],\"body\":" + quote(event) + "}";
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
