package io.seedance.streams.bench;

import io.seedance.streams.simulator.RateWindow;
import io.seedance.streams.simulator.SimulatorConfigBuilder;
import java.util.function.UnaryOperator;

/**
 * The saturation run at R = 600 a minute (R in any 60 s, N = 750 at once), twice in one run: as
 * the service runs by default, then with one feature on, so the ratio of the two compares like
 * with like on the same machine and day.
 */
final class SaturationPair {

    private static final int PER_MINUTE = 600;
    private static final int SECONDS = 75;

    private SaturationPair() {}

    /**
     * @param feature   what is on in the second run, as its row says it
     * @param withIt    the service with it on
     * @param upstream  the simulator's settings for both runs
     */
    static Table compare(
            final Arena arena,
            final String title,
            final String column,
            final String feature,
            final Contender.Factory withIt,
            final UnaryOperator<SimulatorConfigBuilder> upstream) {
        final Table table = new Table(title, column, "N", "submits/s (steady)", "÷ R", "end to end (s)", "429s");
        double without = 0;
        for (final boolean on : new boolean[] {false, true}) {
            final Workload workload = SaturationScenario.workload(PER_MINUTE, SECONDS);
            final Arena.Outcome outcome = arena.run(
                    on ? withIt : OurService.factory(SaturationScenario::config),
                    workload,
                    workload.ideal().multipliedBy(3).plusSeconds(30),
                    // R in any sixty seconds, as the titles say: the simulator's default is its strict
                    // one-second windows, which the saturation table measures on its own rows.
                    simulator -> upstream.apply(simulator.rateWindow(RateWindow.MINUTE)));
            final double ratio = outcome.steadySubmitsPerSecond() / workload.perSecond();
            if (!on) {
                without = ratio;
            }
            table.row(
                    on ? feature : "none",
                    workload.requests(),
                    outcome.steadySubmitsPerSecond(),
                    ratio,
                    outcome.elapsed().toMillis() / 1000.0,
                    outcome.upstream().rateLimited()
                            + (outcome.finished() ? "" : " (unfinished: " + outcome.results() + " results)"));
            if (on) {
                table.note(String.format(
                        "With %s ÷ without: %.3f. Target: with it ≥ 0.97 of R.", column, ratio / without));
            }
        }
        return table;
    }
}
