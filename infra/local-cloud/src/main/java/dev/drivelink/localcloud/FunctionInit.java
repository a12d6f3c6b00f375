package dev.drivelink.localcloud;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Function init as Lambda does it, without SnapStart: for every function of the template, a new JVM
 * (Lambda's flags, the template's environment, through {@link FunctionProcess}) and its first invocation,
 * timed from JVM start to the runtime's first request for work (init) and on to the first answer.
 * Functions run one at a time, each {@code --runs} times, against local-cloud's moto and Google emulator.
 * Wall times depend on what else the machine runs; the CPU time a JVM used until it answered does much
 * less, so the table shows both, and the load average.
 *
 * <pre>{@code java -cp local-cloud-all.jar dev.drivelink.localcloud.FunctionInit [--template template.yaml]
 *     [--runs 5] [--only FunctionA,FunctionB] [--goal-ms 1300] [--code FunctionA=other/function.zip]}</pre>
 *
 * {@code --code} runs other code in a function's place (its environment, flags and first event stay), for
 * a floor: {@code infra/local-cloud/floor} is an empty Quarkus HTTP function (one JAX-RS GET, nothing
 * else), so {@code --code AuthUrlFunction=infra/local-cloud/floor/target/function.zip} shows what the JVM,
 * the runtime client and Quarkus alone cost in this harness. Such rows are marked with a {@code *}.
 *
 * The first invocation is a request that works without data: the function's first HTTP route (a GET
 * when it has one; path parameters "init", body "{}", a signed-in user), an empty SQS batch, or a
 * Scheduled Event.
 */
public final class FunctionInit {

    static {
        LocalHttp.configure();
        // the AWS SDK logs through SLF4J; nothing to say here (no binding, no warning)
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        }
    }

    /** One cold start of one function; {@code cpu}: CPU time the JVM used until it answered. */
    public record Sample(Duration init, Duration firstInvocation, Duration cpu, String outcome) {
        public Duration total() {
            return init.plus(firstInvocation);
        }
    }

    private FunctionInit() {
    }

    public static void main(String[] args) throws Exception {
        Path template = null;
        int runs = 5;
        List<String> only = List.of();
        long goalMillis = 1300;
        Map<String, Path> code = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--template" -> template = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--goal-ms" -> goalMillis = Long.parseLong(args[++i]);
                case "--code" -> {
                    String[] parts = args[++i].split("=", 2);
                    code.put(parts[0], Path.of(parts[1]).toAbsolutePath());
                }
                default -> {
                    System.err.println("usage: FunctionInit [--template template.yaml] [--runs 5] [--only A,B] [--goal-ms 1300] [--code A=function.zip]");
                    System.exit(2);
                }
            }
        }
        PrintStream out = System.out;
        try (LocalCloud cloud = LocalCloud.builder().templateFile(template != null ? template : CloudTemplate.find())
                .gatewayPort(0).googlePort(0).awsPort(0).eager(false).eventSources(false).build().start()) {
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            for (CloudTemplate.Function function : cloud.template().functions()) {
                if ((!only.isEmpty() && !only.contains(function.logicalId())) || cloud.notBuilt().contains(function.logicalId())) {
                    continue;
                }
                List<Sample> measured = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    measured.add(measure(cloud, function, code.get(function.logicalId())));
                }
                samples.put(function.logicalId() + (code.containsKey(function.logicalId()) ? "*" : ""), measured);
                out.println(function.logicalId() + ": " + measured.stream()
                        .map(s -> s.total().toMillis() + " ms").toList());
            }
            out.println();
            table(cloud.template(), samples, goalMillis).forEach(out::println);
            code.forEach((id, path) -> out.println("* " + id + " ran " + path));
            out.println();
            out.println(Runtime.getRuntime().availableProcessors() + " cores, load average "
                    + loadAverage() + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        }
        System.exit(0); // function JVMs are gone; Vert.x-free, but be sure nothing keeps the launcher alive
    }

    /** One cold start: a fresh FunctionProcess (one JVM), its first invocation, then it is stopped. */
    public static Sample measure(LocalCloud cloud, CloudTemplate.Function function) {
        return measure(cloud, function, null);
    }

    /** The same, running {@code code} (a function.zip or a directory) when not null instead of the function's own. */
    public static Sample measure(LocalCloud cloud, CloudTemplate.Function function, Path code) {
        FunctionProcess.Builder builder = FunctionProcess.fromStack(cloud.stack(), function.logicalId());
        if (code != null) {
            builder.code(code);
        }
        try (FunctionProcess process = builder.build()) {
            InvocationResult result = process.invoke(firstEvent(cloud, function));
            FunctionProcess.ColdStart cold = process.coldStarts().isEmpty() ? null : process.coldStarts().get(0);
            if (cold == null) {
                List<String> logs = process.logs();
                throw new IllegalStateException(function.logicalId() + " served nothing: " + result.errorType() + " "
                        + result.errorMessage() + "\n" + String.join("\n", logs.subList(Math.max(0, logs.size() - 40), logs.size())));
            }
            return new Sample(cold.init(), cold.firstInvocation(), cold.cpu(), outcome(result));
        }
    }

    private static String outcome(InvocationResult result) {
        if (result.isError()) {
            return result.errorType();
        }
        JsonNode answer = Json.tryParse(result.payload());
        return answer != null && answer.has("statusCode") ? "HTTP " + answer.get("statusCode").asText() : "ok";
    }

    /** A first invocation that needs no data (see the class comment). */
    static String firstEvent(LocalCloud cloud, CloudTemplate.Function function) {
        List<CloudTemplate.HttpApiEvent> routes = function.httpApiEvents();
        if (!routes.isEmpty()) {
            CloudTemplate.HttpApiEvent route = routes.stream().filter(r -> r.method().equals("GET")).findFirst()
                    .orElse(routes.get(0));
            String method = route.method().equals("ANY") ? "GET" : route.method();
            String path = route.path() == null ? "/" : route.path();
            Map<String, String> pathParameters = new LinkedHashMap<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}+]+)\\+?}").matcher(path);
            while (m.find()) {
                pathParameters.put(m.group(1), "init");
            }
            String rawPath = path.replaceAll("\\{[^}]+}", "init");
            boolean withBody = !method.equals("GET") && !method.equals("DELETE");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("host", List.of("localhost"));
            if (withBody) {
                headers.put("content-type", List.of("application/json"));
            }
            ApiGatewayV2.Request request = new ApiGatewayV2.Request(method, rawPath, "", "HTTP/1.1", "127.0.0.1",
                    headers, withBody ? "{}".getBytes(StandardCharsets.UTF_8) : null);
            boolean isPublic = "NONE".equals(route.authorizer());
            Map<String, Object> claims = isPublic ? null : Map.of("sub", "init-user", "iss", "local", "aud", "local");
            return Json.write(ApiGatewayV2.event(request, route.routeKey(), pathParameters, "init",
                    ApiGatewayV2.requestId(), Instant.now(), claims, null));
        }
        if (!function.sqsEvents().isEmpty()) {
            return "{\"Records\":[]}";
        }
        for (EventSources.Rule rule : cloud.eventSources().rules()) {
            if (rule.functionLogicalId().equals(function.logicalId())) {
                return EventSources.scheduledEvent(rule, Instant.now());
            }
        }
        return "{}";
    }

    private static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** The figures: medians with min-max, per function; HTTP functions against the goal. */
    static List<String> table(CloudTemplate template, Map<String, List<Sample>> samples, long goalMillis) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("| %-22s | %-4s | %-20s | %-20s | %-20s | %-20s | %-9s | %-14s |", "function", "runs",
                "init ms (min-max)", "first call ms", "start to served ms", "CPU ms until served", "answer", "HTTP goal"));
        lines.add("| " + "-".repeat(22) + " | ---- | " + "-".repeat(20) + " | " + "-".repeat(20) + " | " + "-".repeat(20)
                + " | " + "-".repeat(20) + " | --------- | -------------- |");
        samples.forEach((id, list) -> {
            boolean http = !template.function(id.replace("*", "")).httpApiEvents().isEmpty();
            long total = median(list.stream().map(Sample::total).toList());
            lines.add(String.format("| %-22s | %-4d | %-20s | %-20s | %-20s | %-20s | %-9s | %-14s |", id, list.size(),
                    spread(list.stream().map(Sample::init).toList()),
                    spread(list.stream().map(Sample::firstInvocation).toList()),
                    spread(list.stream().map(Sample::total).toList()),
                    spread(list.stream().map(Sample::cpu).toList()),
                    list.get(0).outcome(),
                    http ? (total <= goalMillis ? "met" : "not met") + " (" + goalMillis + ")" : "-"));
        });
        return lines;
    }

    private static String spread(List<Duration> values) {
        List<Long> millis = values.stream().map(Duration::toMillis).sorted(Comparator.naturalOrder()).toList();
        return median(values) + " (" + millis.get(0) + "-" + millis.get(millis.size() - 1) + ")";
    }

    private static long median(List<Duration> values) {
        List<Long> millis = values.stream().map(Duration::toMillis).sorted(Comparator.naturalOrder()).toList();
        int n = millis.size();
        return n % 2 == 1 ? millis.get(n / 2) : (millis.get(n / 2 - 1) + millis.get(n / 2)) / 2;
    }
}
