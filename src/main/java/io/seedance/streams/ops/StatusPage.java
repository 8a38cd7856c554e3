package io.seedance.streams.ops;

import static io.seedance.streams.ops.Exchanges.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.seedance.streams.ops.Exchanges.Answer;
import io.seedance.streams.schemas.Priority;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.topology.ProcessorMetrics;
import io.seedance.streams.topology.TaskPhase;
import io.seedance.streams.topology.TenantMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The live status page at {@code /} and the numbers it polls at {@code /status.json}: tasks by
 * state, the priority levels (queued, seats held, submissions), the busiest tenants, events, the last results, and a server-side history (ten minutes, a sample every five
 * seconds) so that the chart is whole when the page is opened.
 */
final class StatusPage {

    private static final int HISTORY_SAMPLES = 120;
    /** Tenants the page lists: the busiest, by queue then seats. */
    private static final int BUSIEST_TENANTS = 10;

    private final SeedanceService service;
    private final Clock clock;
    private final Deque<long[]> history = new ArrayDeque<>();

    StatusPage(final SeedanceService service, final Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** Records one sample of the chart; run on the endpoint's timer. */
    void sample() {
        final ProcessorMetrics metrics = service.metrics();
        synchronized (history) {
            history.addLast(new long[] {
                clock.millis(),
                metrics.count(ProcessorMetrics.Counter.COMPLETED),
                Math.round(metrics.meanEndToEndSeconds() * 1000)
            });
            while (history.size() > HISTORY_SAMPLES) {
                history.removeFirst();
            }
        }
    }

    Answer status() {
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
        final ObjectNode levels = body.putObject("levels");
        for (final Priority level : Priority.values()) {
            levels.putObject(level.name())
                    .put("queued", metrics.levels().queued(level))
                    .put("seats", service.gate().seatsInUse(level))
                    .put("seatsReserved", service.gate().seatsReserved(level))
                    .put("submissions", metrics.levels().submissions(level));
        }
        final ArrayNode tenants = body.putArray("tenants");
        for (final TenantMetrics.Tenant tenant : metrics.tenants().busiest(BUSIEST_TENANTS)) {
            tenants.addObject()
                    .put("tenant", tenant.label())
                    .put("queued", tenant.queued())
                    .put("seats", tenant.seats())
                    .put("submissions", tenant.submissions())
                    .put("overQuotaSeconds", tenant.overQuota().toMillis() / 1000.0);
        }
        final ObjectNode events = body.putObject("events");
        for (final ProcessorMetrics.Counter counter : ProcessorMetrics.Counter.values()) {
            events.put(counter.name().toLowerCase(Locale.ROOT), metrics.count(counter));
        }
        final ArrayNode samples = body.putArray("history");
        synchronized (history) {
            history.forEach(h ->
                    samples.addObject().put("at", h[0]).put("completed", h[1]).put("latency", h[2] / 1000.0));
        }
        final ArrayNode recent = body.putArray("recent");
        metrics.recent()
                .forEach(r -> recent.addObject()
                        .put("requestId", r.requestId())
                        .put("result", r.result())
                        .put("at", r.at())
                        .put("detail", r.detail()));
        return new Answer(200, body);
    }

    void page(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            if (!path.equals("/") && !path.equals("/index.html")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            final byte[] bytes;
            try (InputStream page = StatusPage.class.getResourceAsStream("/status/index.html")) {
                bytes = page.readAllBytes();
            }
            Exchanges.send(exchange, 200, "text/html; charset=utf-8", bytes);
        }
    }
}
