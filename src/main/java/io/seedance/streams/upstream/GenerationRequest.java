package io.seedance.streams.upstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST /api/video/seedance/gen}. Construction enforces what the upstream
 * documents (duration 5, 10 or 15; at most 9 images; a text item), so a request that reaches the
 * network is one the API can accept.
 */
public record GenerationRequest(
        String model, List<ContentItem> content, int durationSeconds, AspectRatio ratio, Optional<URI> callbackUrl) {

    public static final String DEFAULT_MODEL = "seedance-2.0";
    public static final int DEFAULT_DURATION_SECONDS = 5;
    public static final Set<Integer> DURATIONS = Set.of(5, 10, 15);
    public static final int MAX_IMAGES = 9;

    public GenerationRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(ratio, "ratio");
        Objects.requireNonNull(callbackUrl, "callbackUrl");
        content = List.copyOf(content);
        if (!DURATIONS.contains(durationSeconds)) {
            throw new IllegalArgumentException("duration must be 5, 10 or 15 seconds, not " + durationSeconds);
        }
        if (content.stream().noneMatch(ContentItem.Text.class::isInstance)) {
            throw new IllegalArgumentException("content needs a text item");
        }
        if (content.stream().filter(ContentItem.ImageUrl.class::isInstance).count() > MAX_IMAGES) {
            throw new IllegalArgumentException("at most " + MAX_IMAGES + " images are allowed");
        }
    }

    /** The usual shape: one prompt, then the images in order. */
    public static GenerationRequest of(
            final String model,
            final String prompt,
            final List<String> imageUrls,
            final int durationSeconds,
            final AspectRatio ratio,
            final Optional<URI> callbackUrl) {
        final List<ContentItem> content = new ArrayList<>();
        content.add(new ContentItem.Text(prompt));
        imageUrls.forEach(url -> content.add(new ContentItem.ImageUrl(url)));
        return new GenerationRequest(model, content, durationSeconds, ratio, callbackUrl);
    }

    /** A text-to-video request with every default. */
    public static GenerationRequest ofPrompt(final String prompt) {
        return of(DEFAULT_MODEL, prompt, List.of(), DEFAULT_DURATION_SECONDS, AspectRatio.DEFAULT, Optional.empty());
    }
}
