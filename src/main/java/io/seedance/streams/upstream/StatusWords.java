package io.seedance.streams.upstream;

import java.util.Locale;
import java.util.Set;

/**
 * What a task's status word means. The upstream documents only {@code success}; public clients of
 * the same API report {@code pending}, {@code submitted}, {@code in_progress}, {@code success},
 * {@code failed}, and BytePlus's official API uses {@code queued}, {@code running},
 * {@code succeeded}, {@code failed}, {@code cancelled}, {@code expired}. Every known word is
 * honoured; anything else is taken as still running.
 */
public enum StatusWords {
    RUNNING,
    SUCCEEDED,
    FAILED,
    UNKNOWN;

    private static final Set<String> RUNNING_WORDS = Set.of("pending", "submitted", "queued", "in_progress", "running");
    private static final Set<String> SUCCEEDED_WORDS = Set.of("success", "succeeded");
    private static final Set<String> FAILED_WORDS = Set.of("failed", "cancelled", "canceled", "expired");

    public static StatusWords classify(final String status) {
        final String word = status == null ? "" : status.strip().toLowerCase(Locale.ROOT);
        if (RUNNING_WORDS.contains(word)) {
            return RUNNING;
        }
        if (SUCCEEDED_WORDS.contains(word)) {
            return SUCCEEDED;
        }
        return FAILED_WORDS.contains(word) ? FAILED : UNKNOWN;
    }
}
