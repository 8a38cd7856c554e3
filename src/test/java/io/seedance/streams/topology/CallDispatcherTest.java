package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.topology.CallDispatcher.Completion;
import io.seedance.streams.topology.UpstreamGate.Call;
import io.seedance.streams.upstream.ApiOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CallDispatcherTest {

    private final UpstreamGate gate =
            new UpstreamGate(ProcessorConfig.builder().queriesPerMinute(600_000).build());

    @Test
    void shouldHandEachAnswerToTheNextSweepOnce() {
        final CallDispatcher calls = new CallDispatcher(
                gate, new ProcessorMetrics(), Duration.ofSeconds(1), () -> 5L, SubmissionHandover.NONE);
        final CompletableFuture<ApiOutcome> answer = new CompletableFuture<>();
        assertThat(gate.tryAcquire(Call.QUERY, 0)).isTrue();

        calls.send("r-1", Call.QUERY, () -> answer);
        assertThat(calls.isCalling("r-1")).isTrue();
        answer.complete(new ApiOutcome.Accepted("t-1"));
        final List<Completion> applied = new ArrayList<>();
        calls.drainTo(applied::add);
        calls.drainTo(applied::add);

        assertThat(applied).singleElement().satisfies(completion -> {
            assertThat(completion.requestId()).isEqualTo("r-1");
            assertThat(completion.askedAt()).isEqualTo(5L);
        });
        assertThat(calls.isCalling("r-1")).isFalse();
        assertThat(gate.unappliedCalls()).isZero();
        assertThat(gate.callsInFlight()).isZero();
    }

    @Test
    void shouldCountEveryAnswerAsAppliedWhenItRacesTheClose() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2_000; round++) {
                final CallDispatcher calls = new CallDispatcher(
                        gate, new ProcessorMetrics(), Duration.ofSeconds(1), () -> 0L, SubmissionHandover.NONE);
                final CyclicBarrier start = new CyclicBarrier(2);
                // One granted call whose answer lands while the partition closes.
                assertThat(gate.tryAcquire(Call.QUERY, 0)).isTrue();
                gate.finished(new ApiOutcome.Accepted("t"), 1);
                final Future<?> answer = pool.submit(() -> {
                    start.await();
                    calls.completed(new Completion("r", Call.QUERY, new ApiOutcome.Accepted("t"), 0));
                    return null;
                });
                final Future<?> close = pool.submit(() -> {
                    start.await();
                    calls.close();
                    return null;
                });
                answer.get();
                close.get();

                assertThat(gate.unappliedCalls()).as("round %d", round).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldHandOverTheTaskIdOfASubmissionAnsweredAfterItsPartitionClosed() {
        final List<String> handedOver = new ArrayList<>();
        final CallDispatcher calls = new CallDispatcher(
                gate,
                new ProcessorMetrics(),
                Duration.ofSeconds(1),
                () -> 0L,
                (requestId, taskId) -> handedOver.add(requestId + "=" + taskId));
        final CompletableFuture<ApiOutcome> submitted = new CompletableFuture<>();
        final CompletableFuture<ApiOutcome> refused = new CompletableFuture<>();
        final CompletableFuture<ApiOutcome> queried = new CompletableFuture<>();
        final CompletableFuture<ApiOutcome> queuedBeforeTheClose = new CompletableFuture<>();
        for (int i = 0; i < 4; i++) {
            assertThat(gate.tryAcquire(Call.QUERY, 0)).isTrue();
        }
        calls.send("r-queued", Call.SUBMIT, () -> queuedBeforeTheClose);
        calls.send("r-late", Call.SUBMIT, () -> submitted);
        calls.send("r-refused", Call.SUBMIT, () -> refused);
        calls.send("r-polled", Call.QUERY, () -> queried);
        queuedBeforeTheClose.complete(new ApiOutcome.Accepted("t-queued"));

        calls.close();
        submitted.complete(new ApiOutcome.Accepted("t-late"));
        refused.complete(new ApiOutcome.Rejected(400, "no"));
        queried.complete(new ApiOutcome.Accepted("t-other"));

        assertThat(handedOver)
                .as("accepted submissions only, whether answered before the close or after it")
                .containsExactly("r-queued=t-queued", "r-late=t-late");
        assertThat(gate.unappliedCalls()).isZero();
    }
}
