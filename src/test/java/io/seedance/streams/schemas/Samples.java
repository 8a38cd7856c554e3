package io.seedance.streams.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records with every field set, for tests that compare what went in with what came out. */
public final class Samples {

    private Samples() {}

    public static VideoRequest request(final String requestId) {
        return VideoRequest.newBuilder()
                .setRequestId(requestId)
                .setPrompt("The cat in @image1 walks through a garden, then meets the dog in @image2")
                .setImageUrls(List.of("https://example.com/cat.png", "https://example.com/dog.png"))
                .setModel("seedance-2.0")
                .setDurationSeconds(10)
                .setRatio("9:16")
                .setRequestedAt(Instant.ofEpochMilli(1_764_000_000_123L))
                .setMetadata(Map.of("tenant", "acme", "trace", "abc-123"))
                .build();
    }

    public static VideoCompleted completed(final String requestId) {
        return VideoCompleted.newBuilder()
                .setRequestId(requestId)
                .setTaskId("ta823dfb-eaac-44fd-aec2-3e2c7ba8e071")
                .setVideoUrl("https://example.com/generated-video.mp4")
                .setVideoUrlExpiresAt(Instant.ofEpochMilli(1_764_086_400_000L))
                .setModel("seedance-2.0")
                .setDurationSeconds(5)
                .setRatio("16:9")
                .setConsumed("0.500000")
                .setTaskCreatedAt(Instant.ofEpochMilli(1_764_000_001_010L))
                .setSubmittedAt(Instant.ofEpochMilli(1_764_000_001_000L))
                .setCompletedAt(Instant.ofEpochMilli(1_764_000_091_000L))
                .setQueryCount(4)
                .setMetadata(Map.of("tenant", "acme"))
                .build();
    }

    public static VideoFailed failed(final String requestId) {
        return VideoFailed.newBuilder()
                .setRequestId(requestId)
                .setTaskId(null)
                .setError(FailureReason.INVALID_REQUEST)
                .setMessage("prompt refers to @image3 but only 2 images were given")
                .setRetriable(false)
                .setAttempts(0)
                .setFailedAt(Instant.ofEpochMilli(1_764_000_000_500L))
                .setMetadata(Map.of())
                .build();
    }
}
