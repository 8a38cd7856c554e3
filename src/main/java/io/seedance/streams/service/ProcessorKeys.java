package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKey.Kind.DOUBLE;
import static io.seedance.streams.service.ConfigKey.Kind.DURATION;
import static io.seedance.streams.service.ConfigKey.Kind.INT;
import static io.seedance.streams.service.ConfigKey.Kind.STRING;
import static io.seedance.streams.service.Rules.atLeast;
import static io.seedance.streams.service.Rules.notNegative;
import static io.seedance.streams.service.Rules.positive;
import static io.seedance.streams.service.Rules.share;
import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.ProcessorConfig.OutcomeUnknownPolicy;
import java.time.Duration;

/**
 * The keys of the stream processor: its sweep, the upstream's limits, polling, retries, deadlines,
 * the circuit breaker. Their defaults are {@link ProcessorConfig}'s, read from its builder.
 */
public final class ProcessorKeys {

    private static final ProcessorConfig PROCESSOR = ProcessorConfig.builder().build();

    public static final ConfigKey<Duration> SWEEP_INTERVAL = ConfigKey.of(
            "processor.sweep.interval",
            DURATION,
            PROCESSOR.sweepInterval(),
            positive(),
            LOW,
            "How often due work is looked for.");
    public static final ConfigKey<Integer> MAX_DUE_PER_SWEEP = ConfigKey.of(
            "processor.max.due.per.sweep",
            INT,
            PROCESSOR.maxDuePerSweep(),
            atLeast(1),
            LOW,
            "Due tasks read per lane per sweep.");
    public static final ConfigKey<Integer> SUBMITS_PER_MINUTE = ConfigKey.of(
            "upstream.submits.per.minute",
            INT,
            PROCESSOR.submitsPerMinute(),
            atLeast(1),
            HIGH,
            "Generate calls per minute, global per API key.");
    public static final ConfigKey<Integer> QUERIES_PER_MINUTE = ConfigKey.of(
            "upstream.queries.per.minute",
            INT,
            PROCESSOR.queriesPerMinute(),
            atLeast(1),
            HIGH,
            "Query calls per minute, global per API key.");
    public static final ConfigKey<Integer> MAX_TASKS_IN_FLIGHT = ConfigKey.of(
            "upstream.max.tasks.in.flight",
            INT,
            PROCESSOR.maxTasksInFlight(),
            atLeast(1),
            HIGH,
            "Tasks submitted and unfinished upstream, global per API key.");
    public static final ConfigKey<Integer> MAX_CONCURRENT_CALLS = ConfigKey.of(
            "upstream.max.concurrent.calls",
            INT,
            PROCESSOR.maxConcurrentCalls(),
            atLeast(1),
            MEDIUM,
            "HTTP calls in flight at once, per instance.");
    public static final ConfigKey<Duration> POLL_FIRST_DELAY = ConfigKey.of(
            "poll.first.delay",
            DURATION,
            PROCESSOR.firstPollDelay(),
            notNegative(),
            MEDIUM,
            "From acceptance to the first query, until the service has learned how long generations take.");
    public static final ConfigKey<Duration> POLL_INTERVAL = ConfigKey.of(
            "poll.interval", DURATION, PROCESSOR.pollInterval(), positive(), MEDIUM, "The second query's delay.");
    public static final ConfigKey<Double> POLL_MULTIPLIER = ConfigKey.of(
            "poll.multiplier", DOUBLE, PROCESSOR.pollMultiplier(), atLeast(1), LOW, "Growth of the poll interval.");
    public static final ConfigKey<Duration> POLL_MAX_INTERVAL = ConfigKey.of(
            "poll.max.interval",
            DURATION,
            PROCESSOR.maxPollInterval(),
            positive(),
            MEDIUM,
            "Cap of the poll interval.");
    public static final ConfigKey<Double> POLL_JITTER = ConfigKey.of(
            "poll.jitter", DOUBLE, PROCESSOR.pollJitter(), share(), LOW, "Random share of each poll delay.");
    public static final ConfigKey<Duration> RETRY_INITIAL = ConfigKey.of(
            "retry.initial",
            DURATION,
            PROCESSOR.retryInitial(),
            positive(),
            LOW,
            "First backoff after a transient failure.");
    public static final ConfigKey<Double> RETRY_MULTIPLIER = ConfigKey.of(
            "retry.multiplier", DOUBLE, PROCESSOR.retryMultiplier(), atLeast(1), LOW, "Growth of the backoff.");
    public static final ConfigKey<Duration> RETRY_MAX_INTERVAL = ConfigKey.of(
            "retry.max.interval", DURATION, PROCESSOR.maxRetryInterval(), positive(), LOW, "Cap of the backoff.");
    public static final ConfigKey<Double> RETRY_JITTER = ConfigKey.of(
            "retry.jitter", DOUBLE, PROCESSOR.retryJitter(), share(), LOW, "Random share of each backoff.");
    public static final ConfigKey<Duration> TASK_DEADLINE = ConfigKey.of(
            "task.deadline", DURATION, PROCESSOR.taskDeadline(), positive(), HIGH, "From receipt to TIMED_OUT.");
    public static final ConfigKey<Duration> NOT_FOUND_GRACE = ConfigKey.of(
            "task.not.found.grace",
            DURATION,
            PROCESSOR.notFoundGrace(),
            notNegative(),
            LOW,
            "How long a task may answer 404 before TASK_NOT_FOUND.");
    public static final ConfigKey<Duration> UNAUTHORIZED_RETRY = ConfigKey.of(
            "unauthorized.retry",
            DURATION,
            PROCESSOR.unauthorizedRetry(),
            positive(),
            LOW,
            "How long requests wait after a 401 before a new try.");
    public static final ConfigKey<Duration> DUPLICATE_RETENTION = ConfigKey.of(
            "duplicate.retention",
            DURATION,
            PROCESSOR.duplicateRetention(),
            notNegative(),
            MEDIUM,
            "How long a finished request_id is remembered, so a replay is not paid twice.");
    public static final ConfigKey<String> OUTCOME_UNKNOWN_POLICY = ConfigKey.of(
            "submission.outcome.unknown.policy",
            STRING,
            PROCESSOR.outcomeUnknownPolicy().name(),
            Rules.oneOf(OutcomeUnknownPolicy.values()),
            MEDIUM,
            "A task found SUBMITTING after a crash: RESUBMIT (at least once) or FAIL (at most once).");
    public static final ConfigKey<Double> CIRCUIT_FAILURE_RATE = ConfigKey.of(
            "circuit.failure.rate",
            DOUBLE,
            (double) PROCESSOR.circuitFailureRate(),
            Rules.percentage(),
            LOW,
            "Failure percentage that opens the circuit.");
    public static final ConfigKey<Integer> CIRCUIT_WINDOW = ConfigKey.of(
            "circuit.window",
            INT,
            PROCESSOR.circuitWindow(),
            atLeast(1),
            LOW,
            "Calls the failure rate is measured over.");
    public static final ConfigKey<Duration> CIRCUIT_OPEN_TIME = ConfigKey.of(
            "circuit.open.time",
            DURATION,
            PROCESSOR.circuitOpenTime(),
            positive(),
            LOW,
            "How long the circuit stays open before probing.");
    public static final ConfigKey<Integer> CIRCUIT_HALF_OPEN_CALLS = ConfigKey.of(
            "circuit.half.open.calls",
            INT,
            PROCESSOR.circuitHalfOpenCalls(),
            atLeast(1),
            LOW,
            "Probe calls when half-open.");
    public static final ConfigKey<Duration> REGISTRY_PATIENCE = ConfigKey.of(
            "schema.registry.patience",
            DURATION,
            PROCESSOR.registryPatience(),
            notNegative(),
            LOW,
            "How long the stream waits for an unavailable schema registry before its thread is replaced.");

    private ProcessorKeys() {}
}
