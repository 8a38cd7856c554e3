package io.seedance.streams.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Turns what the upstream answered (or the way a call failed) into an {@link ApiOutcome}. Reading
 * is tolerant, because the API is documented only by example: unknown fields are ignored,
 * {@code result} may be an object or an array, timestamps may be ISO-8601 or epoch numbers.
 */
final class ResponseClassifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    private final Clock clock;

    ResponseClassifier(final Clock clock) {
        this.clock = clock;
    }

    ApiOutcome generate(final int status, final String body, final String retryAfter) {
        return classify("generate", status, body, retryAfter, data -> {
            final String taskId = text(data.path("task_id"));
            return taskId == null
                    ? malformed("the generate answer has no data.task_id")
                    : new ApiOutcome.Accepted(taskId);
        });
    }

    ApiOutcome query(final String taskId, final int status, final String body, final String retryAfter) {
        return classify("query", status, body, retryAfter, data -> task(taskId, data));
    }

    /**
     * What every answer shares: an HTTP error, a body that is not a JSON object, or a non-zero
     * {@code code} end here; otherwise {@code onData} reads the {@code data} object.
     */
    private ApiOutcome classify(
            final String endpoint,
            final int status,
            final String body,
            final String retryAfter,
            final Function<JsonNode, ApiOutcome> onData) {
        final Optional<ApiOutcome> error = httpError(status, body, retryAfter);
        if (error.isPresent()) {
            return error.get();
        }
        final JsonNode root = parse(body);
        if (root == null) {
            return malformed("the " + endpoint + " answer is not a JSON object");
        }
        return apiError(root).orElseGet(() -> onData.apply(root.path("data")));
    }

    private static ApiOutcome task(final String taskId, final JsonNode data) {
        final String word = text(data.path("status"));
        if (!data.isObject() || word == null) {
            return malformed("the query answer has no data.status");
        }
        final String id = text(data.path("task_id"));
        final TaskStatus task = new TaskStatus(
                id != null ? id : taskId,
                word,
                videoUrl(data.path("result")),
                text(data.path("consumed")),
                reason(data.path("status_reason")),
                instant(data.path("created_at")));
        return switch (StatusWords.classify(word)) {
            case SUCCEEDED ->
                task.videoUrl() == null
                        ? malformed("task " + task.taskId() + " succeeded but the answer has no video URL")
                        : new ApiOutcome.Succeeded(task);
            case FAILED -> new ApiOutcome.GenerationFailed(task);
            case RUNNING -> new ApiOutcome.Running(task, true);
            case UNKNOWN -> new ApiOutcome.Running(task, false);
        };
    }

    /**
     * A webhook's body: the task object a query returns under {@code data}, bare or wrapped the
     * same way. The webhook is undocumented, so anything else is malformed (and the caller queries).
     */
    static ApiOutcome callback(final String body) {
        final JsonNode root = parse(body);
        if (root == null) {
            return malformed("the webhook body is not a JSON object");
        }
        final JsonNode data = root.path("data").isObject() ? root.path("data") : root;
        if (text(data.path("task_id")) == null) {
            return malformed("the webhook body has no task_id");
        }
        return task(null, data);
    }

    /** A call that did not get an HTTP answer at all. */
    static ApiOutcome failure(final Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        final String detail =
                cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (cause instanceof SSLException tls) {
            return new ApiOutcome.Transient(
                    ApiOutcome.Cause.CONNECTION, Optional.empty(), "TLS: " + TlsFailures.explain(tls));
        }
        if (cause instanceof HttpTimeoutException) {
            return new ApiOutcome.Transient(ApiOutcome.Cause.TIMEOUT, Optional.empty(), detail);
        }
        if (cause instanceof ConnectException || cause instanceof IOException) {
            return new ApiOutcome.Transient(ApiOutcome.Cause.CONNECTION, Optional.empty(), detail);
        }
        return new ApiOutcome.Transient(ApiOutcome.Cause.CONNECTION, Optional.empty(), "unexpected " + detail);
    }

    private Optional<ApiOutcome> httpError(final int status, final String body, final String retryAfter) {
        if (status >= 200 && status < 300) {
            return Optional.empty();
        }
        final String message = message(status, body);
        final ApiOutcome outcome;
        if (status == 400) {
            outcome = new ApiOutcome.Rejected(status, message);
        } else if (status == 401 || status == 402 || status == 403) {
            outcome = new ApiOutcome.Unauthorized(status, message);
        } else if (status == 404) {
            outcome = new ApiOutcome.NotFound(message);
        } else if (status == 408) {
            outcome = new ApiOutcome.Transient(ApiOutcome.Cause.TIMEOUT, Optional.empty(), message);
        } else if (status == 429) {
            outcome = new ApiOutcome.Transient(
                    ApiOutcome.Cause.RATE_LIMITED, RetryAfter.parse(retryAfter, clock), message);
        } else if (status >= 500) {
            outcome = new ApiOutcome.Transient(
                    ApiOutcome.Cause.SERVER_ERROR, RetryAfter.parse(retryAfter, clock), message);
        } else if (status >= 400) {
            outcome = new ApiOutcome.Rejected(status, message);
        } else {
            outcome = malformed("unexpected HTTP status " + status);
        }
        return Optional.of(outcome);
    }

    /** A documented answer carries {@code code: 0}; anything else on an HTTP 2xx is an error. */
    private static Optional<ApiOutcome> apiError(final JsonNode root) {
        final JsonNode code = root.path("code");
        if (code.isMissingNode() || code.isNull() || "0".equals(code.asText())) {
            return Optional.empty();
        }
        final String message = text(root.path("message"));
        return Optional.of(new ApiOutcome.Transient(
                ApiOutcome.Cause.API_ERROR,
                Optional.empty(),
                "HTTP 200 with code " + code.asText() + (message == null ? "" : ": " + truncate(message))));
    }

    /** {@code result.video}, or the first video URL of a {@code result} array. */
    private static String videoUrl(final JsonNode result) {
        if (result.isArray()) {
            for (final JsonNode item : result) {
                final String url = videoUrl(item);
                if (url != null) {
                    return url;
                }
            }
            return null;
        }
        if (result.isTextual()) {
            return text(result);
        }
        for (final String field : new String[] {"video", "video_url", "url"}) {
            final String url = text(result.path(field));
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    private static String reason(final JsonNode statusReason) {
        return statusReason.isObject() ? text(statusReason.path("message")) : text(statusReason);
    }

    private static Instant instant(final JsonNode node) {
        if (node.isNumber()) {
            final long value = node.asLong();
            // Seconds or milliseconds since the epoch: no date in this service's life is below 1e11 ms.
            return value < 100_000_000_000L ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
        }
        final String value = text(node);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    private static String text(final JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        final String value = node.asText();
        return value.isBlank() ? null : value;
    }

    private static JsonNode parse(final String body) {
        try {
            final JsonNode root = JSON.readTree(body == null ? "" : body);
            return root != null && root.isObject() ? root : null;
        } catch (final IOException e) {
            return null;
        }
    }

    private static String message(final int status, final String body) {
        final JsonNode root = parse(body);
        final String message = root == null ? (body == null ? null : body.strip()) : text(root.path("message"));
        return "HTTP " + status + (message == null || message.isEmpty() ? "" : ": " + truncate(message));
    }

    private static String truncate(final String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }

    private static ApiOutcome malformed(final String detail) {
        return new ApiOutcome.Transient(ApiOutcome.Cause.MALFORMED_RESPONSE, Optional.empty(), detail);
    }
}
