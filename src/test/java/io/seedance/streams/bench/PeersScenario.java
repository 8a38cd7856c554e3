package io.seedance.streams.bench;

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

    private PeersScenario() {
    }

    static List<Table> run(final Arena arena) {
        final Workload workload = SaturationScenario.workload(RATE, 20);
        final Table table = new Table("Peers in the same run: videos per second (" + workload + ")",
                "implementation", "videos done", "in (s)", "videos/s", "seedance-streams ÷ it");
        final Arena.Outcome ours = arena.run(OurService.factory(SaturationScenario::config), workload,
                workload.ideal().multipliedBy(3).plusSeconds(30));
        final double oursPerSecond = ours.resultsPerSecond(Duration.ZERO);
        table.row("seedance-streams", ours.results(), ours.elapsed().toMillis() / 1000.0, oursPerSecond, 1.0);
        for (final Contender.Factory peer : List.of(
                SynchronousBaseline.factory(SaturationScenario.POLLS),
                ParallelConsumerPeer.factory(SaturationScenario.POLLS, 64),
                ParallelConsumerPeer.factory(SaturationScenario.POLLS, 1_000))) {
            final Arena.Outcome outcome = arena.run(peer, workload, PEER_WINDOW);
            final double perSecond = outcome.resultsPerSecond(PEER_WINDOW);
            table.row(peer.name(), outcome.results(), (outcome.finished() ? outcome.elapsed() : PEER_WINDOW).toMillis()
                    / 1000.0, perSecond, perSecond == 0 ? "∞ (none done)" : oursPerSecond / perSecond);
        }
        table.note("Every implementation uses the same HTTP client, the same limits (R submits/min, 10 R queries/min)"
                + " and polls on the same schedule (first after 4 s, then every 1 s). A peer that cannot finish"
                + " is measured by what it finished in " + PEER_WINDOW.toSeconds() + " s.");
        return List.of(table);
    }
}
