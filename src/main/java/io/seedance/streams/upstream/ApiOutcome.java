package io.seedance.streams.upstream;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Every way an upstream call can end, in the few shapes the stream processor acts on. A call never
 * throws: network failures, timeouts and unreadable answers are outcomes too ({@link Transient}).
 */
public sealed interface ApiOutcome {

    /**
     * What a webhook body says, read like a query's answer: {@link Succeeded},
     * {@link GenerationFailed} or {@link Running} when it is a task object, else {@link Transient}
     * (malformed).
     */
    static ApiOutcome ofWebhook(final String body) {
        return ResponseClassifier.callback(body);
    }

    /** The generation was accepted; the upstream created {@code taskId}. */
    record Accepted(String taskId) implements ApiOutcome {
        public Accepted {
            Objects.requireNonNull(taskId, "taskId");
        }
    }

    /**
     * The task is not finished. {@code recognised} is false when the status word is not one we know:
     * it is treated as running until the deadline, and counted.
     */
    record Running(TaskStatus status, boolean recognised) implements ApiOutcome {}

    /** The video is ready at {@code status.videoUrl()}, which is never null here. */
    record Succeeded(TaskStatus status) implements ApiOutcome {
        public Succeeded {
            Objects.requireNonNull(status.videoUrl(), "videoUrl");
        }
    }

    /** The upstream tried and gave up ({@code failed}, {@code cancelled}, {@code expired}). */
    record GenerationFailed(TaskStatus status) implements ApiOutcome {
        /** The upstream's reason, or its status word when it gave none. */
        public String reason() {
            return status.reason() != null ? status.reason() : "task " + status.status();
        }
    }

    /** HTTP 400 (or another 4xx about the request itself): sending it again will not help. */
    record Rejected(int httpStatus, String message) implements ApiOutcome {
        /** The upstream's own message, without the service's "HTTP 400: " before it; null when it gave none. */
        public String upstreamMessage() {
            final String prefix = "HTTP " + httpStatus + ": ";
            return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : null;
        }
    }

    /**
     * HTTP 401, 402 or 403: the service's key or account is wrong, not the request. Requests wait,
     * and the service reports itself unhealthy.
     */
    record Unauthorized(int httpStatus, String message) implements ApiOutcome {}

    /** HTTP 404: the upstream does not know the task (perhaps not yet, right after creation). */
    record NotFound(String message) implements ApiOutcome {}

    /**
     * Worth trying again later: 5xx, 429, timeouts, connection failures, answers that cannot be read.
     * {@code retryAfter} is the upstream's {@code Retry-After}, when it sent one.
     */
    record Transient(Cause cause, Optional<Duration> retryAfter, String detail) implements ApiOutcome {

        public Transient {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /** Whether this failure says the upstream is unhealthy (and so counts for a circuit breaker). */
        public boolean signalsUnhealthyUpstream() {
            return cause != Cause.RATE_LIMITED;
        }
    }

    /** Why a call failed transiently. */
    enum Cause {
        /** HTTP 5xx. */
        SERVER_ERROR,
        /** HTTP 429: too many requests or too many tasks in flight. */
        RATE_LIMITED,
        /** No answer within the request timeout. */
        TIMEOUT,
        /** Could not connect, or the connection broke. */
        CONNECTION,
        /** An answer that is not the documented JSON. */
        MALFORMED_RESPONSE,
        /** HTTP 200 with a non-zero {@code code}: undocumented, so retried rather than trusted. */
        API_ERROR
    }
}
