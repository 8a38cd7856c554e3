package io.seedance.streams.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A faithful stand-in for the Seedance API: both endpoints with the documented shapes, headers
 * and error codes, a task lifecycle, per-key limits, injected faults and completion callbacks, on
 * a real HTTP server. Tests, the embedded default and the benchmarks talk to it instead of the
 * internet.
 *
 * <p>Responses are delayed on a scheduler rather than by sleeping handler threads, so added
 * latency costs no threads and a slow upstream can be simulated at full request rate.
 *
 * <p>The callback body (the upstream's is undocumented) is the {@code data} object of a query
 * answer: {@code task_id}, {@code status}, {@code result.video}, {@code consumed},
 * {@code status_reason.message}, {@code created_at}.
 */
public final class SeedanceSimulator implements AutoCloseable {

    public static final String GENERATE_PATH = "/api/video/seedance/gen";
    public static final String QUERY_PATH = "/api/task/query";
    public static final String VIDEO_PATH = "/videos/";

    private static final Logger LOG = LoggerFactory.getLogger(SeedanceSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Endpoint {
        GENERATE,
        QUERY
    }

    private record Reply(int status, String contentType, byte[] body, Optional<Duration> retryAfter) {
        static final Reply HANG = new Reply(0, "", new byte[0], Optional.empty());

        static Reply json(final int status, final JsonNode body) {
            return new Reply(
                    status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8), Optional.empty());
        }

        static Reply error(final int status, final String message) {
            return json(status, JSON.createObjectNode().put("code", 1).put("message", message));
        }
    }

    private final AtomicReference<SimulatorConfig> config;
    private final Clock clock;
    private final Random random;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService scheduler;
    private final HttpClient callbackClient;
    private final KeyLimits limits = new KeyLimits();
    private final Map<String, SimulatedTask> tasks = new ConcurrentHashMap<>();
    private final Map<String, PriorityQueue<SimulatedTask>> unfinishedByKey = new ConcurrentHashMap<>();
    private final Map<String, Integer> acceptedBodies = new ConcurrentHashMap<>();
    private final Set<HttpExchange> hanging = ConcurrentHashMap.newKeySet();

    private final AtomicLong generateRequests = new AtomicLong();
    private final AtomicLong queryRequests = new AtomicLong();
    private final AtomicLong duplicateSubmissions = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong hung = new AtomicLong();
    private final AtomicLong callbacksSent = new AtomicLong();
    private final AtomicLong callbacksFailed = new AtomicLong();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger peakConcurrent = new AtomicInteger();

    private SeedanceSimulator(final SimulatorConfig config, final Clock clock) throws IOException {
        this.config = new AtomicReference<>(config);
        this.clock = clock;
        this.random = new Random(config.seed());
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
        this.handlers =
                Executors.newFixedThreadPool(4, ThreadUtils.createThreadFactory("seedance-simulator-http-%d", true));
        this.scheduler = Executors.newScheduledThreadPool(
                2, ThreadUtils.createThreadFactory("seedance-simulator-timer-%d", true));
        this.callbackClient =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        server.setExecutor(handlers);
        server.createContext(GENERATE_PATH, exchange -> handle(exchange, Endpoint.GENERATE));
        server.createContext(QUERY_PATH, exchange -> handle(exchange, Endpoint.QUERY));
        server.createContext(VIDEO_PATH, this::video);
    }

    public static SeedanceSimulator start(final SimulatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static SeedanceSimulator start(final SimulatorConfig config, final Clock clock) {
        try {
            final SeedanceSimulator simulator = new SeedanceSimulator(config, clock);
            simulator.server.start();
            LOG.info("Seedance simulator listening on {}", simulator.baseUrl());
            return simulator;
        } catch (final IOException e) {
            throw new IllegalStateException(
                    "Cannot start the Seedance simulator on " + config.host() + ":" + config.port() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Where to point the client: {@code http://host:port}. */
    public URI baseUrl() {
        return URI.create(
                "http://" + config.get().host() + ":" + server.getAddress().getPort());
    }

    /** Where clients reach the simulator: the configured public URL, else its own address. */
    private String publicUrl(final SimulatorConfig cfg) {
        return cfg.publicUrl().isEmpty() ? baseUrl().toString() : cfg.publicUrl();
    }

    public SimulatorConfig config() {
        return config.get();
    }

    /** Changes limits and faults while running (an outage, say); host and port stay as they are. */
    public void reconfigure(final UnaryOperator<SimulatorConfig.Builder> change) {
        config.updateAndGet(current -> change.apply(current.toBuilder()).build());
    }

    /** When each task was created (its generate call accepted), oldest first: a benchmark's timeline. */
    public java.util.List<Instant> taskCreationTimes() {
        return tasks.values().stream().map(task -> task.createdAt).sorted().toList();
    }

    public SimulatorStats stats() {
        return new SimulatorStats(
                generateRequests.get(),
                queryRequests.get(),
                tasks.size(),
                duplicateSubmissions.get(),
                rateLimited.get(),
                unauthorized.get(),
                rejected.get(),
                serverErrors.get(),
                malformed.get(),
                hung.get(),
                peakConcurrent.get(),
                callbacksSent.get(),
                callbacksFailed.get(),
                tasks.values().stream().collect(Collectors.toMap(t -> t.id, t -> t.queries.get())));
    }

    private void handle(final HttpExchange exchange, final Endpoint endpoint) {
        peakConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        final SimulatorConfig cfg = config.get();
        Reply reply;
        try {
            reply = answer(exchange, endpoint, cfg);
        } catch (final RuntimeException | IOException e) {
            LOG.warn("Seedance simulator failed on {}", exchange.getRequestURI().getPath(), e);
            reply = Reply.error(500, "internal server error");
        }
        if (reply == Reply.HANG) {
            hanging.add(exchange);
            return;
        }
        final long delay = latencyNanos(cfg);
        final Reply answer = reply;
        if (delay <= 0) {
            send(exchange, answer);
        } else {
            scheduler.schedule(() -> send(exchange, answer), delay, TimeUnit.NANOSECONDS);
        }
    }

    private Reply answer(final HttpExchange exchange, final Endpoint endpoint, final SimulatorConfig cfg)
            throws IOException {
        (endpoint == Endpoint.GENERATE ? generateRequests : queryRequests).incrementAndGet();
        final byte[] body = exchange.getRequestBody().readAllBytes();
        final String key = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
        if (key == null || !cfg.apiKeys().contains(key)) {
            unauthorized.incrementAndGet();
            return Reply.error(401, "unauthorized: missing or invalid API key");
        }
        final String method = endpoint == Endpoint.GENERATE ? "POST" : "GET";
        if (!method.equals(exchange.getRequestMethod())) {
            return Reply.error(405, "method not allowed: use " + method);
        }
        final int perMinute =
                endpoint == Endpoint.GENERATE ? cfg.generateRequestsPerMinute() : cfg.queryRequestsPerMinute();
        final Optional<Duration> wait = limits.tryAcquire(key, endpoint.name(), perMinute, cfg.rateWindow());
        if (wait.isPresent()) {
            return tooMany("rate limit exceeded: " + perMinute + " requests per minute", wait.get());
        }
        final double draw = nextDouble();
        if (draw < cfg.hangRate()) {
            hung.incrementAndGet();
            return Reply.HANG;
        }
        if (draw < cfg.hangRate() + cfg.errorRate()) {
            serverErrors.incrementAndGet();
            return Reply.error(500, "internal server error");
        }
        if (draw < cfg.hangRate() + cfg.errorRate() + cfg.malformedRate()) {
            malformed.incrementAndGet();
            return new Reply(
                    200,
                    "text/html",
                    "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8),
                    Optional.empty());
        }
        return endpoint == Endpoint.GENERATE
                ? generate(key, body, cfg)
                : query(key, exchange.getRequestURI().getRawQuery(), cfg);
    }

    private Reply generate(final String key, final byte[] body, final SimulatorConfig cfg) {
        final JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (final IOException e) {
            rejected.incrementAndGet();
            return Reply.error(400, "the body is not JSON");
        }
        final GenerationValidator.Result valid = GenerationValidator.validate(tree);
        if (!valid.valid()) {
            rejected.incrementAndGet();
            return Reply.error(400, "invalid parameters: " + String.join("; ", valid.problems()));
        }
        final Instant now = clock.instant();
        final PriorityQueue<SimulatedTask> unfinished = unfinishedByKey.computeIfAbsent(
                key, k -> new PriorityQueue<>(Comparator.comparing((SimulatedTask t) -> t.finishedAt)));
        final SimulatedTask task;
        synchronized (unfinished) {
            while (!unfinished.isEmpty() && unfinished.peek().finishedAt(now)) {
                unfinished.poll();
            }
            if (cfg.maxTasksInFlight() > 0 && unfinished.size() >= cfg.maxTasksInFlight()) {
                return tooMany(
                        "too many tasks in flight: at most " + cfg.maxTasksInFlight(),
                        Duration.between(now, unfinished.peek().finishedAt));
            }
            task = newTask(key, valid, cfg, now);
            unfinished.add(task);
        }
        tasks.put(task.id, task);
        if (acceptedBodies.merge(tree.toString(), 1, Integer::sum) > 1) {
            duplicateSubmissions.incrementAndGet();
        }
        if (cfg.callbacks() && task.callbackUrl.isPresent()) {
            scheduler.schedule(
                    () -> sendCallback(task),
                    Math.max(0, Duration.between(now, task.finishedAt).toNanos()),
                    TimeUnit.NANOSECONDS);
        }
        final ObjectNode answer = JSON.createObjectNode().put("code", 0).put("message", "ok");
        answer.putObject("data").put("task_id", task.id);
        return Reply.json(200, answer);
    }

    private Reply query(final String key, final String rawQuery, final SimulatorConfig cfg) {
        final String taskId = parameter(rawQuery, "task_id");
        if (taskId == null || taskId.isBlank()) {
            rejected.incrementAndGet();
            return Reply.error(400, "invalid parameters: task_id is required");
        }
        final SimulatedTask task = tasks.get(taskId);
        if (task == null || !task.apiKey.equals(key)) {
            return Reply.error(404, "task not found");
        }
        task.queries.incrementAndGet();
        final Instant now = clock.instant();
        if (now.isBefore(task.createdAt.plus(cfg.notFoundAfterCreation()))) {
            return Reply.error(404, "task not found");
        }
        final ObjectNode answer = JSON.createObjectNode().put("code", 0).put("message", "ok");
        answer.set("data", taskData(task, now, cfg));
        return Reply.json(200, answer);
    }

    private ObjectNode taskData(final SimulatedTask task, final Instant now, final SimulatorConfig cfg) {
        final SimulatedTask.Phase phase = task.phaseAt(now);
        final ObjectNode data = JSON.createObjectNode()
                .put("task_id", task.id)
                .put("status", cfg.vocabulary().word(phase));
        if (phase == SimulatedTask.Phase.SUCCEEDED) {
            data.putObject("result").put("video", publicUrl(cfg) + VIDEO_PATH + task.id + ".mp4");
            data.put("consumed", task.consumed());
        } else {
            data.putNull("result");
            data.put("consumed", phase == SimulatedTask.Phase.FAILED ? "0.000000" : null);
        }
        data.putObject("status_reason")
                .put("message", phase == SimulatedTask.Phase.FAILED ? cfg.failureReason() : null);
        data.put("created_at", task.createdAt.toString());
        return data;
    }

    private SimulatedTask newTask(
            final String key, final GenerationValidator.Result valid, final SimulatorConfig cfg, final Instant now) {
        final long spread = cfg.generationSpread().toMillis();
        final long jitter = spread == 0 ? 0 : (long) ((nextDouble() * 2 - 1) * spread);
        final Duration planned = cfg.generationTime().plusMillis(jitter);
        final Duration generation = planned.isNegative() ? Duration.ZERO : planned;
        final Duration queued = cfg.queueTime().compareTo(generation) < 0 ? cfg.queueTime() : generation;
        final String id;
        final boolean fails;
        synchronized (random) {
            id = "ta" + new UUID(random.nextLong(), random.nextLong());
            fails = random.nextDouble() < cfg.failureRate();
        }
        return new SimulatedTask(
                id,
                key,
                now,
                now.plus(queued),
                now.plus(generation),
                fails,
                valid.durationSeconds(),
                valid.callbackUrl());
    }

    private Reply tooMany(final String message, final Duration wait) {
        rateLimited.incrementAndGet();
        final long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        final Reply reply = Reply.error(429, message);
        return new Reply(429, reply.contentType(), reply.body(), Optional.of(Duration.ofSeconds(seconds)));
    }

    private void sendCallback(final SimulatedTask task) {
        final URI url = task.callbackUrl.orElseThrow();
        final HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        taskData(task, task.finishedAt, config.get()).toString()))
                .build();
        callbackClient
                .sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error == null && response.statusCode() / 100 == 2) {
                        callbacksSent.incrementAndGet();
                    } else {
                        callbacksFailed.incrementAndGet();
                    }
                });
    }

    private void video(final HttpExchange exchange) {
        final String name = exchange.getRequestURI().getPath().substring(VIDEO_PATH.length());
        final SimulatedTask task = tasks.get(name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : name);
        peakConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        if (task == null || task.phaseAt(clock.instant()) != SimulatedTask.Phase.SUCCEEDED) {
            send(exchange, Reply.error(404, "no such video"));
        } else {
            send(
                    exchange,
                    new Reply(
                            200,
                            "video/mp4",
                            ("simulated video of task " + task.id).getBytes(StandardCharsets.UTF_8),
                            Optional.empty()));
        }
    }

    private void send(final HttpExchange exchange, final Reply reply) {
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            reply.retryAfter()
                    .ifPresent(
                            wait -> exchange.getResponseHeaders().add("Retry-After", Long.toString(wait.toSeconds())));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            exchange.getResponseBody().write(reply.body());
        } catch (final IOException e) {
            LOG.debug("Seedance simulator could not answer: {}", e.toString());
        } finally {
            concurrent.decrementAndGet();
        }
    }

    private long latencyNanos(final SimulatorConfig cfg) {
        final long jitter = cfg.latencyJitter().toNanos();
        return cfg.latency().toNanos() + (jitter == 0 ? 0 : (long) (nextDouble() * jitter));
    }

    private double nextDouble() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    private static String bearer(final String header) {
        return header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).strip()
                : null;
    }

    private static String parameter(final String rawQuery, final String name) {
        if (rawQuery == null) {
            return null;
        }
        for (final String pair : rawQuery.split("&")) {
            final int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        hanging.forEach(HttpExchange::close);
        scheduler.shutdownNow();
        handlers.shutdownNow();
        LOG.info("Seedance simulator stopped");
    }
}
