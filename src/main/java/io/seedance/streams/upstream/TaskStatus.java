package io.seedance.streams.upstream;

import java.time.Instant;
import java.util.Objects;

/**
 * What a query said about a task. Only {@code taskId} and {@code status} are always present;
 * the other fields are null when the upstream did not give them.
 *
 * @param status    the raw status word, as the upstream spelled it
 * @param videoUrl  the generated video (a temporary signed link), once succeeded
 * @param consumed  credits charged, as the upstream's decimal string
 * @param reason    {@code status_reason.message}, usually why a task failed
 * @param createdAt when the upstream created the task
 */
public record TaskStatus(
        String taskId, String status, String videoUrl, String consumed, String reason, Instant createdAt) {

    public TaskStatus {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
    }
}
