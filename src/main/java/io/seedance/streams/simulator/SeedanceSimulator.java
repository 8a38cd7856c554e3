package io.seedance.streams.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A faithful stand-in for the Seedance API on a real HTTP server: both endpoints with the
 * documented shapes, headers and error codes, the videos it links to, and completion callbacks.
 * What the API does lives in {@link SimulatedUpstream}; this class is its HTTP shell. Tests, the
 * embedded default and the benchmarks talk to it instead of the internet.
 *
 * <p>Responses are delayed on a scheduler rather than by sleeping handler threads, so added
 * latency costs no threads and a slow upstream can be simulated at full request rate. A call chosen
 * to hang is held for {@link SimulatorConfig#hangFor()} and then closed unanswered.
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
    private static final Duration FORGET_EVERY = Duration.ofMinutes(1);

    private final AtomicReference<SimulatorConfig> config;
    private final SimulatorCounters counters = new SimulatorCounters();
    private final SimulatedUpstream upstream;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService scheduler;
    private final HttpClient callbackClient;
    private final Set<HttpExchange> hanging = ConcurrentHashMap.newKeySet();

    private SeedanceSimulator(final SimulatorConfig config, final Clock clock, final Optional<SimulatorTls> tls)
            throws IOException {
        this.config = new AtomicReference<>(config);
        this.upstream = new SimulatedUpstream(clock, config.seed(), counters);
        final InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (tls.isPresent()) {
            final HttpsServer https = HttpsServer.create(address, 1024);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.get().context()));
            this.server = https;
        } else {
            this.server = HttpServer.create(address, 1024);
        }
        this.handlers =
                Executors.newFixedThreadPool(4, ThreadUtils.createThreadFactory("seedance-simulator-http-%d", true));
        this.scheduler = Executors.newScheduledThreadPool(
                2, ThreadUtils.createThreadFactory("seedance-simulator-timer-%d", true));
        this.callbackClient =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        server.setExecutor(handlers);
        server.createContext(GENERATE_PATH, exchange -> handle(exchange, SimulatedUpstream.Endpoint.GENERATE));
        server.createContext(QUERY_PATH, exchange -> handle(exchange, SimulatedUpstream.Endpoint.QUERY));
        server.createContext(VIDEO_PATH, this::video);
        scheduler.scheduleAtFixedRate(
                () -> upstream.forgetFinished(this.config.get().taskRetention()),
                FORGET_EVERY.toMillis(),
                FORGET_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public static SeedanceSimulator start(final SimulatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static SeedanceSimulator start(final SimulatorConfig config, final Clock clock) {
        return start(config, clock, Optional.empty());
    }

    /** Over HTTPS when {@code tls} is present. */
    public static SeedanceSimulator start(
            final SimulatorConfig config, final Clock clock, final Optional<SimulatorTls> tls) {
        try {
            final SeedanceSimulator simulator = new SeedanceSimulator(config, clock, tls);
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

    /** Where to point the client: {@code http(s)://host:port}. */
    public URI baseUrl() {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://"
                + config.get().host() + ":" + server.getAddress().getPort());
    }

    /** Where clients reach the simulator: the configured public URL, else its own address. */
    private String publicUrl(final SimulatorConfig cfg) {
        return cfg.publicUrl().isEmpty() ? baseUrl().toString() : cfg.publicUrl();
    }

    public SimulatorConfig config() {
        return config.get();
    }

    /** Changes limits and faults while running (an outage, say); host and port stay as they are. */
    public void reconfigure(final UnaryOperator<SimulatorConfigBuilder> change) {
        config.updateAndGet(current -> change.apply(current.toBuilder()).build());
    }

    /** When each remembered task was created (its generate call accepted), oldest first: a benchmark's timeline. */
    public List<Instant> taskCreationTimes() {
        return upstream.taskCreationTimes();
    }

    /** Forgets finished tasks older than the configured retention now (it happens every minute anyway). */
    public int forgetFinishedTasks() {
        return upstream.forgetFinished(config.get().taskRetention());
    }

    /** Tasks remembered now: created, and not yet forgotten after their retention. */
    public int tasksRemembered() {
        return upstream.tasksRemembered();
    }

    public SimulatorStats stats() {
        return counters.snapshot(upstream.queriesByTask());
    }

    private void handle(final HttpExchange exchange, final SimulatedUpstream.Endpoint endpoint) {
        counters.requestStarted();
        final SimulatorConfig cfg = config.get();
        Reply reply;
        try {
            reply = upstream.answer(
                    endpoint,
                    bearer(exchange.getRequestHeaders().getFirst("Authorization")),
                    exchange.getRequestMethod(),
                    exchange.getRequestBody().readAllBytes(),
                    exchange.getRequestURI().getRawQuery(),
                    cfg,
                    publicUrl(cfg),
                    this::scheduleCallback);
        } catch (final RuntimeException | IOException e) {
            LOG.warn("Seedance simulator failed on {}", exchange.getRequestURI().getPath(), e);
            reply = Reply.error(500, "internal server error");
        }
        if (reply == Reply.HANG) {
            hang(exchange, cfg.hangFor());
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

    /** Holds the call unanswered, then drops its connection: what a client sees of a stuck upstream. */
    private void hang(final HttpExchange exchange, final Duration hangFor) {
        hanging.add(exchange);
        scheduler.schedule(
                () -> {
                    if (hanging.remove(exchange)) {
                        exchange.close();
                        counters.requestEnded();
                    }
                },
                hangFor.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void scheduleCallback(final SimulatedTask task) {
        scheduler.schedule(
                () -> sendCallback(task),
                Math.max(0, Duration.between(upstream.now(), task.finishedAt).toNanos()),
                TimeUnit.NANOSECONDS);
    }

    private void sendCallback(final SimulatedTask task) {
        final SimulatorConfig cfg = config.get();
        final HttpRequest request = HttpRequest.newBuilder(task.callbackUrl.orElseThrow())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(upstream.taskData(task, task.finishedAt, cfg, publicUrl(cfg))
                        .toString()))
                .build();
        callbackClient
                .sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error == null && response.statusCode() / 100 == 2) {
                        counters.callbacksSent.incrementAndGet();
                    } else {
                        counters.callbacksFailed.incrementAndGet();
                    }
                });
    }

    private void video(final HttpExchange exchange) {
        counters.requestStarted();
        final String name = exchange.getRequestURI().getPath().substring(VIDEO_PATH.length());
        final Optional<SimulatedTask> task =
                upstream.video(name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : name);
        if (task.isEmpty()) {
            send(exchange, Reply.error(404, "no such video"));
            return;
        }
        final long bytes = config.get().videoBytes();
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, SampleVideo.length(bytes));
            SampleVideo.writeTo(exchange.getResponseBody(), bytes);
        } catch (final IOException e) {
            LOG.debug("Seedance simulator could not send a video: {}", e.toString());
        } finally {
            counters.requestEnded();
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
            counters.requestEnded();
        }
    }

    private long latencyNanos(final SimulatorConfig cfg) {
        final long jitter = cfg.latencyJitter().toNanos();
        return cfg.latency().toNanos() + (jitter == 0 ? 0 : (long) (upstream.nextDouble() * jitter));
    }

    private static String bearer(final String header) {
        return header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).strip()
                : null;
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
