package io.seedance.streams.ops;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.seedance.streams.serde.SchemaRegistryClient;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.service.ServiceMeters;
import io.seedance.streams.storage.FilesystemVideoStore;
import io.seedance.streams.topology.CallbackSigner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's HTTP endpoint (the JDK's server). Two kinds of work, on two sets of threads, so
 * that one cannot starve the other:
 * <ul>
 *   <li><em>Quick</em> answers from memory: health ({@link HealthChecks}), metrics, the status page
 *       ({@link StatusPage}). They run on the server's own threads.</li>
 *   <li><em>Waiting</em> work: a request lookup forwarded to another instance ({@link
 *       RequestLookup}), a webhook waiting for Kafka ({@link CallbackReceiver}). Handed to a
 *       bounded pool of their own; when it is full they are answered 503 at once. A burst of
 *       webhooks while Kafka is slow therefore never delays {@code /health/live}.</li>
 * </ul>
 */
public final class OperationsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsServer.class);
    private static final int WAITING_THREADS = 8;
    private static final int WAITING_QUEUE = 256;

    private final HttpServer server;
    private final ExecutorService quick =
            Executors.newFixedThreadPool(2, ThreadUtils.createThreadFactory("seedance-http-%d", true));
    private final ExecutorService waiting = new ThreadPoolExecutor(
            WAITING_THREADS,
            WAITING_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(WAITING_QUEUE),
            ThreadUtils.createThreadFactory("seedance-http-waiting-%d", true));
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(ThreadUtils.createThreadFactory("seedance-http-timer", true));
    private final AutoCloseable[] closeWith;

    OperationsServer(
            final int port,
            final Map<String, HttpHandler> quickRoutes,
            final Map<String, HttpHandler> waitingRoutes,
            final AutoCloseable... closeWith)
            throws IOException {
        this.closeWith = closeWith;
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(quick);
        quickRoutes.forEach(server::createContext);
        waitingRoutes.forEach((path, handler) -> server.createContext(path, exchange -> {
            try {
                waiting.execute(() -> {
                    try {
                        handler.handle(exchange);
                    } catch (final IOException | RuntimeException e) {
                        LOG.debug("HTTP {} failed: {}", path, e.toString());
                        exchange.close();
                    }
                });
            } catch (final RejectedExecutionException busy) {
                try (exchange) {
                    exchange.sendResponseHeaders(503, -1);
                }
            }
        }));
    }

    /** The endpoint of a running instance, with the webhook receiver when webhooks are on. */
    public static OperationsServer start(
            final SeedanceService service,
            final SchemaRegistryClient registry,
            final int port,
            final Optional<CallbackReceiver> webhooks)
            throws IOException {
        final HealthChecks health = new HealthChecks(service::state, service.gate(), registry, service.copier());
        final StatusPage status = new StatusPage(service, Clock.systemUTC());
        final RequestLookup lookup = new RequestLookup(service);
        final ServiceMeters meters = new ServiceMeters(service);

        final Map<String, HttpHandler> quick = new LinkedHashMap<>();
        quick.put("/health/live", Exchanges.json(exchange -> health.live()));
        quick.put("/health/ready", Exchanges.json(exchange -> health.ready()));
        quick.put("/metrics", exchange -> {
            try (exchange) {
                Exchanges.send(
                        exchange,
                        200,
                        "text/plain; version=0.0.4; charset=utf-8",
                        meters.scrape().getBytes(StandardCharsets.UTF_8));
            }
        });
        quick.put("/status.json", Exchanges.json(exchange -> status.status()));
        quick.put("/", status::page);
        final Map<String, HttpHandler> waiting = new LinkedHashMap<>();
        waiting.put(RequestLookup.PATH, Exchanges.json(lookup::lookup));
        webhooks.ifPresent(receiver -> waiting.put(CallbackSigner.PATH, receiver::handle));
        service.copier()
                .map(copier -> copier.store())
                .filter(FilesystemVideoStore.class::isInstance)
                .map(store -> new StoredVideos((FilesystemVideoStore) store))
                .ifPresent(videos -> waiting.put(FilesystemVideoStore.PATH, videos::serve));

        final AutoCloseable[] companions =
                webhooks.isPresent() ? new AutoCloseable[] {meters, webhooks.get()} : new AutoCloseable[] {meters};
        final OperationsServer operations = new OperationsServer(port, quick, waiting, companions);
        operations.every(5, health::checkRegistry);
        operations.every(5, status::sample);
        operations.server.start();
        LOG.info("Operations endpoint on port {}", operations.port());
        return operations;
    }

    /** Starts serving (for endpoints built by the tests). */
    OperationsServer started() {
        server.start();
        return this;
    }

    private void every(final int seconds, final Runnable task) {
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        task.run();
                    } catch (final RuntimeException e) {
                        LOG.warn("Endpoint timer task failed: {}", e.toString());
                    }
                },
                0,
                seconds,
                TimeUnit.SECONDS);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        server.stop(0);
        waiting.shutdownNow();
        quick.shutdownNow();
        for (final AutoCloseable companion : closeWith) {
            try {
                companion.close();
            } catch (final Exception e) {
                LOG.warn("Closing {} failed: {}", companion.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
