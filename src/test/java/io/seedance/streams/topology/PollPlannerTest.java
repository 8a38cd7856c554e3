package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PollPlannerTest {

    private static final long SECOND = 1_000;

    private final ProcessorConfig config = ProcessorConfig.builder()
            .firstPollDelay(Duration.ofSeconds(30))
            .pollInterval(Duration.ofSeconds(15))
            .pollMultiplier(1.5)
            .maxPollInterval(Duration.ofSeconds(30))
            .pollJitter(0)
            .build();

    @Test
    void shouldFollowTheConfiguredScheduleUntilEnoughTasksFinished() {
        final PollPlanner planner = new PollPlanner(config);
        finish(planner, PollPlanner.MIN_SAMPLES - 1, 60 * SECOND);

        assertThat(planner.typicalDuration()).isEmpty();
        assertThat(planner.firstPollDelay()).isEqualTo(30 * SECOND);
        assertThat(planner.nextPollDelay(pending(0, 1), 30 * SECOND)).isEqualTo(15 * SECOND);
    }

    @Test
    void shouldAimTheFirstQueryAtTheLearnedGenerationTimeAndProbeEarlierOnceInEight() {
        final PollPlanner planner = new PollPlanner(config);
        finish(planner, PollPlanner.MIN_SAMPLES, 60 * SECOND);

        final long[] delays =
                IntStream.range(0, 16).mapToLong(i -> planner.firstPollDelay()).toArray();

        assertThat(delays).containsOnly(60 * SECOND, 45 * SECOND);
        assertThat(Arrays.stream(delays).filter(d -> d == 45 * SECOND).count()).isEqualTo(2);
    }

    @Test
    void shouldNotQueryARunningTaskAgainBeforeATypicalOneIsDone() {
        final PollPlanner planner = new PollPlanner(config);
        finish(planner, PollPlanner.MIN_SAMPLES, 60 * SECOND);

        // A probe at 45 s found it running: the next query waits for the typical end, not just the backoff.
        assertThat(planner.nextPollDelay(pending(0, 1), 45 * SECOND)).isEqualTo(15 * SECOND);
        assertThat(planner.nextPollDelay(pending(0, 1), 35 * SECOND)).isEqualTo(25 * SECOND);
        // Past the typical end, the plain backoff.
        assertThat(planner.nextPollDelay(pending(0, 2), 90 * SECOND)).isEqualTo(22_500);
    }

    @Test
    void shouldLowerTheEstimateWhenProbesFindGenerationsFaster() {
        final PollPlanner planner = new PollPlanner(config);
        finish(planner, PollPlanner.WINDOW, 60 * SECOND);
        assertThat(planner.typicalDuration()).hasValue(60 * SECOND);

        // One in eight tasks now answers done at the 45 s probe: more than the 10% the estimate reads.
        finish(planner, PollPlanner.WINDOW / 8, 45 * SECOND);

        assertThat(planner.typicalDuration()).hasValue(45 * SECOND);
    }

    @Test
    void shouldWaitTheLongSafetyDelayWhenWebhooksAreOn() {
        final PollPlanner planner = new PollPlanner(ProcessorConfig.builder()
                .pollJitter(0)
                .callbacks(Optional.of(new CallbackSigner(
                        URI.create("https://hooks.example"), "0123456789abcdef0123", Optional.empty())))
                .build());
        finish(planner, PollPlanner.MIN_SAMPLES, 60 * SECOND);

        assertThat(planner.firstPollDelay()).isEqualTo(Duration.ofMinutes(3).toMillis());
    }

    private static void finish(final PollPlanner planner, final int tasks, final long after) {
        for (int i = 0; i < tasks; i++) {
            planner.finished(1_000_000, 1_000_000 + after);
        }
    }

    private static Task pending(final long submittedAt, final int queries) {
        Task task = Task.queued("r", null, submittedAt, Long.MAX_VALUE).accepted("ta", submittedAt, submittedAt);
        for (int i = 0; i < queries; i++) {
            task = task.polling(submittedAt);
        }
        return task;
    }
}
