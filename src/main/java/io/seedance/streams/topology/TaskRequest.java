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
        Priority priority) {

    public TaskRequest {
        imageUrls = List.copyOf(imageUrls);
        metadata = Map.copyOf(metadata);
    }

    /** The request with defaults applied; call only for a request that passed {@link RequestValidator}. */
    static TaskRequest of(final VideoRequest request, final long recordTimestamp) {
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
                request.getPriority());
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
