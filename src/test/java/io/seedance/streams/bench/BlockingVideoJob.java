package io.seedance.streams.bench;

import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.AspectRatio;
import io.seedance.streams.upstream.GenerationRequest;
import io.seedance.streams.upstream.SeedanceApi;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * The job as the peers do it: one request at a time per caller, each call blocking behind
 * Resilience4j's rate limiter (waiting for a permit) and circuit breaker, then sleeping between
 * queries until the video is done. Correct and simple; the caller's thread is held for the whole
 * generation, which is the point of comparing it.
 */
final class BlockingVideoJob {

    private final SeedanceApi api;
    private final PollSchedule schedule;
    private final RateLimiter submits;
    private final RateLimiter queries;
    private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("peer");

    BlockingVideoJob(
            final SeedanceApi api,
            final PollSchedule schedule,
            final int submitsPerMinute,
            final int queriesPerMinute) {
        this.api = api;
        this.schedule = schedule;
        this.submits = RateLimiter.of("peer-submits", blocking(submitsPerMinute));
        this.queries = RateLimiter.of("peer-queries", blocking(queriesPerMinute));
    }

    private static RateLimiterConfig blocking(final int perMinute) {
        return RateLimiterConfig.from(PerMinuteRate.config(perMinute))
                .timeoutDuration(Duration.ofMinutes(10))
                .build();
    }

    /** Makes the video of one request, start to end, on the calling thread. */
    SpecificRecord make(final VideoRequest request) {
        final GenerationRequest generation = GenerationRequest.of(
                request.getModel(),
                request.getPrompt(),
                request.getImageUrls(),
                request.getDurationSeconds(),
                AspectRatio.fromWire(request.getRatio()).orElse(AspectRatio.DEFAULT),
                Optional.empty());
        final Instant submittedAt = Instant.now();
        final ApiOutcome submitted =
                call(submits, () -> api.generate(generation).join());
        if (!(submitted instanceof ApiOutcome.Accepted accepted)) {
            return failed(request, null, submitted.toString());
        }
        // The thread stays blocked until the video is done: queried on the schedule, on this same thread.
        final AtomicInteger queryCount = new AtomicInteger();
        final ApiOutcome status = await().pollInSameThread()
                .pollDelay(schedule.first())
                .pollInterval(schedule.every())
                .atMost(Duration.ofHours(1))
                .until(
                        () -> {
                            queryCount.incrementAndGet();
                            return call(
                                    queries, () -> api.query(accepted.taskId()).join());
                        },
                        answer -> answer instanceof ApiOutcome.Succeeded
                                || answer instanceof ApiOutcome.GenerationFailed);
        if (status instanceof ApiOutcome.Succeeded done) {
            return VideoCompleted.newBuilder()
                    .setRequestId(request.getRequestId())
                    .setTaskId(accepted.taskId())
                    .setVideoUrl(done.status().videoUrl())
                    .setModel(request.getModel())
                    .setDurationSeconds(request.getDurationSeconds())
                    .setRatio(request.getRatio())
                    .setSubmittedAt(submittedAt)
                    .setCompletedAt(Instant.now())
                    .setQueryCount(queryCount.get())
                    .build();
        }
        return failed(request, accepted.taskId(), ((ApiOutcome.GenerationFailed) status).reason());
    }

    private ApiOutcome call(final RateLimiter limiter, final Supplier<ApiOutcome> call) {
        return CircuitBreaker.decorateSupplier(breaker, RateLimiter.decorateSupplier(limiter, call))
                .get();
    }

    private static VideoFailed failed(final VideoRequest request, final String taskId, final String message) {
        return VideoFailed.newBuilder()
                .setRequestId(request.getRequestId())
                .setTaskId(taskId)
                .setError(FailureReason.GENERATION_FAILED)
                .setMessage(message)
                .setRetriable(false)
                .setAttempts(1)
                .setFailedAt(Instant.now())
                .build();
    }
}
