package io.seedance.streams.topology;

import io.seedance.streams.topology.UpstreamGate.Call;
import io.seedance.streams.upstream.ApiOutcome;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sends one partition's upstream calls without waiting for them. A call completes on an HTTP
 * client thread: its end is told to the {@link UpstreamGate} there and then (the permit and the
 * circuit must not wait for a sweep), and its answer is queued for the stream thread, which
 * {@linkplain #drainTo takes} the answers at its next sweep. Every answer is taken exactly once,
 * by a sweep or, after {@link #close}, dropped and counted as applied, whichever comes first.
 */
final class CallDispatcher {

    /** An answer, and when its call went out (wall clock). */
    record Completion(String requestId, Call call, ApiOutcome outcome, long askedAt) {}

    private final UpstreamGate gate;
    private final ProcessorMetrics metrics;
    private final Duration defaultRetryAfter;
    private final LongSupplier wallClock;
    private final SubmissionHandover handover;
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    /** Requests with a call in flight from this partition. Stream thread only. */
    private final Set<String> calling = new HashSet<>();

    private volatile boolean closed;

    CallDispatcher(
            final UpstreamGate gate,
            final ProcessorMetrics metrics,
            final Duration defaultRetryAfter,
            final LongSupplier wallClock,
            final SubmissionHandover handover) {
        this.gate = gate;
        this.handover = handover;
        this.metrics = metrics;
        this.defaultRetryAfter = defaultRetryAfter;
        this.wallClock = wallClock;
    }

    /** Sends a call the gate permitted; its answer comes back through {@link #drainTo}. */
    void send(final String requestId, final Call call, final Supplier<CompletableFuture<ApiOutcome>> request) {
        calling.add(requestId);
        final long askedAt = wallClock.getAsLong();
        final long started = System.nanoTime();
        CompletableFuture<ApiOutcome> future;
        try {
            future = request.get();
        } catch (final RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((outcome, error) -> {
            final ApiOutcome result = outcome != null
                    ? outcome
                    : new ApiOutcome.Transient(
                            ApiOutcome.Cause.CONNECTION, Optional.empty(), "the client failed: " + error);
            final long took = System.nanoTime() - started;
            gate.finished(result, took);
            if (result instanceof ApiOutcome.Transient failure && failure.cause() == ApiOutcome.Cause.RATE_LIMITED) {
                // Paused from the moment of the answer, not from the next sweep: the upstream's window
                // reopens after Retry-After from now, and every millisecond waited beyond it is lost.
                gate.rateLimited(
                        call,
                        failure.retryAfter().orElse(defaultRetryAfter),
                        askedAt + TimeUnit.NANOSECONDS.toMillis(took));
            }
            metrics.upstreamCall(call, result, took);
            completed(new Completion(requestId, call, result, askedAt));
        });
    }

    /**
     * Queues an answer for the stream thread. Queued first, then the close checked: a close that
     * came in between has drained the queue already, so this drains it again (a check before the
     * queueing would let an answer slip in after the close's drain, never counted as applied, and
     * the instance's drain would wait out its whole bound).
     */
    void completed(final Completion completion) {
        completions.add(completion);
        if (closed) {
            dropQueued();
        }
    }

    /** True while a call for {@code requestId} is out. */
    boolean isCalling(final String requestId) {
        return calling.contains(requestId);
    }

    /** Hands every queued answer to {@code apply}, on the stream thread. */
    void drainTo(final Consumer<Completion> apply) {
        for (Completion completion = completions.poll(); completion != null; completion = completions.poll()) {
            gate.applied();
            calling.remove(completion.requestId());
            apply.accept(completion);
        }
    }

    /**
     * Answers that arrive from now on are dropped: the partition's next owner resumes from the
     * store. An accepted submission's task id is handed over to it first ({@link SubmissionHandover}).
     */
    void close() {
        closed = true;
        dropQueued();
    }

    private void dropQueued() {
        for (Completion dropped = completions.poll(); dropped != null; dropped = completions.poll()) {
            gate.applied();
            if (dropped.call() == Call.SUBMIT && dropped.outcome() instanceof ApiOutcome.Accepted accepted) {
                handover.accepted(dropped.requestId(), accepted.taskId());
            }
        }
    }
}
