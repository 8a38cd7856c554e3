package io.seedance.streams.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a generate body the way the upstream documents: a {@code content} array with a text item,
 * at most 9 images with well-formed URLs, duration 5, 10 or 15, one of the six ratios.
 */
final class GenerationValidator {

    static final Set<Integer> DURATIONS = Set.of(5, 10, 15);
    static final Set<String> RATIOS = Set.of("16:9", "9:16", "1:1", "4:3", "3:4", "21:9");
    static final int MAX_IMAGES = 9;

    /** A valid body's parts that the simulator needs; or every problem found. */
    record Result(List<String> problems, int durationSeconds, Optional<URI> callbackUrl) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    private GenerationValidator() {}

    static Result validate(final JsonNode body) {
        final List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Result(List.of("the body must be a JSON object"), 0, Optional.empty());
        }
        final JsonNode model = body.path("model");
        if (!model.isMissingNode()
                && !model.isNull()
                && (!model.isTextual() || model.asText().isBlank())) {
            problems.add("model must be a non-empty string");
        }
        checkContent(body.path("content"), problems);
        int duration = 5;
        final JsonNode durationNode = body.path("duration");
        if (!durationNode.isMissingNode() && !durationNode.isNull()) {
            if (!durationNode.canConvertToInt()
                    || !durationNode.isIntegralNumber()
                    || !DURATIONS.contains(durationNode.asInt())) {
                problems.add("duration must be one of 5, 10, 15");
            } else {
                duration = durationNode.asInt();
            }
        }
        final JsonNode ratio = body.path("ratio");
        if (!ratio.isMissingNode() && !ratio.isNull() && !RATIOS.contains(ratio.asText())) {
            problems.add("ratio must be one of 16:9, 9:16, 1:1, 4:3, 3:4, 21:9");
        }
        Optional<URI> callback = Optional.empty();
        final JsonNode callbackNode = body.path("callback_url");
        if (!callbackNode.isMissingNode() && !callbackNode.isNull()) {
            callback = httpUrl(callbackNode.asText());
            if (callback.isEmpty()) {
                problems.add("callback_url must be an http(s) URL");
            }
        }
        return new Result(List.copyOf(problems), duration, callback);
    }

    private static void checkContent(final JsonNode content, final List<String> problems) {
        if (!content.isArray() || content.isEmpty()) {
            problems.add("content must be a non-empty array");
            return;
        }
        int texts = 0;
        int images = 0;
        for (final JsonNode item : content) {
            final String type = item.path("type").asText("");
            if (type.equals("text")) {
                if (item.path("text").asText("").isBlank()) {
                    problems.add("a text item needs non-empty text");
                }
                texts++;
            } else if (type.equals("image_url")) {
                images++;
                if (httpUrl(item.path("image_url").path("url").asText("")).isEmpty()) {
                    problems.add("image " + images + " needs an http(s) image_url.url");
                }
            } else {
                problems.add("unknown content type '" + type + "'");
            }
        }
        if (texts == 0) {
            problems.add("content needs a text item");
        }
        if (images > MAX_IMAGES) {
            problems.add("at most " + MAX_IMAGES + " images are allowed, got " + images);
        }
    }

    private static Optional<URI> httpUrl(final String text) {
        try {
            final URI uri = new URI(text);
            final boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (final URISyntaxException e) {
            return Optional.empty();
        }
    }
}
