package io.seedance.streams.topology;

/**
 * Where a request is in its life. A terminal event is emitted exactly once, on the move to
 * {@link #DONE}; the DONE marker then stays for the duplicate-retention window.
 */
public enum TaskPhase {
    /** Valid, its tenant has a budget: waiting for its ledger to reserve its estimated cost. */
    RESERVING,
    /** Valid, waiting for a submission permit (or for a retry after a transient failure). */
    QUEUED,
    /** Marked durably before the generate call goes out: after a crash its outcome is unknown. */
    SUBMITTING,
    /** The upstream accepted it and gave a task id; being polled. */
    PENDING,
    /** Succeeded upstream; its video is being copied to the store, then its video-completed goes out. */
    STORING,
    /** Its terminal event was emitted; kept only to recognise a replayed request. */
    DONE
}
