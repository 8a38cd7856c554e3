package io.seedance.streams.simulator;

/**
 * The status words the simulator answers with. The upstream documents only {@code success};
 * the two vocabularies seen in the wild are both offered, so the client is tested against each.
 */
public enum StatusVocabulary {
    /** Public clients of the documented API: pending, in_progress, success, failed. */
    DEFAPI("pending", "in_progress", "success", "failed"),
    /** BytePlus ModelArk's official API: queued, running, succeeded, failed. */
    ARK("queued", "running", "succeeded", "failed");

    private final String queued;
    private final String running;
    private final String succeeded;
    private final String failed;

    StatusVocabulary(final String queued, final String running, final String succeeded, final String failed) {
        this.queued = queued;
        this.running = running;
        this.succeeded = succeeded;
        this.failed = failed;
    }

    String word(final SimulatedTask.Phase phase) {
        return switch (phase) {
            case QUEUED -> queued;
            case RUNNING -> running;
            case SUCCEEDED -> succeeded;
            case FAILED -> failed;
        };
    }
}
