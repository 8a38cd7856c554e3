package io.seedance.streams.testing;

import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.simulator.SimulatorConfigBuilder;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.ProcessorConfigBuilder;
import java.time.Duration;

/** Configurations for tests against real parts, so that a test's time goes to what it tests. */
public final class FastConfigs {

    private FastConfigs() {}

    /** Fast polling and generous limits. */
    public static ProcessorConfigBuilder processor() {
        return ProcessorConfig.builder()
                .sweepInterval(Duration.ofMillis(100))
                .submitsPerMinute(12_000)
                .queriesPerMinute(60_000)
                .maxTasksInFlight(1_000)
                .firstPollDelay(Duration.ofMillis(500))
                .pollInterval(Duration.ofMillis(300))
                .maxPollInterval(Duration.ofSeconds(1))
                .retryInitial(Duration.ofMillis(200))
                .maxRetryInterval(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(5));
    }

    /** An upstream whose generations take under a second. */
    public static SimulatorConfigBuilder upstream() {
        return SimulatorConfig.builder()
                .queueTime(Duration.ofMillis(100))
                .generationTime(Duration.ofMillis(800))
                .generationSpread(Duration.ofMillis(300));
    }
}
