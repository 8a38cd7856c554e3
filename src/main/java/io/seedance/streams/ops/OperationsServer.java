package io.seedance.streams.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.seedance.streams.serde.SchemaRegistryClient;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.service.ServiceMeters;
import io.seedance.streams.topology.ProcessorMetrics;
import io.seedance.streams.topology.SeedanceTopology;
import io.seedance.streams.topology.Task;
import io.seedance.streams.topology.TaskPhase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.ThreadUtils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's HTTP endpoint (the JDK's server): health for orchestrators, Prometheus metrics,
 * and "where is my video?" answered from the task store of whichever instance owns the request.
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the instance can make progress; 503 once Kafka Streams
 *       is in ERROR or has stopped (restart it).</li>
 *   <li>{@code GET /health/ready}: 200 when Kafka Streams is RUNNING, the schema registry answers
 *       and the upstream accepts the API key; 503 with the failing checks otherwise.</li>
 *   <li>{@code GET /metrics}: Prometheus text.</li>
 *   <li>{@code GET /requests/{request_id}}: the task's state; asked of the owning instance when
 *       that is another one (found through Kafka Streams' metadata).</li>
 * </ul>
 */
public final class OperationsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REGISTRY_CHECK_EVERY = Duration.ofSeconds(5);

    private final SeedanceService service;
    private final SchemaRegistryClient registry;
    private final ServiceMeters meters;
    private final HttpServer server;
    private final HttpClient forwarder =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Samples for the status page's chart: the last ten minutes, every five seconds. */
    private final java.util.Deque<long[]> history = new java.util.ArrayDeque<>();

    private final java.util.concurrent.ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            ThreadUtils.createThreadFactory("seedance-status-sampler", true));
    private final java.util.concurrent.ExecutorService handlers =
            Executors.newFixedThreadPool(2, ThreadUtils.createThreadFactory("seedance-http-%d", true));
    private volatile boolean registryReachable;
    private volatile long registryCheckedAt;

    private final java.util.Optional<CallbackReceiver> callbacks;

    private OperationsServer(
            final SeedanceService service,
            final SchemaRegistryClient registry,
            final int port,
            final java.util.Optional<CallbackReceiver> callbacks)
            throws IOException {
        this.callbacks = callbacks;
        this.service = service;
        this.registry = registry;
        this.meters = new ServiceMeters(service);
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(handlers);
        server.createContext("/health/live", exchange -> respond(exchange, this::live));
        server.createContext("/health/ready", exchange -> respond(exchange, this::ready));
        server.createContext("/metrics", this::metrics);
        server.createContext("/requests/", exchange -> respond(exchange, () -> request(exchange)));
        server.createContext("/status.json", exchange -> respond(exchange, this::status));
        server.createContext("/", this::page);
        callbacks.ifPresent(
                receiver -> server.createContext(io.seedance.streams.topology.CallbackSigner.PATH, receiver::handle));
        sampler.scheduleAtFixedRate(this::sample, 0, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    public static OperationsServer start(
            final SeedanceService service,
            final SchemaRegistryClient registry,
            final int port,
            final java.util.Optional<CallbackReceiver> callbacks)
            throws IOException {
        final OperationsServer operations = new OperationsServer(service, registry, port, callbacks);
        operations.server.start();
        LOG.info("Operations endpoint on port {}", operations.port());
        return operations;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private record Answer(int status, ObjectNode body) {}

    private interface Handler {
        Answer handle() throws IOException, InterruptedException;
    }

    private Answer live() {
        final KafkaStreams.State state = service.state();
        final boolean alive = state != KafkaStreams.State.ERROR
                && state != KafkaStreams.State.NOT_RUNNING
                && state != KafkaStreams.State.PENDING_ERROR;
        return new Answer(
                alive ? 200 : 503,
                JSON.createObjectNode().put("status", alive ? "UP" : "DOWN").put("streams", state.name()));
    }

    private Answer ready() {
        final KafkaStreams.State state = service.state();
        final boolean running = state == KafkaStreams.State.RUNNING;
        final boolean registryUp = registryReachable();
        final boolean authorized = service.gate().isAuthorized();
        final boolean ready = running && registryUp && authorized;
        final ObjectNode body = JSON.createObjectNode().put("status", ready ? "UP" : "DOWN");
        body.putObject("checks")
                .put("streams", state.name())
                .put("schemaRegistry", registryUp ? "UP" : "DOWN")
                .put("upstreamKey", authorized ? "ACCEPTED" : "REJECTED")
                .put("circuit", service.gate().circuitState().name());
        return new Answer(ready ? 200 : 503, body);
    }

    private boolean registryReachable() {
        final long now = System.nanoTime();
        if (now - registryCheckedAt > REGISTRY_CHECK_EVERY.toNanos()) {
            registryReachable = registry.reachable();
            registryCheckedAt = now;
        }
        return registryReachable;
    }

    private Answer request(final HttpExchange exchange) throws IOException, InterruptedException {
        final String id = URLDecoder.decode(
                exchange.getRequestURI().getRawPath().substring("/requests/".length()), StandardCharsets.UTF_8);
        final boolean forwarded = "forwarded".equals(exchange.getRequestURI().getQuery());
        final Optional<Task> local = service.task(id);
        if (local.isPresent()) {
            return new Answer(200, describe(local.get()));
        }
        if (!forwarded) {
            final KeyQueryMetadata owner = service.kafkaStreams()
                    .queryMetadataForKey(
                            SeedanceTopology.TASK_STORE, id, Serdes.String().serializer());
            final String endpoint =
                    owner.activeHost().host() + ":" + owner.activeHost().port();
            if (owner != KeyQueryMetadata.NOT_AVAILABLE
                    && !endpoint.equals(service.settings().endpoint())) {
                final HttpResponse<String> answer = forwarder.send(
                        HttpRequest.newBuilder(URI.create("http://" + endpoint + "/requests/"
                                        + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?forwarded"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return new Answer(answer.statusCode(), (ObjectNode) JSON.readTree(answer.body()));
            }
        }
        return new Answer(
                404,
                JSON.createObjectNode()
                        .put("request_id", id)
                        .put("error", "unknown request (never seen, or forgotten after the retention window)"));
    }

    private ObjectNode describe(final Task task) {
        final ObjectNode body = JSON.createObjectNode()
                .put("request_id", task.requestId())
                .put("state", task.phase().name())
                .put("task_id", task.taskId())
                .put("submissions", task.submissions())
                .put("queries", task.queries())
                .put("retries", task.retries())
                .put("last_error", task.lastError())
                .put("received_at", Instant.ofEpochMilli(task.receivedAt()).toString())
                .put("deadline_at", Instant.ofEpochMilli(task.deadlineAt()).toString())
                .put("next_action_at", Instant.ofEpochMilli(task.dueAt()).toString())
                .put("instance", service.settings().endpoint());
        body.put(
                "submitted_at",
                task.submittedAt() == null
                        ? null
                        : Instant.ofEpochMilli(task.submittedAt()).toString());
        body.put(
                "finished_at",
                task.finishedAt() == null
                        ? null
                        : Instant.ofEpochMilli(task.finishedAt()).toString());
        return body;
    }

    private void sample() {
        final ProcessorMetrics metrics = service.metrics();
        synchronized (history) {
            history.addLast(new long[] {
                System.currentTimeMillis(),
                metrics.count(ProcessorMetrics.Counter.COMPLETED),
                Math.round(metrics.meanEndToEndSeconds() * 1000)
            });
            while (history.size() > 120) {
                history.removeFirst();
            }
        }
    }

    /** What the status page shows, refreshed every two seconds. */
    private Answer status() {
        final ProcessorMetrics metrics = service.metrics();
        final ObjectNode body = JSON.createObjectNode()
                .put("instance", service.settings().endpoint())
                .put("streams", service.state().name())
                .put("circuit", service.gate().circuitState().name())
                .put("authorized", service.gate().isAuthorized())
                .put("liveInstances", service.gate().liveInstances())
                .put("callsInFlight", service.gate().callsInFlight())
                .put("meanEndToEndSeconds", metrics.meanEndToEndSeconds());
        final ObjectNode tasks = body.putObject("tasks");
        for (final TaskPhase phase : TaskPhase.values()) {
            tasks.put(phase.name(), metrics.tasks(phase));
        }
        final ObjectNode events = body.putObject("events");
        for (final ProcessorMetrics.Counter counter : ProcessorMetrics.Counter.values()) {
            events.put(counter.name().toLowerCase(java.util.Locale.ROOT), metrics.count(counter));
        }
        final com.fasterxml.jackson.databind.node.ArrayNode samples = body.putArray("history");
        synchronized (history) {
            history.forEach(h ->
                    samples.addObject().put("at", h[0]).put("completed", h[1]).put("latency", h[2] / 1000.0));
        }
        final com.fasterxml.jackson.databind.node.ArrayNode recent = body.putArray("recent");
        metrics.recent()
                .forEach(r -> recent.addObject()
                        .put("requestId", r.requestId())
                        .put("result", r.result())
                        .put("at", r.at())
                        .put("detail", r.detail()));
        return new Answer(200, body);
    }

    private void page(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            if (!path.equals("/") && !path.equals("/index.html")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            final byte[] bytes;
            try (java.io.InputStream page = OperationsServer.class.getResourceAsStream("/status/index.html")) {
                bytes = page.readAllBytes();
            }
            send(exchange, 200, "text/html; charset=utf-8", bytes);
        }
    }

    private void metrics(final HttpExchange exchange) throws IOException {
        try (exchange) {
            send(
                    exchange,
                    200,
                    "text/plain; version=0.0.4; charset=utf-8",
                    meters.scrape().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void respond(final HttpExchange exchange, final Handler handler) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = "GET".equals(exchange.getRequestMethod())
                        ? handler.handle()
                        : new Answer(405, JSON.createObjectNode().put("error", "use GET"));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = new Answer(503, JSON.createObjectNode().put("error", "interrupted"));
            } catch (final RuntimeException e) {
                answer = new Answer(
                        503,
                        JSON.createObjectNode().put("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            send(
                    exchange,
                    answer.status(),
                    "application/json",
                    answer.body().toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(final HttpExchange exchange, final int status, final String contentType, final byte[] body)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        callbacks.ifPresent(CallbackReceiver::close);
        handlers.shutdownNow();
        server.stop(0);
        meters.close();
    }
}
