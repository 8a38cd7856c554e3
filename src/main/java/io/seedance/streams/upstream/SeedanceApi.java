package io.seedance.streams.upstream;

import java.util.concurrent.CompletableFuture;

/**
 * The two calls of the Seedance API. Both return at once; the future completes on another thread
 * with an {@link ApiOutcome} and never completes exceptionally.
 */
public interface SeedanceApi {

    /** {@code POST /api/video/seedance/gen}: start a generation. */
    CompletableFuture<ApiOutcome> generate(GenerationRequest request);

    /** {@code GET /api/task/query?task_id=...}: a task's status and result. */
    CompletableFuture<ApiOutcome> query(String taskId);
}
