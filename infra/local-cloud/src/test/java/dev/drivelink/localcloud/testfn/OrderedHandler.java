package dev.drivelink.localcloud.testfn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * An SQS consumer for FIFO tests, written as a FIFO consumer should be: records in the order given,
 * about 20 ms each; at the first body containing "fail" it stops and reports that record and every
 * record after it as failed, so the queue keeps each group's order. It prints, with the wall clock:
 * {@code processed <group> <body> <millis>}, {@code failed <group> <body> <millis>} and, last,
 * {@code batch <startMillis> <endMillis> <group,group...>}.
 */
public class OrderedHandler implements RequestStreamHandler {

    private static final Pattern BODY = Pattern.compile("\"body\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern GROUP = Pattern.compile("\"MessageGroupId\":\"([^\"]*)\"");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        long start = System.currentTimeMillis();
        Set<String> groups = new LinkedHashSet<>();
        List<String> failed = new ArrayList<>();
        String[] records = event.split("\\{\"messageId\":\"");
        for (int i = 1; i < records.length; i++) {
            String record = records[i];
            String id = record.substring(0, record.indexOf('"'));
            String body = find(BODY, record);
            String group = find(GROUP, record);
            groups.add(group);
            if (!failed.isEmpty()) {
                failed.add(id);
                continue;
            }
            sleep(20);
            if (body.contains("fail")) {
                failed.add(id);
                System.out.println("failed " + group + " " + body + " " + System.currentTimeMillis());
            } else {
                System.out.println("processed " + group + " " + body + " " + System.currentTimeMillis());
            }
        }
        System.out.println("batch " + start + " " + System.currentTimeMillis() + " " + String.join(",", groups));
        StringBuilder reply = new StringBuilder("{\"batchItemFailures\":[");
        for (int i = 0; i < failed.size(); i++) {
            reply.append(i == 0 ? "" : ",").append("{\"itemIdentifier\":\"").append(failed.get(i)).append("\"}");
        }
        output.write(reply.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
