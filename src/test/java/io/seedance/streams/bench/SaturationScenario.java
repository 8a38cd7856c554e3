package io.seedance.streams.bench;

import io.seedance.streams.simulator.RateWindow;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.ProcessorConfigBuilder;
import java.time.Duration;
import java.util.List;

/**
 * How close the service gets to the upstream's rate limit: N requests at once, the simulator
 * allowing R generate calls a minute and answering each after L. Two readings of "R a minute":
 * at most R in any sixty seconds (the limit as stated; runs last over a minute so it binds), and
 * strict one-second windows of R/60 that answer an early call with {@code Retry-After: 1}.
 */
final class SaturationScenario {

    static final Duration LATENCY = Duration.ofMillis(500);
    static final Duration GENERATION = Duration.ofSeconds(5);
    /** Both the service and its peers query on this schedule, scaled to the short generations. */
    static final PollSchedule POLLS = new PollSchedule(Duration.ofSeconds(4), Duration.ofSeconds(1));

    private SaturationScenario() {}

    /** The service's settings for a workload: the limit is the upstream's, everything else roomy. */
    static ProcessorConfig config(final Workload workload) {
        return builder(workload).build();
    }

    /** The same, to change before it is built. */
    static ProcessorConfigBuilder builder(final Workload workload) {
        return ProcessorConfig.builder()
                .submitsPerMinute(workload.perMinute())
                .queriesPerMinute(workload.perMinute() * 10)
                .maxTasksInFlight(10_000)
                .maxConcurrentCalls(512)
                .firstPollDelay(POLLS.first())
                .pollInterval(POLLS.every())
                .pollMultiplier(1.0)
                .maxPollInterval(POLLS.every());
    }

    /** {@code seconds} worth of requests at the limit. */
    static Workload workload(final int perMinute, final int seconds) {
        return new Workload(perMinute * seconds / 60, perMinute, LATENCY, GENERATION, Duration.ZERO);
    }

    static List<Table> run(final Arena arena) {
        final Table table = new Table(
                "Saturation: submissions at the upstream's rate limit (L = 500 ms, G = 5 s)",
                "R (per min)",
                "upstream counts",
                "N",
                "submits/s (steady)",
                "÷ R",
                "end to end (s)",
                "ideal N/R + G (s)",
                "÷ ideal",
                "peak concurrent calls",
                "429s");
        for (final RateWindow window : RateWindow.values()) {
            for (final int perMinute : new int[] {600, 3_000, 6_000}) {
                final Workload workload = workload(perMinute, window == RateWindow.MINUTE ? 75 : 20);
                final Arena.Outcome outcome = arena.run(
                        OurService.factory(SaturationScenario::config),
                        workload,
                        workload.ideal().multipliedBy(3).plusSeconds(30),
                        upstream -> upstream.rateWindow(window));
                final double seconds = outcome.elapsed().toMillis() / 1000.0;
                final double ideal = workload.ideal().toMillis() / 1000.0;
                table.row(
                        perMinute,
                        window == RateWindow.MINUTE ? "R in any 60 s" : "R/60 per 1 s window",
                        workload.requests(),
                        outcome.steadySubmitsPerSecond(),
                        outcome.steadySubmitsPerSecond() / workload.perSecond(),
                        seconds,
                        ideal,
                        seconds / ideal,
                        outcome.upstream().peakConcurrentRequests(),
                        outcome.upstream().rateLimited()
                                + (outcome.finished() ? "" : " (unfinished: " + outcome.results() + " results)"));
            }
        }
        table.note("Submits/s (steady) is measured by the simulator between the 10th and 90th percentile of task"
                + " creations; end to end runs from producing the first request to reading the last result."
                + " Against strict one-second windows every 429 says Retry-After: 1 (whole seconds), which the"
                + " service obeys: each costs up to a second of submissions.");
        return List.of(table);
    }
}
