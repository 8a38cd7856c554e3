package io.seedance.streams.topology;

/**
 * Where the task id of a submission goes when its answer came after its partition left this
 * instance: a rebalance (an instance joined, say, in a rolling restart) moved the partition while
 * the call was out, so the answer cannot be applied here, and the new owner, finding the task
 * SUBMITTING with no answer, would submit it again and pay twice. Handed over, the new owner
 * adopts the task id instead, as it does a webhook's.
 */
@FunctionalInterface
public interface SubmissionHandover {

    /** Drops the answer: the new owner resubmits, as after a crash. */
    SubmissionHandover NONE = (requestId, taskId) -> {};

    /** The upstream accepted {@code requestId}'s submission as {@code taskId}. Thread-safe. */
    void accepted(String requestId, String taskId);
}
