package io.seedance.streams.bench;

import io.seedance.streams.simulator.RateWindow;
import java.time.Duration;
import java.util.List;

/**
 * The same workload through the service and through its peers: the synchronous processor a team
 * writes first, and Confluent's Parallel Consumer running that blocking job concurrently.
 */
final class PeersScenario {

    /** The peers make videos slowly: they get this long, and are measured by what they finished. */
    static final Duration PEER_WINDOW = Duration.ofSeconds(60);

    static final int RATE = 6_000;

    private PeersScenario() {}

    static List<Table> run(final Arena arena) {
        final Workload workload = SaturationScenario.workload(RATE, 20);
        final Table table = new Table(
                "Peers in the same run: videos per second (" + workload + ", upstream: R in any 60 s)",
                "implementation",
                "videos completed",
                "failed",
                "in (s)",
                "videos/s overall",
                "videos/s steady",
                "seedance-streams ÷ it (steady)");
        final List<Contender.Factory> contenders = List.of(
                OurService.factory(SaturationScenario::config),
                SynchronousBaseline.factory(SaturationScenario.POLLS),
                ParallelConsumerPeer.factory(SaturationScenario.POLLS, 64),
                ParallelConsumerPeer.factory(SaturationScenario.POLLS, 1_000));
        double ours = Double.NaN;
        for (final Contender.Factory contender : contenders) {
            final boolean isOurs = contender.name().equals("seedance-streams");
            final Arena.Outcome outcome = arena.run(
                    contender,
                    workload,
                    isOurs ? workload.ideal().multipliedBy(3).plusSeconds(30) : PEER_WINDOW,
                    upstream -> upstream.rateWindow(RateWindow.MINUTE));
            final Duration span = outcome.finished() ? outcome.elapsed() : PEER_WINDOW;
            final int completed = outcome.completedTimes().size();
            final double overall = completed / (span.toMillis() / 1000.0);
            // Too few to have a steady pace: the overall rate is the pace.
            final double steady = completed >= 100 ? outcome.steadyCompletionsPerSecond() : overall;
            if (isOurs) {
                ours = steady;
            }
            table.row(
                    contender.name(),
                    completed,
                    outcome.results() - completed,
                    span.toMillis() / 1000.0,
                    overall,
                    steady,
                    steady == 0 ? "∞ (none completed)" : ours / steady);
        }
        table.note("Every implementation uses the same HTTP client, the same limits (R submits/min, 10 R queries/min)"
                + " and polls on the same schedule (first after 4 s, then every 1 s). The peers make each video on"
                + " a thread blocked from submit to result (Resilience4j rate limiter and circuit breaker"
                + " decorators); a peer that cannot finish in " + PEER_WINDOW.toSeconds() + " s is measured by what it"
                + " completed. Steady: completions between the 10th and 90th percentile of them.");
        return List.of(table);
    }
}
