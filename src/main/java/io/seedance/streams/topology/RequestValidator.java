package io.seedance.streams.topology;

import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.upstream.AspectRatio;
import io.seedance.streams.upstream.GenerationRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a request against the contract before anything is paid for, and names every problem at
 * once, so the producer can fix them all in one go.
 */
final class RequestValidator {

    static final int MAX_REQUEST_ID_LENGTH = 256;
    static final int MAX_PROMPT_LENGTH = 10_000;
    static final int MAX_URL_LENGTH = 2_048;
    static final int MAX_MODEL_LENGTH = 100;
    static final int MAX_TENANT_LENGTH = Tenants.MAX_LENGTH;
    static final int MAX_METADATA_ENTRIES = 50;
    static final int MAX_METADATA_BYTES = 16_384;

    private static final Pattern IMAGE_REFERENCE = Pattern.compile("@image(\\d+)");

    private RequestValidator() {}

    /** Every problem with the request keyed {@code key}; empty when it is valid. */
    static List<String> problems(final String key, final VideoRequest request) {
        return problems(key, request, Long.MIN_VALUE);
    }

    /** As {@link #problems(String, VideoRequest)}, received at {@code now}: a deadline already past is one too. */
    static List<String> problems(final String key, final VideoRequest request, final long now) {
        final List<String> problems = new ArrayList<>();
        if (request.getDeadline() != null && request.getDeadline().toEpochMilli() <= now) {
            problems.add("deadline " + request.getDeadline() + " has already passed (received at "
                    + Instant.ofEpochMilli(now) + ")");
        }
        final String id = request.getRequestId();
        if (id == null || id.isBlank()) {
            problems.add("request_id is empty");
        } else if (id.length() > MAX_REQUEST_ID_LENGTH) {
            problems.add("request_id is longer than " + MAX_REQUEST_ID_LENGTH + " characters");
        } else if (key != null && !key.equals(id)) {
            problems.add("the record key '" + key + "' differs from request_id '" + id + "'");
        }
        final String prompt = request.getPrompt();
        if (prompt == null || prompt.isBlank()) {
            problems.add("prompt is empty");
        } else if (prompt.length() > MAX_PROMPT_LENGTH) {
            problems.add("prompt is longer than " + MAX_PROMPT_LENGTH + " characters");
        }
        final List<String> images = request.getImageUrls();
        if (images.size() > GenerationRequest.MAX_IMAGES) {
            problems.add("image_urls has " + images.size() + " URLs; at most " + GenerationRequest.MAX_IMAGES
                    + " are allowed");
        }
        for (int i = 0; i < images.size(); i++) {
            final String problem = urlProblem(images.get(i));
            if (problem != null) {
                problems.add("image_urls[" + i + "] " + problem);
            }
        }
        if (prompt != null) {
            final TreeSet<Integer> missing = new TreeSet<>();
            final Matcher references = IMAGE_REFERENCE.matcher(prompt);
            while (references.find()) {
                final int n = Integer.parseInt(references.group(1).length() > 3 ? "1000" : references.group(1));
                if (n < 1 || n > images.size()) {
                    missing.add(n);
                }
            }
            missing.forEach(n -> problems.add("prompt refers to @image" + n + " but "
                    + (images.isEmpty()
                            ? "no images were given"
                            : "only " + images.size() + " image" + (images.size() == 1 ? " was" : "s were")
                                    + " given")));
        }
        final Integer duration = request.getDurationSeconds();
        if (duration != null && !GenerationRequest.DURATIONS.contains(duration)) {
            problems.add("duration_seconds is " + duration + "; allowed: 5, 10, 15");
        }
        final String ratio = request.getRatio();
        if (ratio != null && AspectRatio.fromWire(ratio).isEmpty()) {
            problems.add("ratio is '" + ratio + "'; allowed: " + AspectRatio.accepted());
        }
        final String model = request.getModel();
        final String tenant = request.getTenant();
        if (tenant != null && (tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH)) {
            problems.add("tenant must be non-empty and at most " + MAX_TENANT_LENGTH + " characters");
        }
        if (model != null && (model.isBlank() || model.length() > MAX_MODEL_LENGTH)) {
            problems.add("model must be non-empty and at most " + MAX_MODEL_LENGTH + " characters");
        }
        final Map<String, String> metadata = request.getMetadata();
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            problems.add("metadata has " + metadata.size() + " entries; at most " + MAX_METADATA_ENTRIES);
        } else if (metadataBytes(metadata) > MAX_METADATA_BYTES) {
            problems.add("metadata is larger than " + MAX_METADATA_BYTES + " bytes");
        }
        return problems;
    }

    private static String urlProblem(final String url) {
        if (url == null || url.isBlank()) {
            return "is empty";
        }
        if (url.length() > MAX_URL_LENGTH) {
            return "is longer than " + MAX_URL_LENGTH + " characters";
        }
        try {
            final URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                return "is not an http(s) URL";
            }
            return uri.getHost() == null ? "has no host" : null;
        } catch (final URISyntaxException e) {
            return "is not a valid URL";
        }
    }

    private static int metadataBytes(final Map<String, String> metadata) {
        return metadata.entrySet().stream()
                .mapToInt(e -> e.getKey().getBytes(StandardCharsets.UTF_8).length
                        + (e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length))
                .sum();
    }
}
