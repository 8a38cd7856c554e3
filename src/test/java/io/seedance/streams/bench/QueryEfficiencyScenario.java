package io.seedance.streams.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Upstream calls per completed video for one-minute generations, with the service's default
 * polling settings: by polling alone (a burst of requests, and a steady stream where the service
 * has learned the generation time), and with webhooks.
 */
final class QueryEfficiencyScenario {

    static final Duration GENERATION = Duration.ofSeconds(60);
    static final Duration LATENCY = Duration.ofMillis(200);
    static final int RATE = 600;

    private QueryEfficiencyScenario() {}

    static List<Table> run(final Arena arena) {
        final Table table = new Table(
                "Query efficiency: upstream calls per video, 60 s generations, default settings",
                "results by",
                "requests arrive",
                "N",
                "videos",
                "generate calls",
                "query calls",
                "calls per video",
                "mean end to end (s)");
        final Map<String, String> polling = Map.of();
        final Map<String, String> webhooks = Map.of(
                "WEBHOOK_BASE_URL", "http://127.0.0.1:${HTTP_PORT}", "WEBHOOK_SECRET", "bench-secret-0123456789abcdef");
        row(table, arena, "polling", polling, 150, Duration.ZERO, "all at once");
        row(table, arena, "polling", polling, 240, Duration.ofMillis(500), "2 a second for 2 min");
        row(table, arena, "webhooks", webhooks, 150, Duration.ZERO, "all at once");
        table.note("Defaults: first query 30 s after acceptance, then 15 s x1.5 up to 30 s, until 16 tasks have"
                + " finished; from then on the first query waits the learned generation time (10th percentile of"
                + " the last 256). With webhooks a verified webhook reporting the finished task ends it without"
                + " a query; polling waits 3 minutes as the fallback.");
        return List.of(table);
    }

    private static void row(
            final Table table,
            final Arena arena,
            final String by,
            final Map<String, String> settings,
            final int requests,
            final Duration spacing,
            final String arrivals) {
        final Workload workload = new Workload(requests, RATE, LATENCY, GENERATION, Duration.ZERO);
        final Arena.Outcome outcome = arena.run(
                ProductionService.factory(by, settings),
                workload,
                Duration.ofMinutes(8),
                upstream -> upstream,
                spacing);
        table.row(
                by,
                arrivals,
                requests,
                outcome.results() + (outcome.finished() ? "" : " (unfinished)"),
                outcome.upstream().generateRequests(),
                outcome.upstream().queryRequests(),
                outcome.upstreamCallsPerResult(),
                outcome.meanEndToEndSeconds());
    }
}
