package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.seedance.streams.topology.UpstreamGate.Call;
import io.seedance.streams.upstream.ApiOutcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamGateTest {

    private static final long NOW = 1_000_000L;

    @Test
    void shouldTakeItsShareOfTheGlobalTaskLimit() {
        final UpstreamGate gate = new UpstreamGate(ProcessorConfig.builder()
                .maxTasksInFlight(4)
                .submitsPerMinute(60_000)
                .build());
        gate.applyShare(2);

        assertThat(gate.tryAcquire(Call.SUBMIT, NOW)).isTrue();
        assertThat(gate.tryAcquire(Call.SUBMIT, NOW)).isTrue();
        assertThat(gate.tryAcquire(Call.SUBMIT, NOW))
                .as("2 of 4 tasks per instance")
                .isFalse();
        assertThat(gate.tryAcquire(Call.QUERY, NOW))
                .as("queries do not count as tasks")
                .isTrue();
        assertThat(gate.liveInstances()).isEqualTo(2);
    }

    @Test
    void shouldTakeItsShareOfTheGlobalRate() {
        final UpstreamGate gate = new UpstreamGate(ProcessorConfig.builder()
                .submitsPerMinute(2_400)
                .maxConcurrentCalls(1_000)
                .maxTasksInFlight(1_000)
                .build());
        gate.applyShare(2);

        // 1,200 per minute for this instance, 20 a second, paced: at most two 200 ms sweeps' worth at once.
        for (int i = 0; i < 8; i++) {
            assertThat(gate.tryAcquire(Call.SUBMIT, NOW)).as("permit %d", i).isTrue();
        }
        assertThat(gate.tryAcquire(Call.SUBMIT, NOW)).isFalse();
        assertThat(gate.permitsAvailable(Call.SUBMIT)).isZero();
    }

    @Test
    void shouldOpenTheCircuitOnServerErrorsButNotOnRejectionsOrMissingTasks() {
        final UpstreamGate gate = new UpstreamGate(ProcessorConfig.builder()
                .circuitWindow(4)
                .queriesPerMinute(60_000)
                .build());
        for (int i = 0; i < 10; i++) {
            assertThat(gate.tryAcquire(Call.QUERY, NOW)).isTrue();
            gate.finished(i % 2 == 0 ? new ApiOutcome.Rejected(400, "bad") : new ApiOutcome.NotFound("gone"), 1_000);
        }
        assertThat(gate.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);

        // 50% of a window of 4: two 500s after two neutral answers open it.
        for (int i = 0; i < 2; i++) {
            assertThat(gate.tryAcquire(Call.QUERY, NOW)).isTrue();
            gate.finished(new ApiOutcome.Transient(ApiOutcome.Cause.SERVER_ERROR, Optional.empty(), "HTTP 500"), 1_000);
        }

        assertThat(gate.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(gate.tryAcquire(Call.QUERY, NOW)).isFalse();
        assertThat(gate.callsInFlight()).isZero();
    }

    @Test
    void shouldPauseSubmissionsAfterA429UntilRetryAfter() {
        final UpstreamGate gate = new UpstreamGate(
                ProcessorConfig.builder().submitsPerMinute(60_000).build());

        gate.rateLimited(Call.SUBMIT, Duration.ofSeconds(5), NOW);

        assertThat(gate.tryAcquire(Call.SUBMIT, NOW + 4_999)).isFalse();
        assertThat(gate.tryAcquire(Call.QUERY, NOW + 1))
                .as("queries have their own limit")
                .isTrue();
    }

    @Test
    void shouldBoundConcurrentCalls() {
        final UpstreamGate gate = new UpstreamGate(ProcessorConfig.builder()
                .maxConcurrentCalls(2)
                .queriesPerMinute(60_000)
                .build());

        assertThat(gate.tryAcquire(Call.QUERY, NOW)).isTrue();
        assertThat(gate.tryAcquire(Call.QUERY, NOW)).isTrue();
        assertThat(gate.tryAcquire(Call.QUERY, NOW)).isFalse();
        gate.finished(new ApiOutcome.Accepted("t"), 1_000);
        assertThat(gate.tryAcquire(Call.QUERY, NOW)).isTrue();
    }

    @Test
    void shouldReportEveryBadValueOfTheConfigurationAtOnce() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessorConfig.builder()
                        .submitsPerMinute(0)
                        .pollJitter(1.5)
                        .taskDeadline(Duration.ZERO)
                        .build())
                .hasMessageContaining("submitsPerMinute")
                .hasMessageContaining("pollJitter")
                .hasMessageContaining("taskDeadline");
    }
}
