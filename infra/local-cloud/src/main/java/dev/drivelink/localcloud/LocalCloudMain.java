package dev.drivelink.localcloud;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local run: {@code java -jar local-cloud-all.jar [--template template.yaml] [--port 3000]
 * [--google-port 4444] [--aws-port 4566] [--work-dir .local/local-cloud] [--param Name=Value]...
 * [--endpoint service=URL]... [--verbose]}. Starts moto, the Google emulator, the functions and the
 * gateway, prints where everything is (every Function URL with its function), and stops all of it on
 * Ctrl-C.
 */
public final class LocalCloudMain {

    static {
        LocalHttp.configure();
        // the AWS SDK logs through SLF4J; the run has nothing to say through it (no binding, no warning)
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    private LocalCloudMain() {
    }

    public static void main(String[] args) throws Exception {
        Path template = null;
        int port = 3000;
        int googlePort = 4444;
        int awsPort = 4566;
        Path workDir = null;
        boolean verbose = false;
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, java.net.URI> endpoints = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--template" -> template = Path.of(value(args, ++i, arg));
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--google-port" -> googlePort = Integer.parseInt(value(args, ++i, arg));
                case "--aws-port" -> awsPort = Integer.parseInt(value(args, ++i, arg));
                case "--work-dir" -> workDir = Path.of(value(args, ++i, arg));
                case "--param" -> {
                    String pair = value(args, ++i, arg);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        usage("--param wants Name=Value");
                    }
                    parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                case "--endpoint" -> {
                    String pair = value(args, ++i, arg);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        usage("--endpoint wants service=URL, e.g. dynamodb=http://localhost:8000");
                    }
                    try {
                        LocalAws.serviceId(pair.substring(0, eq));
                        endpoints.put(pair.substring(0, eq), java.net.URI.create(pair.substring(eq + 1)));
                    } catch (IllegalArgumentException e) {
                        usage("--endpoint " + pair + ": " + e.getMessage());
                    }
                }
                case "--verbose", "-v" -> verbose = true;
                case "--help", "-h" -> {
                    usage(null);
                    return;
                }
                default -> usage("unknown argument " + arg);
            }
        }
        Path templateFile = template != null ? template.toAbsolutePath() : CloudTemplate.find();
        if (!Files.isRegularFile(templateFile)) {
            usage("no template at " + templateFile);
        }
        if (workDir == null) {
            workDir = templateFile.getParent().resolve(".local").resolve("local-cloud");
        }

        PrintStream out = System.out;
        out.println("drivelink local-cloud: starting moto, the Google emulator, the functions and the gateway...");
        long started = System.nanoTime();
        boolean echo = verbose;
        LocalCloud.Builder builder = LocalCloud.builder();
        endpoints.forEach(builder::endpoint);
        LocalCloud cloud = builder
                .templateFile(templateFile)
                .gatewayPort(port)
                .googlePort(googlePort)
                .awsPort(awsPort)
                .workDir(workDir)
                .parameters(parameters)
                .awaitReady(Duration.ofSeconds(90))
                .functionLog(echo ? (id, line) -> out.println("[" + id + "] " + line) : null)
                .accessLog(line -> out.println("[gateway] " + line))
                .eventLog(line -> out.println("[events] " + line))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("drivelink local-cloud: stopping...");
            cloud.close();
            out.println("drivelink local-cloud: stopped.");
            stopped.countDown();
        }, "local-cloud-main-shutdown"));
        try {
            cloud.start();
        } catch (RuntimeException e) {
            System.err.println("drivelink local-cloud could not start: " + e.getMessage());
            System.exit(1);
        }

        out.println();
        banner(cloud).forEach(out::println);
        out.println();
        out.println("drivelink is running. Open " + cloud.gatewayUrl() + "/   (started in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms; Ctrl-C stops everything)");
        stopped.await();
    }

    /** Where everything is: one line per emulator, function, Function URL, schedule and SQS mapping. */
    static java.util.List<String> banner(LocalCloud cloud) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("  Google emulator  " + cloud.google().baseUrl() + "  (OAuth client " + LocalCloud.GOOGLE_CLIENT_ID
                + ", test accounts " + String.join(", ", cloud.google().accounts().stream().map(a -> a.email()).toList()) + ")");
        lines.add("  moto (AWS)       " + cloud.aws().endpoint() + "  (region " + cloud.aws().region()
                + ", stack " + cloud.stack().name() + tables(cloud) + ")");
        cloud.aws().serviceEndpoints().forEach((service, url) ->
                lines.add("  endpoint         " + service + " at " + url + "  (functions: AWS_ENDPOINT_URL_" + service + ")"));
        cloud.stack().findRef("UploadQueue").ifPresent(queue -> lines.add("  upload queue     " + queue
                + "  (sources: s3://" + cloud.sourceBucket() + "/... or any local http URL)"));
        cloud.stack().findRef("AppFilesBucket").ifPresent(bucket -> lines.add("  app files        s3://" + bucket + "/"
                + cloud.stack().parameters().getOrDefault("AppFilesPrefix", "") + "{projectId}/{path}"
                + "  (S3 notifications -> the app-changes worker; delete markers forwarded by local-cloud)"));
        lines.add("  JWT issuer       " + cloud.gateway().localIssuer() + "  (POST /local/sign-in {\"user\":\"user-1\"})");
        for (String id : cloud.functions().keySet()) {
            FunctionProcess function = cloud.function(id);
            lines.add("  function         " + id + (function.initError().isPresent()
                    ? "  INIT FAILED: " + function.initError().get() : "") + "  log: " + function.logFile());
        }
        for (String id : cloud.notBuilt()) {
            lines.add("  function         " + id + "  NOT RUNNING: build " + cloud.template().function(id).codeUri()
                    + " first (./mvnw package)");
        }
        cloud.functionUrls().forEach((id, url) -> lines.add("  function URL     " + id + "Url  " + url.url()
                + "  (" + id + (cloud.notBuilt().contains(id) ? ", not running" : "") + ")"));
        for (EventSources.Rule rule : cloud.eventSources().rules()) {
            lines.add("  schedule         " + rule.functionLogicalId() + "/" + rule.eventName() + "  " + rule.expression()
                    + cloud.eventSources().nextFiring(rule.functionLogicalId(), rule.eventName())
                            .map(next -> "  next " + next).orElse(""));
        }
        for (EventSources.SqsMapping mapping : cloud.eventSources().sqsMappings()) {
            lines.add("  SQS              " + mapping.functionLogicalId() + "/" + mapping.eventName() + "  <- "
                    + mapping.queueArn() + (mapping.maximumConcurrency() > 0
                            ? "  (at most " + mapping.maximumConcurrency() + " at once)" : ""));
        }
        return lines;
    }

    private static String tables(LocalCloud cloud) {
        StringBuilder text = new StringBuilder();
        for (CloudTemplate.Resource table : cloud.template().resourcesOfType("AWS::DynamoDB::Table")) {
            cloud.stack().resource(table.logicalId()).ifPresent(r -> text.append(", table ").append(r.ref()));
        }
        return text.toString();
    }

    private static String value(String[] args, int index, String name) {
        if (index >= args.length) {
            usage(name + " wants a value");
        }
        return args[index];
    }

    private static void usage(String problem) {
        PrintStream stream = problem == null ? System.out : System.err;
        if (problem != null) {
            stream.println(problem);
        }
        stream.println("usage: java -jar local-cloud-all.jar [--template template.yaml] [--port 3000] [--google-port 4444]");
        stream.println("           [--aws-port 4566] [--work-dir DIR] [--param Name=Value]... [--endpoint service=URL]...");
        stream.println("           [--verbose]     (--endpoint dynamodb=http://localhost:8000: DynamoDB Local, LocalStack...)");
        if (problem != null) {
            System.exit(2);
        }
    }
}
