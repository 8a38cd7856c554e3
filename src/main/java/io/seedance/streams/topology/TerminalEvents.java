package io.seedance.streams.topology;

import io.seedance.streams.schemas.FailureCategory;
import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.storage.StoredVideo;
import io.seedance.streams.upstream.TaskStatus;
import java.time.Instant;
import java.util.Map;

/** Builds the output events from a task: everything a subscriber needs, with the request's metadata. */
final class TerminalEvents {

    private TerminalEvents() {}

    static VideoCompleted completed(final Task task, final TaskStatus status, final long now) {
        return completedBuilder(task, status, now).build();
    }

    /** The event of a task whose video was copied to the store ({@code copy}), or could not be ({@code storageError}). */
    static VideoCompleted completed(
            final Task task,
            final TaskStatus status,
            final StoredVideo copy,
            final String storageError,
            final long now) {
        final VideoCompleted.Builder event = completedBuilder(task, status, now).setStorageError(storageError);
        if (copy != null) {
            event.setStoredVideoUrl(copy.url()).setVideoSha256(copy.sha256()).setVideoBytes(copy.bytes());
        }
        return event.build();
    }

    private static VideoCompleted.Builder completedBuilder(final Task task, final TaskStatus status, final long now) {
        final TaskRequest request = task.request();
        return VideoCompleted.newBuilder()
                .setRequestId(task.requestId())
                .setTaskId(task.taskId())
                .setVideoUrl(status.videoUrl())
                .setVideoUrlExpiresAt(null)
                .setModel(request.model())
                .setDurationSeconds(request.durationSeconds())
                .setRatio(request.ratio())
                .setConsumed(status.consumed())
                .setTaskCreatedAt(
                        status.createdAt() != null
                                ? status.createdAt()
                                : task.taskCreatedAt() != null ? Instant.ofEpochMilli(task.taskCreatedAt()) : null)
                .setSubmittedAt(Instant.ofEpochMilli(task.submittedAt() != null ? task.submittedAt() : now))
                .setCompletedAt(Instant.ofEpochMilli(now))
                .setQueryCount(task.queries())
                .setMetadata(request.metadata())
                .setTenant(request.tenant())
                .setPriority(request.priority());
    }

    /** The failure of {@code task}: its category, and so whether it is worth retrying, read from {@code upstreamMessage}. */
    static VideoFailed failed(
            final Task task,
            final FailureReason reason,
            final String message,
            final String upstreamMessage,
            final long now) {
        final TaskRequest request = task.request();
        return failed(task.requestId(), task.taskId(), reason, message, upstreamMessage, task.attempts(), now)
                .setMetadata(request != null ? request.metadata() : Map.of())
                .setTenant(request != null ? request.tenant() : null)
                .setPriority(request != null ? request.priority() : null)
                .build();
    }

    static VideoFailed invalid(
            final String requestId, final VideoRequest request, final String message, final long now) {
        return failed(requestId, null, FailureReason.INVALID_REQUEST, message, null, 0, now)
                .setMetadata(request.getMetadata())
                .setTenant(request.getTenant())
                .setPriority(request.getPriority())
                .build();
    }

    private static VideoFailed.Builder failed(
            final String requestId,
            final String taskId,
            final FailureReason reason,
            final String message,
            final String upstreamMessage,
            final int attempts,
            final long now) {
        final FailureCategory category = FailureCategories.of(reason, upstreamMessage);
        return VideoFailed.newBuilder()
                .setRequestId(requestId)
                .setTaskId(taskId)
                .setError(reason)
                .setCategory(category)
                .setUpstreamMessage(upstreamMessage)
                .setMessage(message)
                .setRetriable(FailureCategories.isRetriable(category))
                .setAttempts(attempts)
                .setFailedAt(Instant.ofEpochMilli(now));
    }
}
