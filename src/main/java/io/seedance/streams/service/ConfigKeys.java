package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKey.Kind.BOOLEAN;
import static io.seedance.streams.service.ConfigKey.Kind.DOUBLE;
import static io.seedance.streams.service.ConfigKey.Kind.DURATION;
import static io.seedance.streams.service.ConfigKey.Kind.INT;
import static io.seedance.streams.service.ConfigKey.Kind.LIST;
import static io.seedance.streams.service.ConfigKey.Kind.PASSWORD;
import static io.seedance.streams.service.ConfigKey.Kind.SHORT;
import static io.seedance.streams.service.ConfigKey.Kind.STRING;
import static io.seedance.streams.service.Rules.atLeast;
import static io.seedance.streams.service.Rules.between;
import static io.seedance.streams.service.Rules.nonEmpty;
import static io.seedance.streams.service.Rules.notNegative;
import static io.seedance.streams.service.Rules.positive;
import static io.seedance.streams.service.Rules.share;
import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.ProcessorConfig.OutcomeUnknownPolicy;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.SeedanceClientConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Every configuration key of {@code run}, in the order of the reference table. Defaults are the
 * typed defaults of the records the code builds ({@link ProcessorConfig}, {@link
 * SeedanceClientConfig}, {@link Topics}), never a copy of them.
 */
public final class ConfigKeys {

    private static final ProcessorConfig PROCESSOR = ProcessorConfig.builder().build();

    public static final ConfigKey<List<String>> BOOTSTRAP_SERVERS = ConfigKey.required(
            "kafka.bootstrap.servers",
            LIST,
            Rules.nonEmptyList(),
            HIGH,
            "Kafka bootstrap servers, host:port, comma-separated.");
    public static final ConfigKey<List<String>> SCHEMA_REGISTRY_URL = ConfigKey.required(
            "schema.registry.url",
            LIST,
            Rules.registryUrls(),
            HIGH,
            "Confluent-API schema registry URL(s); mock://<scope> for an in-memory one (the demo).");
    public static final ConfigKey<Password> SCHEMA_REGISTRY_USER_INFO = ConfigKey.of(
            "schema.registry.basic.auth.user.info",
            PASSWORD,
            null,
            null,
            MEDIUM,
            "user:password for the registry's HTTP basic auth.");
    public static final ConfigKey<Password> API_KEY = ConfigKey.of(
            "seedance.api.key",
            PASSWORD,
            null,
            null,
            HIGH,
            "The Seedance API key. This or seedance.api.key.file is required.");
    public static final ConfigKey<String> API_KEY_FILE =
            ConfigKey.of("seedance.api.key.file", STRING, null, null, HIGH, "A file holding the Seedance API key.");
    public static final ConfigKey<String> BASE_URL = ConfigKey.of(
            "seedance.base.url",
            STRING,
            SeedanceClientConfig.DEFAULT_BASE_URL.toString(),
            Rules.httpUrl(),
            MEDIUM,
            "The Seedance API.");
    public static final ConfigKey<Duration> CONNECT_TIMEOUT = ConfigKey.of(
            "seedance.connect.timeout",
            DURATION,
            SeedanceClientConfig.DEFAULT_CONNECT_TIMEOUT,
            positive(),
            LOW,
            "Connect timeout of API calls.");
    public static final ConfigKey<Duration> REQUEST_TIMEOUT = ConfigKey.of(
            "seedance.request.timeout",
            DURATION,
            SeedanceClientConfig.DEFAULT_REQUEST_TIMEOUT,
            positive(),
            LOW,
            "Request timeout of API calls; a task whose call is still out is looked at again after twice this.");
    public static final ConfigKey<String> APPLICATION_ID = ConfigKey.of(
            "application.id",
            STRING,
            "seedance-streams",
            nonEmpty(),
            HIGH,
            "Kafka Streams application id: instances with the same id share the work.");
    public static final ConfigKey<String> ADVERTISED_HOST = ConfigKey.of(
                    "advertised.host",
                    STRING,
                    localHost(),
                    nonEmpty(),
                    MEDIUM,
                    "The host name other instances reach this one by (with http.port: application.server).")
            .documentedDefault("the host name");
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of(
            "http.port", INT, 8080, between(1, 65_535), MEDIUM, "The port of this instance's HTTP endpoint.");
    public static final ConfigKey<String> STATE_DIR = ConfigKey.of(
                    "state.dir",
                    STRING,
                    Path.of(System.getProperty("java.io.tmpdir"), "seedance-streams")
                            .toString(),
                    nonEmpty(),
                    MEDIUM,
                    "Where Kafka Streams keeps its RocksDB stores.")
            .documentedDefault("`<tmp>/seedance-streams`");
    public static final ConfigKey<Integer> STATE_MEMORY = ConfigKey.of(
            "state.memory.mb",
            INT,
            (int) (StoreMemoryBudget.DEFAULT_BUDGET_BYTES >> 20),
            between(StoreMemoryBudget.MINIMUM_BUDGET_BYTES >> 20, 1 << 20),
            MEDIUM,
            "Memory in MiB for all RocksDB stores of the process together: block cache, index and filter blocks"
                    + " and memtables (half of it at most). Without a bound Kafka Streams gives each of the two stores"
                    + " per partition its own 50 MB cache and 48 MB of memtables.");
    public static final ConfigKey<String> TOPIC_REQUESTS =
            topic("topics.requests", Topics.DEFAULT.requests(), "Input topic of VideoRequest.");
    public static final ConfigKey<String> TOPIC_COMPLETED =
            topic("topics.completed", Topics.DEFAULT.completed(), "Output topic of VideoCompleted.");
    public static final ConfigKey<String> TOPIC_FAILED =
            topic("topics.failed", Topics.DEFAULT.failed(), "Output topic of VideoFailed.");
    public static final ConfigKey<String> TOPIC_DLQ =
            topic("topics.dlq", Topics.DEFAULT.deadLetters(), "Dead-letter topic for undecodable requests.");
    public static final ConfigKey<String> TOPIC_CALLBACKS = topic(
            "topics.callbacks",
            Topics.DEFAULT.callbacks(),
            "Internal topic of webhook signals, co-partitioned with the requests.");
    public static final ConfigKey<Boolean> TOPICS_CREATE =
            ConfigKey.of("topics.create", BOOLEAN, true, null, MEDIUM, "Create missing topics at start.");
    public static final ConfigKey<Integer> TOPICS_PARTITIONS = ConfigKey.of(
            "topics.partitions",
            INT,
            6,
            atLeast(1),
            MEDIUM,
            "Partitions of topics created at start when the requests topic does not exist yet; otherwise they take"
                    + " the requests topic's count.");
    public static final ConfigKey<Short> TOPICS_REPLICATION = ConfigKey.of(
            "topics.replication.factor",
            SHORT,
            (short) -1,
            null,
            MEDIUM,
            "Replication factor of topics created at start; -1 for the broker's default.");
    public static final ConfigKey<Duration> STARTUP_TIMEOUT = ConfigKey.of(
            "startup.timeout",
            DURATION,
            Duration.ofMinutes(1),
            positive(),
            MEDIUM,
            "How long start-up waits for the Kafka cluster to answer before it gives up (exit 1).");
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
    public static final ConfigKey<String> WEBHOOK_BASE_URL = ConfigKey.of(
            "webhook.base.url",
            STRING,
            null,
            Rules.optional(Rules.httpUrl()),
            MEDIUM,
            "Public base URL of this service's HTTP endpoint, as the upstream reaches it; with a secret it turns"
                    + " webhooks on (each submission carries a signed callback_url).");
    public static final ConfigKey<Password> WEBHOOK_SECRET = ConfigKey.of(
            "webhook.secret",
            PASSWORD,
            null,
            Rules.secretOfAtLeast(16),
            MEDIUM,
            "HMAC-SHA256 secret of the callback URLs (at least 16 characters).");
    public static final ConfigKey<String> WEBHOOK_SECRET_FILE =
            ConfigKey.of("webhook.secret.file", STRING, null, null, MEDIUM, "A file holding the webhook secret.");
    public static final ConfigKey<Password> WEBHOOK_PREVIOUS_SECRET = ConfigKey.of(
            "webhook.previous.secret",
            PASSWORD,
            null,
            null,
            LOW,
            "The secret before a rotation, still accepted for callbacks of earlier submissions.");
    public static final ConfigKey<Integer> WEBHOOK_MAX_BODY = ConfigKey.of(
            "webhook.max.body.bytes",
            INT,
            65_536,
            atLeast(1),
            LOW,
            "Largest callback body accepted, in bytes (413 beyond).");
    public static final ConfigKey<Duration> WEBHOOK_FIRST_POLL_DELAY = ConfigKey.of(
            "webhook.poll.first.delay",
            DURATION,
            PROCESSOR.firstPollDelayWithCallbacks(),
            notNegative(),
            MEDIUM,
            "From acceptance to the first query when webhooks are on (polling is then the fallback). Formerly"
                    + " poll.first.delay.with.webhooks (POLL_FIRST_DELAY_WITH_WEBHOOKS), which is still read.");
    public static final ConfigKey<Boolean> WEBHOOK_TRUST_REPORTS = ConfigKey.of(
            "webhook.trust.reports",
            BOOLEAN,
            PROCESSOR.trustWebhookReports(),
            null,
            LOW,
            "A verified webhook whose body is a finished task ends the task without a query; false: the webhook"
                    + " only makes the task due for a query now.");
    public static final ConfigKey<Duration> REGISTRY_PATIENCE = ConfigKey.of(
            "schema.registry.patience",
            DURATION,
            PROCESSOR.registryPatience(),
            notNegative(),
            LOW,
            "How long the stream waits for an unavailable schema registry before its thread is replaced.");

    /** Every key, in the reference table's order. */
    public static final List<ConfigKey<?>> ALL = List.of(
            BOOTSTRAP_SERVERS,
            SCHEMA_REGISTRY_URL,
            SCHEMA_REGISTRY_USER_INFO,
            API_KEY,
            API_KEY_FILE,
            BASE_URL,
            CONNECT_TIMEOUT,
            REQUEST_TIMEOUT,
            APPLICATION_ID,
            ADVERTISED_HOST,
            HTTP_PORT,
            STATE_DIR,
            STATE_MEMORY,
            TOPIC_REQUESTS,
            TOPIC_COMPLETED,
            TOPIC_FAILED,
            TOPIC_DLQ,
            TOPIC_CALLBACKS,
            TOPICS_CREATE,
            TOPICS_PARTITIONS,
            TOPICS_REPLICATION,
            STARTUP_TIMEOUT,
            SWEEP_INTERVAL,
            MAX_DUE_PER_SWEEP,
            SUBMITS_PER_MINUTE,
            QUERIES_PER_MINUTE,
            MAX_TASKS_IN_FLIGHT,
            MAX_CONCURRENT_CALLS,
            POLL_FIRST_DELAY,
            POLL_INTERVAL,
            POLL_MULTIPLIER,
            POLL_MAX_INTERVAL,
            POLL_JITTER,
            RETRY_INITIAL,
            RETRY_MULTIPLIER,
            RETRY_MAX_INTERVAL,
            RETRY_JITTER,
            TASK_DEADLINE,
            NOT_FOUND_GRACE,
            UNAUTHORIZED_RETRY,
            DUPLICATE_RETENTION,
            OUTCOME_UNKNOWN_POLICY,
            CIRCUIT_FAILURE_RATE,
            CIRCUIT_WINDOW,
            CIRCUIT_OPEN_TIME,
            CIRCUIT_HALF_OPEN_CALLS,
            WEBHOOK_BASE_URL,
            WEBHOOK_SECRET,
            WEBHOOK_SECRET_FILE,
            WEBHOOK_PREVIOUS_SECRET,
            WEBHOOK_MAX_BODY,
            WEBHOOK_FIRST_POLL_DELAY,
            WEBHOOK_TRUST_REPORTS,
            REGISTRY_PATIENCE);

    /** Former names still read, each for the key that replaced it (the current name wins when both are set). */
    static final Map<String, ConfigKey<?>> FORMER_NAMES =
            Map.of("poll.first.delay.with.webhooks", WEBHOOK_FIRST_POLL_DELAY);

    private ConfigKeys() {}

    /** Kafka's definition of every key: parses, validates, and never prints a password. */
    static ConfigDef definition() {
        final ConfigDef definition = new ConfigDef();
        ALL.forEach(key -> key.defineIn(definition));
        return definition;
    }

    /** The reference table of docs/configuration.md, made from the declarations above. */
    public static String referenceTable() {
        final StringBuilder table =
                new StringBuilder("| key | environment variable | default | meaning |\n|---|---|---|---|\n");
        for (final ConfigKey<?> key : ALL) {
            table.append("| `")
                    .append(key.name())
                    .append("` | `")
                    .append(key.environmentVariable())
                    .append("` | ")
                    .append(key.defaultText())
                    .append(" | ")
                    .append(key.documentation().replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (final UnknownHostException e) {
            return "localhost";
        }
    }

    private static ConfigKey<String> topic(final String name, final String defaultName, final String documentation) {
        return ConfigKey.of(name, STRING, defaultName, nonEmpty(), MEDIUM, documentation);
    }
}
