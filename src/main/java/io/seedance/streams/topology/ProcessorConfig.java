package io.seedance.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every knob of the stream processor, with its default. Limits marked "global" are per API key
 * across all instances: each instance takes its share (see {@link UpstreamGate#applyShare}).
 * Built with {@link #builder()}; {@code build()} reports every bad value at once.
 *
 * @param sweepInterval         how often the processor looks for due work (wall clock)
 * @param maxDuePerSweep        due tasks read per lane per sweep, at most
 * @param submitsPerMinute      generate calls per minute (global)
 * @param queriesPerMinute      query calls per minute (global)
 * @param maxTasksInFlight      tasks submitted and not finished upstream (global)
 * @param maxConcurrentCalls    HTTP calls in flight at once (per instance)
 * @param callTimeout           how long a call may take before the task is looked at again
 * @param firstPollDelay        from acceptance to the first query
 * @param pollInterval          the second query's delay, growing by {@code pollMultiplier} up to {@code maxPollInterval}
 * @param pollJitter            random share (0..1) taken off or added to each poll delay
 * @param retryInitial          first backoff after a transient failure, growing by {@code retryMultiplier} up to {@code maxRetryInterval}
 * @param retryJitter           random share (0..1) of each backoff
 * @param taskDeadline          from receipt to TIMED_OUT
 * @param notFoundGrace         how long a task may answer 404 before it fails TASK_NOT_FOUND
 * @param unauthorizedRetry     how long requests wait after a 401 before a new try
 * @param duplicateRetention    how long a finished request id is remembered, so a replay is not paid twice
 * @param outcomeUnknownPolicy  what to do with a task found SUBMITTING after a crash
 * @param circuitFailureRate    failure percentage that opens the circuit
 * @param circuitWindow         calls the failure rate is measured over
 * @param circuitOpenTime       how long the circuit stays open before half-open probes
 * @param circuitHalfOpenCalls  probe calls in half-open state
 * @param callbacks             when present, submissions carry a signed callback_url
 * @param firstPollDelayWithCallbacks the first poll's delay when callbacks are on (polling is the fallback)
 * @param trustWebhookReports   a verified webhook whose body is a finished task ends the task
 *                              without a query (false: a webhook only makes the task due now)
 * @param registryPatience      how long the stream thread waits for an unavailable schema registry
 *                              before its thread is replaced (keep well under max.poll.interval.ms)
 * @param levels                how the priority levels share the submissions and the seats
 * @param tenantDefaults        the policy of a tenant the tenants topic does not name
 * @param tenantLabels          tenants under their own metrics label, at most (the rest under {@code other})
 * @param prices                the price per second of video by model, the floor of every budget estimate
 * @param storageGiveUpAfter    from a task's success upstream, how long copies of its video are tried
 *                              before it is delivered without one
 */
public record ProcessorConfig(
        Duration sweepInterval,
        int maxDuePerSweep,
        int submitsPerMinute,
        int queriesPerMinute,
        int maxTasksInFlight,
        int maxConcurrentCalls,
        Duration callTimeout,
        Duration firstPollDelay,
        Duration pollInterval,
        double pollMultiplier,
        Duration maxPollInterval,
        double pollJitter,
        Duration retryInitial,
        double retryMultiplier,
        Duration maxRetryInterval,
        double retryJitter,
        Duration taskDeadline,
        Duration notFoundGrace,
        Duration unauthorizedRetry,
        Duration duplicateRetention,
        OutcomeUnknownPolicy outcomeUnknownPolicy,
        float circuitFailureRate,
        int circuitWindow,
        Duration circuitOpenTime,
        int circuitHalfOpenCalls,
        Duration registryPatience,
        Optional<CallbackSigner> callbacks,
        Duration firstPollDelayWithCallbacks,
        boolean trustWebhookReports,
        Levels levels,
        TenantPolicy tenantDefaults,
        int tenantLabels,
        BudgetPrices prices,
        Duration storageGiveUpAfter) {

    /** What a task found SUBMITTING after a crash becomes. */
    public enum OutcomeUnknownPolicy {
        /** Submit again: at least once (the upstream may have two tasks). The default. */
        RESUBMIT,
        /** Fail it with SUBMISSION_OUTCOME_UNKNOWN: at most once. */
        FAIL
    }

    public ProcessorConfig {
        final List<String> problems = new ArrayList<>();
        positive(problems, "sweepInterval", sweepInterval);
        atLeastOne(problems, "maxDuePerSweep", maxDuePerSweep);
        atLeastOne(problems, "submitsPerMinute", submitsPerMinute);
        atLeastOne(problems, "queriesPerMinute", queriesPerMinute);
        atLeastOne(problems, "maxTasksInFlight", maxTasksInFlight);
        atLeastOne(problems, "maxConcurrentCalls", maxConcurrentCalls);
        positive(problems, "callTimeout", callTimeout);
        notNegative(problems, "firstPollDelay", firstPollDelay);
        positive(problems, "pollInterval", pollInterval);
        positive(problems, "maxPollInterval", maxPollInterval);
        positive(problems, "retryInitial", retryInitial);
        positive(problems, "maxRetryInterval", maxRetryInterval);
        positive(problems, "taskDeadline", taskDeadline);
        notNegative(problems, "notFoundGrace", notFoundGrace);
        positive(problems, "unauthorizedRetry", unauthorizedRetry);
        notNegative(problems, "duplicateRetention", duplicateRetention);
        positive(problems, "circuitOpenTime", circuitOpenTime);
        if (pollMultiplier < 1 || retryMultiplier < 1) {
            problems.add("pollMultiplier and retryMultiplier must be at least 1");
        }
        if (!(pollJitter >= 0 && pollJitter < 1) || !(retryJitter >= 0 && retryJitter < 1)) {
            problems.add("pollJitter and retryJitter must be at least 0 and below 1");
        }
        if (!(circuitFailureRate > 0 && circuitFailureRate <= 100)) {
            problems.add("circuitFailureRate must be a percentage above 0, up to 100");
        }
        atLeastOne(problems, "circuitWindow", circuitWindow);
        atLeastOne(problems, "circuitHalfOpenCalls", circuitHalfOpenCalls);
        notNegative(problems, "registryPatience", registryPatience);
        notNegative(problems, "firstPollDelayWithCallbacks", firstPollDelayWithCallbacks);
        notNegative(problems, "storageGiveUpAfter", storageGiveUpAfter);
        if (callbacks == null) {
            problems.add("callbacks must be given (empty when off)");
        }
        if (levels == null || tenantDefaults == null || prices == null) {
            problems.add("levels, tenantDefaults and prices are required");
        }
        if (tenantLabels < 0) {
            problems.add("tenantLabels must not be negative, got " + tenantLabels);
        }
        if (outcomeUnknownPolicy == null) {
            problems.add("outcomeUnknownPolicy is required");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid processor configuration: " + String.join("; ", problems));
        }
    }

    public static ProcessorConfigBuilder builder() {
        return new ProcessorConfigBuilder();
    }

    private static void positive(final List<String> problems, final String name, final Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(name + " must be positive, got " + value);
        }
    }

    private static void notNegative(final List<String> problems, final String name, final Duration value) {
        if (value == null || value.isNegative()) {
            problems.add(name + " must be zero or positive, got " + value);
        }
    }

    private static void atLeastOne(final List<String> problems, final String name, final int value) {
        if (value < 1) {
            problems.add(name + " must be at least 1, got " + value);
        }
    }
}
