package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.seedance.streams.schemas.Priority;
import io.seedance.streams.testing.TestClock;
import io.seedance.streams.topology.UpstreamGate.Call;
import io.seedance.streams.upstream.ApiOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
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
    void shouldKeepAHigherLevelsReservedSeatsFromTheOthers() {
        final UpstreamGate gate = new UpstreamGate(ProcessorConfig.builder()
                .maxTasksInFlight(10)
                .submitsPerMinute(60_000)
                .maxConcurrentCalls(1_000)
                .build()); // INTERACTIVE keeps 20% of the seats

        for (int i = 0; i < 8; i++) {
            assertThat(gate.tryAcquire(Call.SUBMIT, Priority.BATCH, NOW))
                    .as("seat %d", i)
                    .isTrue();
        }
        assertThat(gate.submissionsAvailable(Priority.BATCH)).isZero();
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.STANDARD, NOW))
                .as("the last two seats are INTERACTIVE's")
                .isFalse();
        assertThat(gate.submissionsAvailable(Priority.INTERACTIVE)).isEqualTo(2);
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.INTERACTIVE, NOW)).isTrue();
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.INTERACTIVE, NOW)).isTrue();
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.INTERACTIVE, NOW)).isFalse();
        assertThat(gate.seatsInUse(Priority.BATCH)).isEqualTo(8);
        assertThat(gate.seatsInUse(Priority.INTERACTIVE)).isEqualTo(2);

        gate.taskLeft(Priority.INTERACTIVE);
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.BATCH, NOW))
                .as("a free seat of INTERACTIVE's reserve stays its own")
                .isFalse();
        gate.taskLeft(Priority.BATCH);
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.STANDARD, NOW))
                .as("a lendable seat goes to whichever level asks")
                .isTrue();
    }

    @Test
    void shouldLetTheReservingLevelBorrowBeyondItsReserve() {
        final UpstreamGate gate = new UpstreamGate(ProcessorConfig.builder()
                .maxTasksInFlight(10)
                .submitsPerMinute(60_000)
                .maxConcurrentCalls(1_000)
                .build());

        for (int i = 0; i < 10; i++) {
            assertThat(gate.tryAcquire(Call.SUBMIT, Priority.INTERACTIVE, NOW))
                    .as("seat %d", i)
                    .isTrue();
        }
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.INTERACTIVE, NOW)).isFalse();
        assertThat(gate.submissionsAvailable(Priority.BATCH)).isZero();
    }

    @Test
    void shouldRaiseAReserveToTheDemandItsLevelShowedAndKeepTheFreedSeatsForIt() {
        final UpstreamGate gate = seatsGate(10); // INTERACTIVE keeps 2
        takeSeats(gate, Priority.BATCH, 8);
        takeSeats(gate, Priority.INTERACTIVE, 2);
        assertThat(gate.seatsReserved(Priority.INTERACTIVE)).isEqualTo(2);

        gate.seatWanted(Priority.INTERACTIVE, NOW);
        assertThat(gate.seatsReserved(Priority.INTERACTIVE))
                .as("INTERACTIVE had a request ready and no seat: it needs a third")
                .isEqualTo(3);
        gate.taskLeft(Priority.BATCH);
        assertThat(gate.submissionsAvailable(Priority.BATCH))
                .as("the seat a BATCH task freed is kept for INTERACTIVE")
                .isZero();
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.BATCH, NOW)).isFalse();
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.INTERACTIVE, NOW)).isTrue();
    }

    @Test
    void shouldRaiseAReserveAtMostToTwiceItsConfiguredSize() {
        final UpstreamGate gate = seatsGate(10);
        takeSeats(gate, Priority.INTERACTIVE, 9);

        assertThat(gate.seatsReserved(Priority.INTERACTIVE)).isEqualTo(4);
        leaveSeats(gate, Priority.INTERACTIVE, 6); // 3 in use, 4 reserved
        assertThat(gate.submissionsAvailable(Priority.BATCH)).isEqualTo(6);
    }

    @Test
    void shouldForgetTheDemandOfALevelAfterItsMemory() {
        final UpstreamGate gate = seatsGate(10);
        takeSeats(gate, Priority.INTERACTIVE, 3);
        leaveSeats(gate, Priority.INTERACTIVE, 3);
        assertThat(gate.seatsReserved(Priority.INTERACTIVE)).isEqualTo(3);

        final long half = Seats.DEMAND_MEMORY.toMillis() / 2;
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.BATCH, NOW + half)).isTrue();
        assertThat(gate.seatsReserved(Priority.INTERACTIVE))
                .as("half the memory on, the peak is still remembered")
                .isEqualTo(3);
        assertThat(gate.tryAcquire(Call.SUBMIT, Priority.BATCH, NOW + 2 * half)).isTrue();
        assertThat(gate.seatsReserved(Priority.INTERACTIVE)).isEqualTo(2);
    }

    @Test
    void shouldNeverGiveALevelWithoutAConfiguredReserveOne() {
        final UpstreamGate gate = seatsGate(10);
        takeSeats(gate, Priority.BATCH, 8);
        gate.seatWanted(Priority.BATCH, NOW);

        assertThat(gate.seatsReserved(Priority.BATCH)).isZero();
        assertThat(gate.submissionsAvailable(Priority.STANDARD))
                .as("BATCH's demand holds nothing back from the others")
                .isZero();
        assertThat(gate.submissionsAvailable(Priority.INTERACTIVE)).isEqualTo(2);
    }

    @Test
    void shouldKeepTheRaisedReservesWithinTheSeats() {
        final UpstreamGate gate = new UpstreamGate(ProcessorConfig.builder()
                .maxTasksInFlight(10)
                .submitsPerMinute(60_000)
                .maxConcurrentCalls(1_000)
                .levels(Levels.defaults().with(Priority.INTERACTIVE, 20, 40).with(Priority.STANDARD, 50, 40))
                .build());
        takeSeats(gate, Priority.INTERACTIVE, 6); // all STANDARD does not keep
        leaveSeats(gate, Priority.INTERACTIVE, 6);

        assertThat(gate.seatsReserved(Priority.INTERACTIVE))
                .as("4 configured, raised by its half of the 2 seats no level reserves")
                .isEqualTo(5);
        assertThat(gate.submissionsAvailable(Priority.STANDARD))
                .as("STANDARD keeps what it reserves whatever INTERACTIVE's demand")
                .isEqualTo(5);
    }

    private static UpstreamGate seatsGate(final int seats) {
        return new UpstreamGate(ProcessorConfig.builder()
                .maxTasksInFlight(seats)
                .submitsPerMinute(60_000)
                .maxConcurrentCalls(1_000)
                .build());
    }

    private static void takeSeats(final UpstreamGate gate, final Priority level, final int seats) {
        for (int i = 0; i < seats; i++) {
            assertThat(gate.tryAcquire(Call.SUBMIT, level, NOW))
                    .as("seat %d", i)
                    .isTrue();
        }
    }

    private static void leaveSeats(final UpstreamGate gate, final Priority level, final int seats) {
        for (int i = 0; i < seats; i++) {
            gate.taskLeft(level);
        }
    }

    @Test
    void shouldGiveBackTheSeatsOfAStoreByLevel() {
        final UpstreamGate gate = new UpstreamGate(ProcessorConfig.builder()
                .maxTasksInFlight(10)
                .submitsPerMinute(60_000)
                .maxConcurrentCalls(1_000)
                .build());
        gate.tasksAdopted(new int[] {1, 0, 8}); // by level: INTERACTIVE, STANDARD, BATCH

        assertThat(gate.tasksInFlight()).isEqualTo(9);
        assertThat(gate.submissionsAvailable(Priority.STANDARD))
                .as("one of INTERACTIVE's two reserved seats is in use, the other is kept")
                .isZero();
        gate.tasksAdopted(new int[] {-1, 0, -8});
        assertThat(gate.submissionsAvailable(Priority.STANDARD)).isEqualTo(8);
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
    void shouldKeepThePermitsItHoldsWhenItsShareChanges() {
        final TestClock clock = new TestClock();
        final UpstreamGate gate = new UpstreamGate(
                ProcessorConfig.builder()
                        .submitsPerMinute(2_400)
                        .maxConcurrentCalls(1_000)
                        .maxTasksInFlight(1_000)
                        .build(),
                clock);
        // 2,400 a minute, two 200 ms sweeps' worth at once: 16.
        for (int i = 0; i < 16; i++) {
            assertThat(gate.tryAcquire(Call.SUBMIT, NOW)).as("permit %d", i).isTrue();
        }

        gate.applyShare(2);
        gate.applyShare(3);

        assertThat(gate.tryAcquire(Call.SUBMIT, NOW))
                .as("a rebalance is no burst above the limit")
                .isFalse();
        clock.advance(Duration.ofSeconds(1));
        // 800 a minute now: a second refills (800 - 5) / 60, about 13, cut to the capacity of 5.
        assertThat(gate.permitsAvailable(Call.SUBMIT)).isEqualTo(5);
    }

    @Test
    void shouldRunItsRateOnTheClockItIsGiven() {
        final TestClock clock = new TestClock();
        final UpstreamGate gate = new UpstreamGate(
                ProcessorConfig.builder()
                        .queriesPerMinute(60)
                        .maxConcurrentCalls(1_000)
                        .build(),
                clock);
        int granted = 0;
        // A sweep every 200 ms for two minutes.
        for (int sweep = 0; sweep < 600; sweep++) {
            while (gate.tryAcquire(Call.QUERY, NOW)) {
                gate.finished(new ApiOutcome.Accepted("t"), 1_000);
                granted++;
            }
            clock.advance(Duration.ofMillis(200));
        }

        // Two minutes at 60 a minute: two at the start (the bucket's capacity), then 58 a minute, so
        // that no minute sees more than 60. With a capacity of one, a sweep every 200 ms got 50 a minute.
        assertThat(granted).isBetween(117, 120);
    }

    @Test
    void shouldNeverGrantMoreConcurrentCallsThanItsBoundWhateverTheThreads() throws Exception {
        final int threads = 8;
        for (int round = 0; round < 300; round++) {
            final UpstreamGate gate = new UpstreamGate(ProcessorConfig.builder()
                    .maxConcurrentCalls(2)
                    .maxTasksInFlight(3)
                    .submitsPerMinute(600_000)
                    .build());
            final CyclicBarrier start = new CyclicBarrier(threads);
            final AtomicInteger granted = new AtomicInteger();
            final ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                final List<Future<?>> asks = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    asks.add(pool.submit(() -> {
                        start.await();
                        if (gate.tryAcquire(Call.SUBMIT, NOW)) {
                            granted.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (final Future<?> ask : asks) {
                    ask.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(granted.get()).as("round %d", round).isEqualTo(2);
            assertThat(gate.callsInFlight()).isEqualTo(2);
            assertThat(gate.tasksInFlight()).isEqualTo(2);
        }
    }

    @Test
    void shouldReportEveryBadValueOfTheConfigurationAtOnce() {
        Assertions.assertThatThrownBy(() -> ProcessorConfig.builder()
                        .submitsPerMinute(0)
                        .pollJitter(1.5)
                        .taskDeadline(Duration.ZERO)
                        .build())
                .hasMessageContaining("submitsPerMinute")
                .hasMessageContaining("pollJitter")
                .hasMessageContaining("taskDeadline");
    }
}
