package io.seedance.streams.bench;

import io.seedance.streams.topology.ProcessorConfig;
import java.time.Duration;
import java.util.List;

/**
 * How close the service gets to the upstream's rate limit: N requests at once, the simulator
 * allowing R generate calls a minute and answering each after L.
 */
final class SaturationScenario {

    static final Duration LATENCY = Duration.ofMillis(500);
    static final Duration GENERATION = Duration.ofSeconds(5);
    /** Both the service and its peers query on this schedule, scaled to the short generations. */
    static final PollSchedule POLLS = new PollSchedule(Duration.ofSeconds(4), Duration.ofSeconds(1));

    private SaturationScenario() {
    }

    /** The service's settings for a workload: the limit is the upstream's, everything else roomy. */
    static ProcessorConfig config(final Workload workload) {
        return ProcessorConfig.builder()
                .submitsPerMinute(workload.perMinute())
                .queriesPerMinute(workload.perMinute() * 10)
                .maxTasksInFlight(10_000)
                .maxConcurrentCalls(512)
                .firstPollDelay(POLLS.first())
                .pollInterval(POLLS.every())
                .pollMultiplier(1.0)
                .maxPollInterval(POLLS.every())
                .build();
    }

    static Workload workload(final int perMinute) {
        // Twenty seconds' worth of requests at the limit.
        return new Workload(perMinute / 3, perMinute, LATENCY, GENERATION, Duration.ZERO);
    }

    static List<Table> run(final Arena arena) {
        final Table table = new Table("Saturation: submissions at the upstream's rate limit (L = 500 ms, G = 5 s)",
                "R (per min)", "N", "submits/s (steady)", "÷ R", "end to end (s)", "ideal N/R + G (s)", "÷ ideal",
                "peak concurrent calls", "429s");
        for (final int perMinute : new int[] {600, 3_000, 6_000}) {
            final Workload workload = workload(perMinute);
            final Arena.Outcome outcome = arena.run(OurService.factory(SaturationScenario::config), workload,
                    workload.ideal().multipliedBy(3).plusSeconds(30));
            final double seconds = outcome.elapsed().toMillis() / 1000.0;
            table.row(perMinute, workload.requests(), outcome.steadySubmitsPerSecond(),
                    outcome.steadySubmitsPerSecond() / workload.perSecond(), seconds,
                    workload.ideal().toMillis() / 1000.0, seconds / (workload.ideal().toMillis() / 1000.0),
                    outcome.upstream().peakConcurrentRequests(), outcome.upstream().rateLimited()
                            + (outcome.finished() ? "" : " (unfinished: " + outcome.results() + " results)"));
        }
        table.note("Submits/s (steady) is measured by the simulator between the 10th and 90th percentile of task"
                + " creations; end to end runs from producing the first request to reading the last result.");
        return List.of(table);
    }
}
