package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.upstream.AspectRatio;
import io.seedance.streams.upstream.GenerationRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated request with the upstream's defaults filled in: what the task will submit, and who
 * asked at what priority, as given (null when not given; echoed back as it came).
 *
 * @param level the level it is scheduled at, fixed at intake: its priority, else its tenant's
 *              default priority then; null in a task stored before tenants had one (read as its
 *              priority, see {@link Levels#of})
 * @param deadline when the requester stops wanting the video (epoch millis), as given; null when
 *              not given, or in a task stored before requests had one
 */
public record TaskRequest(
        String prompt,
        List<String> imageUrls,
        String model,
        int durationSeconds,
        String ratio,
        Long requestedAt,
        Map<String, String> metadata,
        String tenant,
        Priority priority,
        Priority level,
        Long deadline) {

    public TaskRequest {
        imageUrls = List.copyOf(imageUrls);
        metadata = Map.copyOf(metadata);
    }

    /** As {@link #of(VideoRequest, long, Priority)}, at the request's own priority (else STANDARD). */
    static TaskRequest of(final VideoRequest request, final long recordTimestamp) {
        return of(request, recordTimestamp, request.getPriority() != null ? request.getPriority() : Priority.STANDARD);
    }

    /**
     * The request with defaults applied, scheduled at {@code level}; call only for a request that
     * passed {@link RequestValidator}.
     */
    static TaskRequest of(final VideoRequest request, final long recordTimestamp, final Priority level) {
        return new TaskRequest(
                request.getPrompt(),
                request.getImageUrls(),
                request.getModel() != null ? request.getModel() : GenerationRequest.DEFAULT_MODEL,
                request.getDurationSeconds() != null
                        ? request.getDurationSeconds()
                        : GenerationRequest.DEFAULT_DURATION_SECONDS,
                request.getRatio() != null ? request.getRatio() : AspectRatio.DEFAULT.wire(),
                request.getRequestedAt() != null ? request.getRequestedAt().toEpochMilli() : recordTimestamp,
                request.getMetadata(),
                request.getTenant(),
                request.getPriority(),
                level,
                request.getDeadline() != null ? request.getDeadline().toEpochMilli() : null);
    }

    GenerationRequest toGeneration(final Optional<URI> callbackUrl) {
        return GenerationRequest.of(
                model,
                prompt,
                imageUrls,
                durationSeconds,
                AspectRatio.fromWire(ratio).orElse(AspectRatio.DEFAULT),
                callbackUrl);
    }

    /** What a submission of this request costs in the fair order: seconds of video (at least one). */
    double cost() {
        return Math.max(1, durationSeconds);
    }
}
