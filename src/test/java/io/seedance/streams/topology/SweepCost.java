package io.seedance.streams.topology;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.time.Duration;
import java.util.Arrays;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The cost of one sweep that finds {@code due} tasks to query among {@code pending} that are not
 * due, in Kafka's test driver with the real (RocksDB) stores: what the due index is for. Used by
 * the benchmark; a sweep must cost the same at a thousand and at a hundred thousand pending.
 */
public final class SweepCost {

    private SweepCost() {}

    /** The median wall time of {@code rounds} such sweeps, in nanoseconds. */
    public static long medianSweepNanos(final int pending, final int due, final int rounds) {
        final ProcessorConfig config = TopologyHarness.testConfig()
                .queriesPerMinute(100_000_000)
                .maxConcurrentCalls(1_000_000)
                .maxTasksInFlight(10_000_000)
                .pollInterval(Duration.ofSeconds(10))
                .pollMultiplier(1)
                .maxPollInterval(Duration.ofSeconds(10))
                .build();
        try (TopologyHarness harness = new TopologyHarness(config)) {
            final KeyValueStore<String, Task> tasks = harness.driver.getKeyValueStore(SeedanceTopology.TASK_STORE);
            final DueIndex index = new DueIndex(harness.driver.getKeyValueStore(SeedanceTopology.INDEX_STORE));
            final long now = harness.now();
            final TaskRequest request = TaskRequest.of(Samples.request("sweep"), now);
            for (int i = 0; i < pending + due; i++) {
                final boolean dueNow = i < due;
                final String id = (dueNow ? "due-" : "waiting-") + i;
                final Task task = Task.queued(
                                id, request, now, now + Duration.ofDays(1).toMillis())
                        .accepted(
                                "ta-" + id,
                                now,
                                dueNow ? now : now + Duration.ofDays(1).toMillis());
                tasks.put(id, task);
                index.move(null, task);
            }
            final long[] samples = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                final long started = System.nanoTime();
                harness.sweep(1);
                samples[round] = System.nanoTime() - started;
                for (final ScriptedApi.Call call : harness.api.unanswered()) {
                    call.answer(new ApiOutcome.Running(
                            new TaskStatus(call.taskId(), "running", null, null, null, null), true));
                }
                // The answers are applied by the next sweep; the tasks come due again a poll interval later.
                harness.advance(config.pollInterval());
            }
            if (harness.api.queries().size() != (long) due * rounds) {
                throw new IllegalStateException("expected " + due + " queries a sweep, got "
                        + harness.api.queries().size() + " in " + rounds + " sweeps");
            }
            Arrays.sort(samples);
            return samples[rounds / 2];
        }
    }

    /**
     * The wall time of {@code rounds} sweeps, each granting submissions among {@code queued} queued
     * requests spread evenly over {@code tenants} tenants of one level: what the dispatch order
     * costs as tenants grow. In nanoseconds, one sample a sweep.
     */
    public static long[] dispatchSweepNanos(final int queued, final int tenants, final int rounds) {
        final ProcessorConfig config = TopologyHarness.testConfig()
                .submitsPerMinute(600) // two submissions a sweep: the queues stay as they were
                .maxConcurrentCalls(1_000_000)
                .maxTasksInFlight(10_000_000)
                .taskDeadline(Duration.ofDays(1))
                .build();
        try (TopologyHarness harness = new TopologyHarness(config)) {
            for (int i = 0; i < queued; i++) {
                harness.send(VideoRequest.newBuilder(Samples.request("queued-" + i))
                        .setTenant("t" + i % tenants)
                        .build());
            }
            harness.sweep(2);
            final int before = harness.api.submissions().size();
            final long[] samples = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                final long started = System.nanoTime();
                harness.sweep(1);
                samples[round] = System.nanoTime() - started;
            }
            final int granted = harness.api.submissions().size() - before;
            if (granted < rounds || granted > queued / 2) {
                throw new IllegalStateException(
                        "expected about two submissions a sweep, got " + granted + " in " + rounds + " sweeps");
            }
            return samples;
        }
    }
}
