package io.seedance.streams.simulator;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulator counts, from any thread; {@link #snapshot} reads it as {@link SimulatorStats}. */
final class SimulatorCounters {

    final AtomicLong generateRequests = new AtomicLong();
    final AtomicLong queryRequests = new AtomicLong();
    final AtomicLong tasksCreated = new AtomicLong();
    final AtomicLong duplicateSubmissions = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong unauthorized = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong hung = new AtomicLong();
    final AtomicLong callbacksSent = new AtomicLong();
    final AtomicLong callbacksFailed = new AtomicLong();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger peakConcurrent = new AtomicInteger();

    /** A request came in; {@link #requestEnded} when it is answered. */
    void requestStarted() {
        peakConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
    }

    void requestEnded() {
        concurrent.decrementAndGet();
    }

    SimulatorStats snapshot(final Map<String, Integer> queriesByTask) {
        return new SimulatorStats(
                generateRequests.get(),
                queryRequests.get(),
                tasksCreated.get(),
                duplicateSubmissions.get(),
                rateLimited.get(),
                unauthorized.get(),
                rejected.get(),
                serverErrors.get(),
                malformed.get(),
                hung.get(),
                peakConcurrent.get(),
                callbacksSent.get(),
                callbacksFailed.get(),
                queriesByTask);
    }
}
