package io.seedance.streams.simulator;

import java.util.Map;

/**
 * What the simulator has seen, for tests and benchmarks to assert on.
 *
 * @param duplicateSubmissions generate calls whose body equalled an earlier accepted one: the
 *                             upstream work a crash or retry made the service pay twice for
 * @param queriesByTask        query calls per task id
 */
public record SimulatorStats(
        long generateRequests,
        long queryRequests,
        long tasksCreated,
        long duplicateSubmissions,
        long rateLimited,
        long unauthorized,
        long rejected,
        long serverErrors,
        long malformed,
        long hung,
        int peakConcurrentRequests,
        long callbacksSent,
        long callbacksFailed,
        Map<String, Integer> queriesByTask) {

    public SimulatorStats {
        queriesByTask = Map.copyOf(queriesByTask);
    }

    public int queriesFor(final String taskId) {
        return queriesByTask.getOrDefault(taskId, 0);
    }
}
