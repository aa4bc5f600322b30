import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An AWS endpoint on loopback that answers, over real HTTP, the calls that ip and status make, for
 * the stack with a given prefix: ECS (JSON 1.1 protocol, X-Amz-Target), EC2, RDS and ElastiCache
 * (query protocol, XML), and ECR's GetAuthorizationToken (JSON 1.1); and those of deploy's codebuild
 * builder, with the remote builder provisioned: S3 (LoopbackS3), CodeBuild (LoopbackCodeBuild), its
 * CloudWatch Logs stream (LoopbackLogs) and the ECR repository it pushes to (LoopbackEcr); the Price
 * List API for status's cost line (LoopbackPricing). Clients
 * reach it through AWS_ENDPOINT_URL. The benchmarks run it on its own, plain JDK, compiled from
 * tests/src/test/fakes/Loopback*.java (tests/bench/loopback-aws.sh); tests start it in-process.
 *
 * Shapes and error codes follow the API references: ECS DescribeServices/DescribeClusters/
 * DescribeTasks answer unknown names with a failures entry (reason MISSING), ListTasks and
 * DescribeServices throw ClusterNotFoundException for a missing cluster, DescribeTaskDefinition
 * throws ClientException "Unable to describe task definition."; EC2 DescribeNetworkInterfaces fails
 * with InvalidNetworkInterfaceID.NotFound; RDS DescribeDBInstances with DBInstanceNotFound (404);
 * ElastiCache with CacheClusterNotFound / ReplicationGroupNotFoundFault (404).
 */
public final class LoopbackAws implements AutoCloseable {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "123456789012";
    /** Loopback, so that status's GET of the web never leaves the machine. */
    static final String WEB_PUBLIC_IP = "127.0.0.1";
    static final String WORKER_PUBLIC_IP = "54.9.9.9";
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
    static final String ECR_PASSWORD = "ecr-registry-password-that-must-not-show";
    volatile String ecrProxyEndpoint = "https://" + ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Stack stack;
    final LoopbackS3 s3;
    final LoopbackLogs logs = new LoopbackLogs();
    private final LoopbackPricing pricing = new LoopbackPricing();
    final LoopbackEcr ecr;
    final LoopbackCodeBuild codeBuild;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger requestIds = new AtomicInteger();
    /** Where each answered call is appended as "EPOCH-MILLIS service:Action", or null. */
    private volatile Path callLog;

    private LoopbackAws(HttpServer server, ExecutorService executor, Stack stack) {
        this.server = server;
        this.executor = executor;
        this.stack = stack;
        this.s3 = new LoopbackS3().bucket(stack.prefix + "-build-sources-" + ACCOUNT + "-" + REGION);
        this.ecr = new LoopbackEcr(stack.prefix + "-commcare-connect");
        this.codeBuild = new LoopbackCodeBuild(stack.prefix + "-build", s3, logs, ecr);
        for (int revision = 1; revision <= 3; revision++) ecr.push("rev" + revision, List.of("rev" + revision));
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    static LoopbackAws start(String prefix, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        LoopbackAws aws = new LoopbackAws(server, executor, new Stack(prefix));
        server.createContext("/", aws::handle);
        server.start();
        return aws;
    }

    /** Takes an ECS service away, so that DescribeServices answers MISSING for it, until the handle is closed. */
    AutoCloseable withoutService(String name) {
        Map<String, Object> service = stack.services.remove(name);
        return () -> stack.services.put(name, service);
    }

    /**
     * Usage: LoopbackAws [--prefix labs-jj] [--port 0] [--phase-millis 500] [--call-log FILE]
     * [--refuse-builds]; prints the endpoint URL, serves until killed. --phase-millis: how long each
     * phase of a CodeBuild build takes; --call-log: a file that gets a line "EPOCH-MILLIS
     * service:Action" per answered call; --refuse-builds: StartBuild answers the account's limit.
     */
    public static void main(String... args) throws IOException {
        String prefix = "labs-jj";
        int port = 0;
        long phaseMillis = LoopbackCodeBuild.DEFAULT_PHASE.toMillis();
        Path callLog = null;
        boolean refuseBuilds = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--refuse-builds")) {
                refuseBuilds = true;
                continue;
            }
            if (++i == args.length) throw new IllegalArgumentException(option + " needs a value");
            String value = args[i];
            switch (option) {
                case "--prefix" -> prefix = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--phase-millis" -> phaseMillis = Long.parseLong(value);
                case "--call-log" -> callLog = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        LoopbackAws aws = start(prefix, port);
        aws.codeBuild.phaseTime = Duration.ofMillis(phaseMillis);
        aws.callLog = callLog;
        aws.codeBuild.refuseBuilds = refuseBuilds;
        System.out.println(aws.endpoint());
        System.out.flush();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The dummy secret access key of clientEnvironment, for a test to look for in output. */
    static final String SECRET_ACCESS_KEY = "example-secret-access-key";

    /**
     * What points a process's AWS SDK at this endpoint alone: its URL and region, dummy credentials,
     * and profile files under folder that do not exist, so that none of the user's count. Mutable.
     */
    Map<String, String> clientEnvironment(Path folder) {
        return new java.util.HashMap<>(Map.of("AWS_ENDPOINT_URL", endpoint(), "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY, "AWS_PROFILE", "",
                "AWS_CONFIG_FILE", folder.resolve("no-aws-config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", folder.resolve("no-aws-credentials").toString()));
    }

    /** How often each "service:Action" was answered. */
    Map<String, Integer> calls() {
        return calls.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            String requestId = String.format("00000000-0000-4000-8000-%012d", requestIds.incrementAndGet());
            Optional<String> service = signedService(exchange.getRequestHeaders().getFirst("Authorization"));
            Reply reply;
            try {
                reply = answer(exchange, bytes, service, requestId);
            } catch (RuntimeException e) {
                // A request this endpoint cannot read: answer as AWS does to a malformed one, never hang up.
                reply = Reply.json(400, map("__type", "SerializationException", "message", String.valueOf(e.getMessage())));
            }
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            if (exchange.getRequestMethod().equals("HEAD") || reply.body().length == 0) {
                // A HEAD answer has no body; its Content-Length, when any, is among the reply's headers.
                exchange.sendResponseHeaders(reply.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(reply.status(), reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private Reply answer(HttpExchange exchange, byte[] bytes, Optional<String> service, String requestId) {
        if (service.isEmpty()) {
            return Reply.xml(403, "<ErrorResponse><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>"
                    + "<Message>Request is missing Authentication Token</Message></Error></ErrorResponse>");
        }
        if (service.get().equals("s3")) {
            LoopbackS3.Request request = new LoopbackS3.Request(exchange.getRequestMethod(), exchange.getRequestURI(),
                    exchange.getRequestHeaders(), bytes, requestId);
            count("s3", request.action());
            return s3.answer(request);
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        Optional<Reply> sleeping = SleepApi.answer(stack, requestId, exchange, service.get(), body, this::count);
        if (sleeping.isPresent()) return sleeping.get();
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String action = target.substring(target.indexOf('.') + 1);
        Map<String, Object> json = service.get().matches("ecs|ecr|codebuild|logs|pricing") ? Json.parse(body.isBlank() ? "{}" : body) : null;
        switch (service.get()) {
            case "ecs" -> {
                count("ecs", action);
                return new EcsApi(stack).answer(action, json);
            }
            case "ecr" -> {
                count("ecr", action);
                return action.equals("GetAuthorizationToken") ? ecrAuthorizationToken() : ecr.answer(action, json);
            }
            case "codebuild" -> {
                count("codebuild", action);
                return codeBuild.answer(action, json);
            }
            case "logs" -> {
                count("logs", action);
                return logs.answer(action, json);
            }
            case "pricing" -> {
                count("pricing", action);
                return pricing.answer(action, json);
            }
            default -> {
                // the query protocol below
            }
        }
        Map<String, String> form = form(body.isEmpty() ? exchange.getRequestURI().getRawQuery() : body);
        String queryAction = form.getOrDefault("Action", "");
        count(service.get(), queryAction);
        return new QueryApi(stack, requestId).answer(service.get(), queryAction, form);
    }

    /**
     * ECR GetAuthorizationToken (JSON 1.1): a base64 "AWS:password" token, expiresAt in epoch
     * seconds and the registry's proxyEndpoint, which an image test points at its loopback registry
     * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html).
     */
    private Reply ecrAuthorizationToken() {
        String token = java.util.Base64.getEncoder().encodeToString(("AWS:" + ECR_PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Reply.json(200, map("authorizationData", List.of(map("authorizationToken", token,
                "expiresAt", Instant.now().plusSeconds(12 * 3600).getEpochSecond(), "proxyEndpoint", ecrProxyEndpoint))));
    }

    private void count(String service, String action) {
        calls.computeIfAbsent(service + ":" + action, k -> new AtomicInteger()).incrementAndGet();
        Path log = callLog;
        if (log != null) {
            synchronized (this) {
                try {
                    Files.writeString(log, System.currentTimeMillis() + " " + service + ":" + action + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** The service named in the SigV4 credential scope; AWS rejects an unsigned request. */
    private static Optional<String> signedService(String authorization) {
        if (authorization == null) return Optional.empty();
        Matcher matcher = SCOPE.matcher(authorization);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return values;
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    /** An answer: status, content type, body (empty for none) and any further headers. */
    record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Reply json(int status, Object value) {
            return new Reply(status, "application/x-amz-json-1.1", Json.write(value).getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Reply xml(int status, String xml) {
            return new Reply(status, "text/xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml)
                    .getBytes(StandardCharsets.UTF_8), Map.of());
        }

        /** A JSON 1.1 error: {"__type", "message"} with status 400. */
        static Reply jsonError(String type, String message) {
            return json(400, map("__type", type, "message", message));
        }
    }

    /** The hand-built stack, named from the prefix: a web and a worker service, one running task each. */
    static final class Stack {
        final String prefix;
        final String cluster;
        final Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        final List<Map<String, Object>> taskDefinitions = new ArrayList<>();
        final List<Map<String, Object>> tasks = new ArrayList<>();
        final Map<String, String[]> networkInterfaces = new LinkedHashMap<>();
        /** What sleep and wake change: the database's status, the scheduler role's policies, the schedules. */
        final Map<String, Object> sleepState = new ConcurrentHashMap<>(Map.of("database", "available"));

        Stack(String prefix) {
            this.prefix = prefix;
            this.cluster = prefix + "-cluster";
            Instant deployed = Instant.parse("2026-11-26T08:00:00Z");
            for (String role : List.of("web", "worker")) {
                String family = prefix + "-" + role;
                for (int revision = 1; revision <= 3; revision++) {
                    taskDefinitions.add(taskDefinition(family, role, revision, deployed.minusSeconds(86_400L * (3 - revision))));
                }
                String current = arn("task-definition/" + family + ":3");
                services.put(family, service(family, current, deployed));
                String eni = "eni-0" + role + "00000000001";
                String publicIp = role.equals("web") ? WEB_PUBLIC_IP : WORKER_PUBLIC_IP;
                networkInterfaces.put(eni, new String[] {role.equals("web") ? "10.0.1.17" : "10.0.2.23", publicIp});
                tasks.add(task(family, role, current, "RUNNING", deployed.plusSeconds(40), eni,
                        role.equals("web") ? "10.0.1.17" : "10.0.2.23"));
                Map<String, Object> replaced = task(family, role, arn("task-definition/" + family + ":2"), "STOPPED",
                        deployed.minusSeconds(86_400), "eni-0" + role + "00000000000", "10.0.1.9");
                replaced.put("stoppedAt", seconds(deployed.plusSeconds(90)));
                replaced.put("stopCode", "ServiceSchedulerInitiated");
                replaced.put("stoppedReason", "Scaling activity initiated by (deployment ecs-svc/0000000000000000002)");
                replaced.put("containers", List.of(container(role, "STOPPED", 0)));
                tasks.add(replaced);
            }
        }

        String arn(String resource) {
            return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":" + resource;
        }

        private Map<String, Object> taskDefinition(String family, String role, int revision, Instant registeredAt) {
            String image = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/" + prefix + "-commcare-connect:rev" + revision;
            return map("taskDefinitionArn", arn("task-definition/" + family + ":" + revision), "family", family,
                    "revision", revision, "status", "ACTIVE", "networkMode", "awsvpc", "cpu", "512", "memory", "1024",
                    "requiresCompatibilities", List.of("FARGATE"), "registeredAt", seconds(registeredAt),
                    "executionRoleArn", "arn:aws:iam::" + ACCOUNT + ":role/" + prefix + "-ecs-task-execution-role",
                    "taskRoleArn", "arn:aws:iam::" + ACCOUNT + ":role/" + prefix + "-ecs-task-role",
                    "containerDefinitions", List.of(map("name", role, "image", image, "essential", true,
                            "command", List.of(role.equals("web") ? "/start" : "/start_celery"),
                            "portMappings", role.equals("web") ? List.of(map("containerPort", 8000, "protocol", "tcp")) : List.of(),
                            "logConfiguration", map("logDriver", "awslogs", "options", map("awslogs-group", "/ecs/" + family,
                                    "awslogs-region", REGION, "awslogs-stream-prefix", "ecs")))));
        }

        private Map<String, Object> service(String name, String taskDefinitionArn, Instant deployed) {
            return map("serviceArn", arn("service/" + cluster + "/" + name), "serviceName", name,
                    "clusterArn", arn("cluster/" + cluster), "status", "ACTIVE", "launchType", "FARGATE",
                    "desiredCount", 1, "runningCount", 1, "pendingCount", 0, "taskDefinition", taskDefinitionArn,
                    "deployments", List.of(map("id", "ecs-svc/0000000000000000003", "status", "PRIMARY",
                            "taskDefinition", taskDefinitionArn, "desiredCount", 1, "runningCount", 1, "pendingCount", 0,
                            "failedTasks", 0, "createdAt", seconds(deployed), "updatedAt", seconds(deployed.plusSeconds(95)),
                            "launchType", "FARGATE", "rolloutState", "COMPLETED",
                            "rolloutStateReason", "ECS deployment ecs-svc/0000000000000000003 completed.")),
                    "events", List.of(
                            map("id", name + "-e2", "createdAt", seconds(deployed.plusSeconds(95)),
                                    "message", "(service " + name + ") has reached a steady state."),
                            map("id", name + "-e1", "createdAt", seconds(deployed),
                                    "message", "(service " + name + ") has started 1 tasks: (task 0001).")),
                    "networkConfiguration", map("awsvpcConfiguration", map("subnets", List.of("subnet-0a", "subnet-0b"),
                            "securityGroups", List.of("sg-0labs"), "assignPublicIp", "ENABLED")),
                    "createdAt", seconds(deployed.minusSeconds(86_400L * 30)));
        }

        private Map<String, Object> task(String family, String role, String taskDefinitionArn, String status,
                Instant startedAt, String eni, String privateIp) {
            String id = String.format("%032x", tasks.size() + 1);
            return map("taskArn", arn("task/" + cluster + "/" + id), "clusterArn", arn("cluster/" + cluster),
                    "taskDefinitionArn", taskDefinitionArn, "group", "service:" + family, "launchType", "FARGATE",
                    "lastStatus", status, "desiredStatus", status, "cpu", "512", "memory", "1024",
                    "createdAt", seconds(startedAt.minusSeconds(30)), "startedAt", seconds(startedAt),
                    "startedBy", "ecs-svc/0000000000000000003", "availabilityZone", REGION + "a",
                    "attachments", List.of(map("id", "attachment-" + id, "type", "ElasticNetworkInterface",
                            "status", "ATTACHED", "details", List.of(map("name", "subnetId", "value", "subnet-0a"),
                                    map("name", "networkInterfaceId", "value", eni),
                                    map("name", "macAddress", "value", "0a:00:00:00:00:01"),
                                    map("name", "privateIPv4Address", "value", privateIp)))),
                    "containers", List.of(container(role, status, null)));
        }

        private static Map<String, Object> container(String name, String status, Integer exitCode) {
            Map<String, Object> container = map("name", name, "lastStatus", status, "healthStatus", "UNKNOWN");
            if (exitCode != null) container.put("exitCode", exitCode);
            return container;
        }
    }

    /** ECS, JSON 1.1 protocol: the action is in X-Amz-Target, errors are {"__type", "message"} with 400. */
    record EcsApi(Stack stack) {
        Reply answer(String action, Map<String, Object> request) {
            return switch (action) {
                case "DescribeClusters" -> describeClusters(request);
                case "DescribeServices" -> withCluster(request, () -> describeServices(request));
                case "ListTasks" -> withCluster(request, () -> listTasks(request));
                case "DescribeTasks" -> withCluster(request, () -> describeTasks(request));
                case "DescribeTaskDefinition" -> describeTaskDefinition(request);
                default -> error("UnknownOperationException", null);
            };
        }

        private Reply withCluster(Map<String, Object> request, java.util.function.Supplier<Reply> answer) {
            return lastPart(String.valueOf(request.getOrDefault("cluster", "default"))).equals(stack.cluster)
                    ? answer.get() : error("ClusterNotFoundException", "Cluster not found.");
        }

        private Reply describeClusters(Map<String, Object> request) {
            List<Object> clusters = new ArrayList<>();
            List<Object> failures = new ArrayList<>();
            for (Object name : list(request, "clusters")) {
                if (lastPart(name.toString()).equals(stack.cluster)) {
                    clusters.add(map("clusterArn", stack.arn("cluster/" + stack.cluster), "clusterName", stack.cluster,
                            "status", "ACTIVE", "runningTasksCount", 2, "pendingTasksCount", 0, "activeServicesCount", 2));
                } else {
                    failures.add(map("arn", stack.arn("cluster/" + name), "reason", "MISSING"));
                }
            }
            return Reply.json(200, map("clusters", clusters, "failures", failures));
        }

        private Reply describeServices(Map<String, Object> request) {
            List<Object> services = new ArrayList<>();
            List<Object> failures = new ArrayList<>();
            for (Object name : list(request, "services")) {
                Map<String, Object> service = stack.services.get(lastPart(name.toString()));
                if (service != null) services.add(service);
                else failures.add(map("arn", stack.arn("service/" + stack.cluster + "/" + name), "reason", "MISSING"));
            }
            return Reply.json(200, map("services", services, "failures", failures));
        }

        /** Only tasks whose desired status is RUNNING unless desiredStatus says otherwise. */
        private Reply listTasks(Map<String, Object> request) {
            String desired = String.valueOf(request.getOrDefault("desiredStatus", "RUNNING"));
            Object serviceName = request.get("serviceName");
            if (serviceName != null && !stack.services.containsKey(serviceName.toString())) {
                return error("ServiceNotFoundException", "Service not found.");
            }
            List<Object> arns = stack.tasks.stream()
                    .filter(t -> serviceName == null || t.get("group").equals("service:" + serviceName))
                    .filter(t -> t.get("desiredStatus").equals(desired))
                    .map(t -> t.get("taskArn"))
                    .collect(Collectors.toList());
            return Reply.json(200, map("taskArns", arns));
        }

        private Reply describeTasks(Map<String, Object> request) {
            List<Object> tasks = new ArrayList<>();
            List<Object> failures = new ArrayList<>();
            for (Object wanted : list(request, "tasks")) {
                Optional<Map<String, Object>> task = stack.tasks.stream()
                        .filter(t -> t.get("taskArn").equals(wanted) || lastPart(t.get("taskArn").toString()).equals(wanted))
                        .findFirst();
                if (task.isPresent()) tasks.add(task.get());
                else failures.add(map("arn", wanted, "reason", "MISSING"));
            }
            return Reply.json(200, map("tasks", tasks, "failures", failures));
        }

        /** Takes a family (newest ACTIVE revision), family:revision or a full ARN. */
        private Reply describeTaskDefinition(Map<String, Object> request) {
            String wanted = String.valueOf(request.get("taskDefinition"));
            return stack.taskDefinitions.stream()
                    .filter(d -> d.get("taskDefinitionArn").equals(wanted) || lastPart(d.get("taskDefinitionArn").toString()).equals(wanted)
                            || d.get("family").equals(wanted))
                    .reduce((older, newer) -> newer)
                    .map(d -> Reply.json(200, map("taskDefinition", d, "tags", List.of())))
                    .orElseGet(() -> error("ClientException", "Unable to describe task definition."));
        }

        private static Reply error(String type, String message) {
            Map<String, Object> body = map("__type", type);
            if (message != null) body.put("message", message);
            return Reply.json(400, body);
        }

        private static List<?> list(Map<String, Object> request, String key) {
            Object value = request.get(key);
            return value instanceof List<?> values ? values : List.of();
        }

        private static String lastPart(String nameOrArn) {
            return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        }
    }

    /** EC2, RDS and ElastiCache: query protocol, form-encoded Action, XML answers. */
    record QueryApi(Stack stack, String requestId) {
        private static final Map<String, String> NAMESPACES = Map.of(
                "ec2", "http://ec2.amazonaws.com/doc/2016-11-15/",
                "rds", "http://rds.amazonaws.com/doc/2014-10-31/",
                "elasticache", "http://elasticache.amazonaws.com/doc/2015-02-02/");

        Reply answer(String service, String action, Map<String, String> form) {
            return switch (service + ":" + action) {
                case "ec2:DescribeNetworkInterfaces" -> describeNetworkInterfaces(form);
                case "rds:DescribeDBInstances" -> describeDbInstances(form);
                case "elasticache:DescribeCacheClusters" -> describeCacheClusters(form);
                case "elasticache:DescribeReplicationGroups" -> error(service, 404, "ReplicationGroupNotFoundFault",
                        "ReplicationGroup " + form.getOrDefault("ReplicationGroupId", "") + " not found.");
                default -> error(service, 400, "InvalidAction", "The action " + action + " is not valid for this web service.");
            };
        }

        /** Without ids, every interface; with ids, all of them or the whole call fails. */
        private Reply describeNetworkInterfaces(Map<String, String> form) {
            List<String> ids = form.entrySet().stream().filter(e -> e.getKey().startsWith("NetworkInterfaceId."))
                    .map(Map.Entry::getValue).toList();
            List<String> wanted = ids.isEmpty() ? List.copyOf(stack.networkInterfaces.keySet()) : ids;
            StringBuilder items = new StringBuilder();
            for (String id : wanted) {
                String[] addresses = stack.networkInterfaces.get(id);
                if (addresses == null) {
                    return error("ec2", 400, "InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
                }
                items.append("<item>").append(el("networkInterfaceId", id)).append(el("subnetId", "subnet-0a"))
                        .append(el("vpcId", "vpc-0labs")).append(el("availabilityZone", REGION + "a"))
                        .append(el("description", "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":attachment/" + id))
                        .append(el("ownerId", ACCOUNT)).append(el("requesterId", "578734482556"))
                        .append(el("requesterManaged", "true")).append(el("status", "in-use"))
                        .append(el("macAddress", "0a:00:00:00:00:01")).append(el("privateIpAddress", addresses[0]))
                        .append(el("sourceDestCheck", "true")).append(el("interfaceType", "interface"))
                        .append("<groupSet><item>").append(el("groupId", "sg-0labs")).append(el("groupName", stack.prefix + "-sg"))
                        .append("</item></groupSet>")
                        .append("<association>").append(el("publicIp", addresses[1]))
                        .append(el("publicDnsName", "ec2-" + addresses[1].replace('.', '-') + "." + REGION + ".compute.amazonaws.com"))
                        .append(el("ipOwnerId", "amazon")).append("</association>")
                        .append("<tagSet/></item>");
            }
            return Reply.xml(200, "<DescribeNetworkInterfacesResponse xmlns=\"" + NAMESPACES.get("ec2") + "\">"
                    + el("requestId", requestId) + "<networkInterfaceSet>" + items + "</networkInterfaceSet>"
                    + "</DescribeNetworkInterfacesResponse>");
        }

        private Reply describeDbInstances(Map<String, String> form) {
            String name = stack.prefix + "-postgres";
            String wanted = form.get("DBInstanceIdentifier");
            if (wanted != null && !wanted.equals(name)) {
                return error("rds", 404, "DBInstanceNotFound", "DBInstance " + wanted + " not found.");
            }
            String instance = "<DBInstance>" + el("DBInstanceIdentifier", name) + el("DBInstanceClass", "db.t3.micro")
                    + el("Engine", "postgres") + el("EngineVersion", "15.8") + el("DBInstanceStatus", SleepApi.databaseStatus(stack))
                    + el("MasterUsername", "labs") + el("AllocatedStorage", "20") + el("MultiAZ", "false")
                    + "<Endpoint>" + el("Address", name + ".abc123." + REGION + ".rds.amazonaws.com") + el("Port", "5432")
                    + "</Endpoint>" + el("DBInstanceArn", "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":db:" + name)
                    + "</DBInstance>";
            return Reply.xml(200, "<DescribeDBInstancesResponse xmlns=\"" + NAMESPACES.get("rds") + "\">"
                    + "<DescribeDBInstancesResult><DBInstances>" + instance + "</DBInstances></DescribeDBInstancesResult>"
                    + metadata() + "</DescribeDBInstancesResponse>");
        }

        /** Node endpoints appear only with ShowCacheNodeInfo=true. */
        private Reply describeCacheClusters(Map<String, String> form) {
            String name = stack.prefix + "-redis";
            String wanted = form.get("CacheClusterId");
            if (wanted != null && !wanted.equals(name)) {
                return error("elasticache", 404, "CacheClusterNotFound", "CacheCluster not found: " + wanted);
            }
            String nodes = !"true".equals(form.get("ShowCacheNodeInfo")) ? "" : "<CacheNodes><CacheNode>"
                    + el("CacheNodeId", "0001") + el("CacheNodeStatus", "available") + "<Endpoint>"
                    + el("Address", name + ".xyz.0001.euw1.cache.amazonaws.com") + el("Port", "6379")
                    + "</Endpoint></CacheNode></CacheNodes>";
            String cluster = "<CacheCluster>" + el("CacheClusterId", name) + el("CacheClusterStatus", "available")
                    + el("Engine", "redis") + el("EngineVersion", "7.1.0") + el("CacheNodeType", "cache.t3.micro")
                    + el("NumCacheNodes", "1") + el("TransitEncryptionEnabled", "false") + el("AuthTokenEnabled", "false") + nodes
                    + el("ARN", "arn:aws:elasticache:" + REGION + ":" + ACCOUNT + ":cluster:" + name) + "</CacheCluster>";
            return Reply.xml(200, "<DescribeCacheClustersResponse xmlns=\"" + NAMESPACES.get("elasticache") + "\">"
                    + "<DescribeCacheClustersResult><CacheClusters>" + cluster + "</CacheClusters></DescribeCacheClustersResult>"
                    + metadata() + "</DescribeCacheClustersResponse>");
        }

        private String metadata() {
            return "<ResponseMetadata>" + el("RequestId", requestId) + "</ResponseMetadata>";
        }

        /** EC2 wraps errors in Response/Errors; RDS and ElastiCache in ErrorResponse/Error. */
        private Reply error(String service, int status, String code, String message) {
            if (service.equals("ec2")) {
                return Reply.xml(status, "<Response><Errors><Error>" + el("Code", code) + el("Message", message)
                        + "</Error></Errors>" + el("RequestID", requestId) + "</Response>");
            }
            return Reply.xml(status, "<ErrorResponse xmlns=\"" + NAMESPACES.getOrDefault(service, "") + "\"><Error>"
                    + el("Type", "Sender") + el("Code", code) + el("Message", message) + "</Error>"
                    + el("RequestId", requestId) + "</ErrorResponse>");
        }

        private static String el(String name, String value) {
            return "<" + name + ">" + value.replace("&", "&amp;").replace("<", "&lt;") + "</" + name + ">";
        }
    }

    static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    /**
     * What sleep and wake call, answered for the same stack: ECS UpdateService (a desired count only:
     * the service's tasks stop or run at once), TagResource and UntagResource (the service's tags, which
     * DescribeServices then shows); RDS StopDBInstance and StartDBInstance (InvalidDBInstanceState unless
     * available / stopped; the instance is "stopping" / "starting" for one DescribeDBInstances, then
     * "stopped" / "available"); IAM GetRole, CreateRole, PutRolePolicy and the role's policy listings
     * (query protocol; NoSuchEntity 404); EventBridge Scheduler GetSchedule, CreateSchedule and
     * DeleteSchedule (REST JSON on /schedules/NAME; ResourceNotFoundException 404, ConflictException 409).
     * Sources: the ECS, RDS, IAM and EventBridge Scheduler API references.
     */
    static final class SleepApi {
        private static final String IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
        private static final String RDS_NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";

        static Optional<Reply> answer(Stack stack, String requestId, HttpExchange exchange, String service, String body,
                java.util.function.BiConsumer<String, String> count) {
            switch (service) {
                case "scheduler" -> {
                    String method = exchange.getRequestMethod();
                    String name = lastPart(exchange.getRequestURI().getPath());
                    count.accept("scheduler", method + " " + name);
                    return Optional.of(schedule(stack, method, name, body));
                }
                case "ecs" -> {
                    String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                    String action = target.substring(target.indexOf('.') + 1);
                    if (!List.of("UpdateService", "TagResource", "UntagResource").contains(action)) return Optional.empty();
                    count.accept("ecs", action);
                    return Optional.of(ecs(stack, action, Json.parse(body)));
                }
                case "rds", "iam" -> {
                    Map<String, String> form = form(body);
                    String action = form.getOrDefault("Action", "");
                    if (service.equals("rds") && !action.endsWith("DBInstance") || action.startsWith("Describe")) return Optional.empty();
                    count.accept(service, action);
                    return Optional.of(service.equals("rds") ? rds(stack, requestId, action) : iam(stack, requestId, action, form));
                }
                default -> {
                    return Optional.empty();
                }
            }
        }

        /** The status DescribeDBInstances shows: a stop or start in progress has completed by the next look. */
        static synchronized String databaseStatus(Stack stack) {
            stack.sleepState.computeIfPresent("database", (k, status) -> status.equals("stopping") ? "stopped"
                    : status.equals("starting") ? "available" : status);
            return (String) stack.sleepState.get("database");
        }

        private static Reply schedule(Stack stack, String method, String name, String body) {
            String key = "schedule:" + name;
            boolean exists = stack.sleepState.containsKey(key);
            if (method.equals("POST") && exists) return restError(409, "ConflictException", "Schedule " + name + " already exists.");
            if (!method.equals("POST") && !exists) return restError(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
            switch (method) {
                case "POST", "PUT" -> stack.sleepState.put(key, Json.parse(body));
                case "DELETE" -> stack.sleepState.remove(key);
                default -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> created = (Map<String, Object>) stack.sleepState.get(key);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> target = (Map<String, Object>) created.get("Target");
                    return Reply.json(200, map("Name", name, "GroupName", "default", "ScheduleExpression",
                            created.get("ScheduleExpression"), "State", created.get("State"), "Target", map("Arn", target.get("Arn"),
                                    "RoleArn", target.get("RoleArn"), "Input", target.get("Input"))));
                }
            }
            return Reply.json(200, map("ScheduleArn", "arn:aws:scheduler:" + REGION + ":" + ACCOUNT + ":schedule/default/" + name));
        }

        private static Reply restError(int status, String type, String message) {
            return Reply.json(status, map("__type", type, "Message", message));
        }

        @SuppressWarnings("unchecked")
        private static Reply ecs(Stack stack, String action, Map<String, Object> request) {
            String arn = String.valueOf(request.getOrDefault("resourceArn", ""));
            Map<String, Object> service = stack.services.get(lastPart(String.valueOf(request.getOrDefault("service", arn))));
            if (service == null) return EcsApi.error("ServiceNotFoundException", "Service not found.");
            List<Object> tags = new ArrayList<>((List<Object>) service.getOrDefault("tags", List.of()));
            switch (action) {
                case "TagResource" -> {
                    List<Object> added = (List<Object>) request.get("tags");
                    added.forEach(tag -> tags.removeIf(t -> ((Map<String, Object>) t).get("key").equals(((Map<String, Object>) tag).get("key"))));
                    tags.addAll(added);
                    service.put("tags", tags);
                    return Reply.json(200, map());
                }
                case "UntagResource" -> {
                    List<Object> keys = (List<Object>) request.get("tagKeys");
                    tags.removeIf(t -> keys.contains(((Map<String, Object>) t).get("key")));
                    service.put("tags", tags);
                    return Reply.json(200, map());
                }
                default -> {
                    int desired = ((Number) request.get("desiredCount")).intValue();
                    String family = String.valueOf(service.get("serviceName"));
                    for (Map<String, Object> task : stack.tasks) {
                        if (task.get("group").equals("service:" + family) && task.get("taskDefinitionArn").equals(service.get("taskDefinition"))) {
                            task.put("lastStatus", desired > 0 ? "RUNNING" : "STOPPED");
                            task.put("desiredStatus", desired > 0 ? "RUNNING" : "STOPPED");
                        }
                    }
                    service.put("desiredCount", desired);
                    service.put("runningCount", desired);
                    Map<String, Object> primary = (Map<String, Object>) ((List<Object>) service.get("deployments")).get(0);
                    primary.put("desiredCount", desired);
                    primary.put("runningCount", desired);
                    return Reply.json(200, map("service", service));
                }
            }
        }

        private static synchronized Reply rds(Stack stack, String requestId, String action) {
            String needed = action.equals("StopDBInstance") ? "available" : "stopped";
            String status = (String) stack.sleepState.get("database");
            if (!status.equals(needed)) {
                return Reply.xml(400, "<ErrorResponse xmlns=\"" + RDS_NAMESPACE + "\"><Error><Type>Sender</Type><Code>InvalidDBInstanceState"
                        + "</Code><Message>Instance " + stack.prefix + "-postgres is not in " + needed + " state.</Message></Error>"
                        + "<RequestId>" + requestId + "</RequestId></ErrorResponse>");
            }
            stack.sleepState.put("database", action.equals("StopDBInstance") ? "stopping" : "starting");
            return Reply.xml(200, "<" + action + "Response xmlns=\"" + RDS_NAMESPACE + "\"><" + action + "Result><DBInstance>"
                    + "<DBInstanceIdentifier>" + stack.prefix + "-postgres</DBInstanceIdentifier></DBInstance></" + action
                    + "Result><ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></" + action + "Response>");
        }

        /** One role, labs's scheduler role, with its inline policies. */
        private static Reply iam(Stack stack, String requestId, String action, Map<String, String> form) {
            String role = form.get("RoleName");
            String key = "role:" + role;
            @SuppressWarnings("unchecked")
            Map<String, String> policies = (Map<String, String>) stack.sleepState.get(key + ":policies");
            if (!action.equals("CreateRole") && !stack.sleepState.containsKey(key)) {
                return Reply.xml(404, "<ErrorResponse xmlns=\"" + IAM_NAMESPACE + "\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>"
                        + "<Message>The role with name " + role + " cannot be found.</Message></Error><RequestId>" + requestId
                        + "</RequestId></ErrorResponse>");
            }
            String result = switch (action) {
                case "CreateRole" -> {
                    stack.sleepState.put(key, form.get("AssumeRolePolicyDocument"));
                    stack.sleepState.put(key + ":policies", new ConcurrentHashMap<String, String>());
                    yield roleXml(stack, role);
                }
                case "GetRole" -> roleXml(stack, role);
                case "PutRolePolicy" -> {
                    policies.put(form.get("PolicyName"), form.get("PolicyDocument"));
                    yield "";
                }
                case "ListRolePolicies" -> "<PolicyNames>" + policies.keySet().stream().map(n -> "<member>" + n + "</member>")
                        .collect(Collectors.joining()) + "</PolicyNames><IsTruncated>false</IsTruncated>";
                case "GetRolePolicy" -> "<RoleName>" + role + "</RoleName><PolicyName>" + form.get("PolicyName") + "</PolicyName>"
                        + "<PolicyDocument>" + java.net.URLEncoder.encode(policies.get(form.get("PolicyName")), StandardCharsets.UTF_8)
                        + "</PolicyDocument>";
                case "ListAttachedRolePolicies" -> "<AttachedPolicies/><IsTruncated>false</IsTruncated>";
                default -> null;
            };
            if (result == null) return EcsApi.error("UnknownOperationException", action);
            return Reply.xml(200, "<" + action + "Response xmlns=\"" + IAM_NAMESPACE + "\"><" + action + "Result>" + result + "</"
                    + action + "Result><ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></" + action + "Response>");
        }

        private static String roleXml(Stack stack, String role) {
            return "<Role><Path>/</Path><RoleName>" + role + "</RoleName><RoleId>AROA0000000000000001</RoleId><Arn>arn:aws:iam::" + ACCOUNT
                    + ":role/" + role + "</Arn><CreateDate>2026-11-26T08:00:00Z</CreateDate><AssumeRolePolicyDocument>"
                    + java.net.URLEncoder.encode(String.valueOf(stack.sleepState.get("role:" + role)), StandardCharsets.UTF_8)
                    + "</AssumeRolePolicyDocument><Tags><member><Key>labs:prefix</Key><Value>" + stack.prefix + "</Value></member></Tags></Role>";
        }

        private static String lastPart(String nameOrArn) {
            return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        }
    }

    /** The little JSON the ECS protocol needs: objects, arrays, strings, numbers, booleans, null. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.skipSpace();
            if (json.at != text.length() || !(value instanceof Map)) throw new IllegalArgumentException("not a JSON object: " + text);
            return (Map<String, Object>) value;
        }

        static String write(Object value) {
            if (value == null) return "null";
            if (value instanceof String s) return quote(s);
            if (value instanceof Number || value instanceof Boolean) return value.toString();
            if (value instanceof Map<?, ?> map) {
                return map.entrySet().stream().map(e -> quote(e.getKey().toString()) + ":" + write(e.getValue()))
                        .collect(Collectors.joining(",", "{", "}"));
            }
            if (value instanceof List<?> list) return list.stream().map(Json::write).collect(Collectors.joining(",", "[", "]"));
            throw new IllegalArgumentException("cannot write " + value.getClass());
        }

        private static String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    default -> {
                        if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                        else out.append(c);
                    }
                }
            }
            return out.append('"').toString();
        }

        private Object value() {
            skipSpace();
            char c = text.charAt(at);
            if (c == '{') return object();
            if (c == '[') return array();
            if (c == '"') return string();
            for (String literal : List.of("true", "false", "null")) {
                if (text.startsWith(literal, at)) {
                    at += literal.length();
                    return literal.equals("null") ? null : Boolean.valueOf(literal);
                }
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) at++;
            if (start == at) throw new IllegalArgumentException("unexpected '" + c + "' at " + at);
            return Double.valueOf(text.substring(start, at));
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (text.charAt(at) == '}') {
                at++;
                return map;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                map.put(key, value());
                skipSpace();
                if (text.charAt(at) == '}') {
                    at++;
                    return map;
                }
                expect(',');
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            at++;
            skipSpace();
            if (text.charAt(at) == ']') {
                at++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                if (text.charAt(at) == ']') {
                    at++;
                    return list;
                }
                expect(',');
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            }
            at++;
            return out.toString();
        }

        private void expect(char c) {
            if (text.charAt(at) != c) throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + text);
            at++;
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
        }
    }
}
