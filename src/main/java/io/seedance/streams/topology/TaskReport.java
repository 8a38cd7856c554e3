package io.seedance.streams.topology;

import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.time.Instant;

/** A terminal status as a webhook reported it: enough to emit the event without a query. */
public record TaskReport(String status, String videoUrl, String consumed, String reason, Long createdAt) {

    static TaskReport of(final TaskStatus status) {
        return new TaskReport(
                status.status(),
                status.videoUrl(),
                status.consumed(),
                status.reason(),
                status.createdAt() == null ? null : status.createdAt().toEpochMilli());
    }

    /** What a query answering the same would have been. */
    ApiOutcome outcome(final String taskId) {
        final TaskStatus status = new TaskStatus(
                taskId,
                this.status,
                videoUrl,
                consumed,
                reason,
                createdAt == null ? null : Instant.ofEpochMilli(createdAt));
        return videoUrl != null ? new ApiOutcome.Succeeded(status) : new ApiOutcome.GenerationFailed(status);
    }
}
