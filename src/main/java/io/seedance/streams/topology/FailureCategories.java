package io.seedance.streams.topology;

import io.seedance.streams.schemas.FailureCategory;
import io.seedance.streams.schemas.FailureReason;
import java.util.List;
import java.util.Locale;

/**
 * What a failure means for the requester: its {@link FailureCategory}, read from the upstream's own
 * reason by the table below, and whether sending the same request again can succeed. The one place
 * that knows the upstream's codes and phrases: a reason matches a row when it contains one of the
 * row's phrases, ignoring case, and the first row that matches wins (moderation before the rest,
 * since a moderation message may also say "invalid"). README ("Why a request failed") lists the
 * same table; {@code FailureCategoriesTest} checks that it does.
 */
public final class FailureCategories {

    /** One row of the table: the phrases that put a reason in a category. */
    public record Row(FailureCategory category, List<String> phrases) {}

    /** The upstream's codes and phrases, by category. Extend it here (and in the README). */
    public static final List<Row> TABLE = List.of(
            new Row(
                    FailureCategory.MODERATION_INPUT,
                    List.of(
                            "InputImageSensitiveContentDetected",
                            "InputTextSensitiveContentDetected",
                            "InputVideoSensitiveContentDetected",
                            "InputAudioSensitiveContentDetected",
                            "input text may contain sensitive information",
                            "input image may contain sensitive",
                            "real person",
                            "real face")),
            new Row(
                    FailureCategory.MODERATION_OUTPUT,
                    List.of(
                            "OutputVideoSensitiveContentDetected",
                            "OutputAudioSensitiveContentDetected",
                            "OutputImageSensitiveContentDetected",
                            "output video may contain sensitive",
                            "output audio may contain sensitive")),
            new Row(
                    FailureCategory.QUOTA_OR_BILLING,
                    List.of(
                            "insufficient balance",
                            "insufficient credit",
                            "AccountOverdue",
                            "QuotaExceeded",
                            "quota exceeded",
                            "payment required",
                            "billing")),
            new Row(
                    FailureCategory.INVALID_PARAMETERS,
                    List.of(
                            "InvalidParameter",
                            "MissingParameter",
                            "invalid parameter",
                            "not supported",
                            "unsupported")),
            new Row(
                    FailureCategory.UPSTREAM_ERROR,
                    List.of("InternalServiceError", "internal error", "ServiceUnavailable", "service unavailable")));

    private FailureCategories() {}

    /**
     * The category of a failure for {@code reason}, with the upstream's own message (null when it
     * gave none): the table's, else what the reason itself says.
     */
    public static FailureCategory of(final FailureReason reason, final String upstreamMessage) {
        if (upstreamMessage != null) {
            final String message = upstreamMessage.toLowerCase(Locale.ROOT);
            for (final Row row : TABLE) {
                for (final String phrase : row.phrases()) {
                    if (message.contains(phrase.toLowerCase(Locale.ROOT))) {
                        return row.category();
                    }
                }
            }
        }
        return switch (reason) {
            case INVALID_REQUEST, REJECTED_BY_API -> FailureCategory.INVALID_PARAMETERS;
            case TASK_NOT_FOUND -> FailureCategory.UPSTREAM_ERROR;
            case TIMED_OUT -> FailureCategory.TIMEOUT;
            case CANCELLED -> FailureCategory.CANCELLED;
            case BUDGET_EXCEEDED -> FailureCategory.BUDGET;
            case GENERATION_FAILED, SUBMISSION_OUTCOME_UNKNOWN, UNKNOWN -> FailureCategory.UNKNOWN;
        };
    }

    /**
     * Whether the same request (with a new request_id) may succeed: never after moderation, invalid
     * parameters or a cancel; after a timeout, an upstream error, a quota or budget once topped up,
     * and when the reason is unknown (as before categories).
     */
    public static boolean isRetriable(final FailureCategory category) {
        return switch (category) {
            case MODERATION_INPUT, MODERATION_OUTPUT, INVALID_PARAMETERS, CANCELLED -> false;
            case QUOTA_OR_BILLING, UPSTREAM_ERROR, TIMEOUT, BUDGET, UNKNOWN -> true;
        };
    }
}
