package io.seedance.streams.service;

import io.seedance.streams.serde.AvroSerdeConfig;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.ApiKey;
import io.seedance.streams.upstream.SeedanceClientConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * The whole configuration of a service instance, from environment variables and an optional
 * properties file (the environment wins), validated at once: every bad key is reported in one
 * message and nothing starts half-configured. Key {@code a.b.c} is environment variable
 * {@code A_B_C}. Any other {@code KAFKA_*} variable (or {@code kafka.*} property) passes through to
 * the Kafka clients ({@code KAFKA_SECURITY_PROTOCOL} → {@code security.protocol}), as Kafka's own
 * images do. Definitions use Kafka's {@link ConfigDef}: secrets are passwords and never printed.
 */
public final class ServiceConfig {

    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String API_KEY = "seedance.api.key";
    public static final String API_KEY_FILE = "seedance.api.key.file";
    public static final String BASE_URL = "seedance.base.url";
    public static final String CONNECT_TIMEOUT = "seedance.connect.timeout";
    public static final String REQUEST_TIMEOUT = "seedance.request.timeout";
    public static final String APPLICATION_ID = "application.id";
    public static final String ADVERTISED_HOST = "advertised.host";
    public static final String HTTP_PORT = "http.port";
    public static final String STATE_DIR = "state.dir";
    public static final String STATE_MEMORY = "state.memory.mb";
    public static final String TOPIC_REQUESTS = "topics.requests";
    public static final String TOPIC_COMPLETED = "topics.completed";
    public static final String TOPIC_FAILED = "topics.failed";
    public static final String TOPIC_DLQ = "topics.dlq";
    public static final String TOPIC_CALLBACKS = "topics.callbacks";
    public static final String TOPICS_CREATE = "topics.create";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION = "topics.replication.factor";
    public static final String WEBHOOK_BASE_URL = "webhook.base.url";
    public static final String WEBHOOK_SECRET = "webhook.secret";
    public static final String WEBHOOK_SECRET_FILE = "webhook.secret.file";
    public static final String WEBHOOK_PREVIOUS_SECRET = "webhook.previous.secret";
    public static final String WEBHOOK_MAX_BODY = "webhook.max.body.bytes";

    /** Environment variables that start with KAFKA_ but belong to Kafka's scripts, not its clients. */
    private static final Set<String> NOT_CLIENT_SETTINGS = Set.of(
            "KAFKA_HEAP_OPTS",
            "KAFKA_OPTS",
            "KAFKA_JMX_OPTS",
            "KAFKA_LOG4J_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_DEBUG",
            "KAFKA_GC_LOG_OPTS");

    private static final ProcessorConfig DEFAULTS = ProcessorConfig.builder().build();

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    BOOTSTRAP_SERVERS,
                    Type.LIST,
                    ConfigDef.NO_DEFAULT_VALUE,
                    nonEmptyList(),
                    Importance.HIGH,
                    "Kafka bootstrap servers, host:port, comma-separated.")
            .define(
                    SCHEMA_REGISTRY_URL,
                    Type.LIST,
                    ConfigDef.NO_DEFAULT_VALUE,
                    registryUrls(),
                    Importance.HIGH,
                    "Confluent-API schema registry URL(s); mock://<scope> for an in-memory one (the demo).")
            .define(
                    SCHEMA_REGISTRY_USER_INFO,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "user:password for the registry's HTTP basic auth.")
            .define(
                    API_KEY,
                    Type.PASSWORD,
                    null,
                    Importance.HIGH,
                    "The Seedance API key. This or seedance.api.key.file is required.")
            .define(API_KEY_FILE, Type.STRING, null, Importance.HIGH, "A file holding the Seedance API key.")
            .define(
                    BASE_URL,
                    Type.STRING,
                    SeedanceClientConfig.DEFAULT_BASE_URL.toString(),
                    httpUrl(),
                    Importance.MEDIUM,
                    "The Seedance API.")
            .define(CONNECT_TIMEOUT, Type.STRING, "5s", duration(), Importance.LOW, "Connect timeout of API calls.")
            .define(
                    REQUEST_TIMEOUT,
                    Type.STRING,
                    "30s",
                    duration(),
                    Importance.LOW,
                    "Request timeout of API calls; a task whose call is still out is looked at again after twice this.")
            .define(
                    APPLICATION_ID,
                    Type.STRING,
                    "seedance-streams",
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Kafka Streams application id: instances with the same id share the work.")
            .define(
                    ADVERTISED_HOST,
                    Type.STRING,
                    localHost(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "The host name other instances reach this one by (with http.port: application.server).")
            .define(
                    HTTP_PORT,
                    Type.INT,
                    8080,
                    ConfigDef.Range.between(1, 65_535),
                    Importance.MEDIUM,
                    "The port of this instance's HTTP endpoint.")
            .define(
                    STATE_DIR,
                    Type.STRING,
                    Path.of(System.getProperty("java.io.tmpdir"), "seedance-streams")
                            .toString(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Where Kafka Streams keeps its RocksDB stores.")
            .define(
                    STATE_MEMORY,
                    Type.INT,
                    (int) (StoreMemoryBudget.DEFAULT_BUDGET_BYTES >> 20),
                    ConfigDef.Range.between(StoreMemoryBudget.MINIMUM_BUDGET_BYTES >> 20, 1 << 20),
                    Importance.MEDIUM,
                    "Memory in MiB for all RocksDB stores of the process together: block cache, index and filter"
                            + " blocks and memtables (half of it at most).")
            .define(
                    TOPIC_REQUESTS,
                    Type.STRING,
                    Topics.DEFAULT.requests(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Input topic of VideoRequest.")
            .define(
                    TOPIC_COMPLETED,
                    Type.STRING,
                    Topics.DEFAULT.completed(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Output topic of VideoCompleted.")
            .define(
                    TOPIC_FAILED,
                    Type.STRING,
                    Topics.DEFAULT.failed(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Output topic of VideoFailed.")
            .define(
                    TOPIC_DLQ,
                    Type.STRING,
                    Topics.DEFAULT.deadLetters(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Dead-letter topic for undecodable requests.")
            .define(
                    TOPIC_CALLBACKS,
                    Type.STRING,
                    Topics.DEFAULT.callbacks(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Internal topic of webhook signals, co-partitioned with the requests.")
            .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.MEDIUM, "Create missing topics at start.")
            .define(
                    TOPICS_PARTITIONS,
                    Type.INT,
                    6,
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    "Partitions of topics created at start.")
            .define(
                    TOPICS_REPLICATION,
                    Type.SHORT,
                    (short) -1,
                    Importance.MEDIUM,
                    "Replication factor of topics created at start; -1 for the broker's default.")
            .define(
                    "processor.sweep.interval",
                    Type.STRING,
                    "200ms",
                    duration(),
                    Importance.LOW,
                    "How often due work is looked for.")
            .define(
                    "processor.max.due.per.sweep",
                    Type.INT,
                    DEFAULTS.maxDuePerSweep(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Due tasks read per lane per sweep.")
            .define(
                    "upstream.submits.per.minute",
                    Type.INT,
                    DEFAULTS.submitsPerMinute(),
                    ConfigDef.Range.atLeast(1),
                    Importance.HIGH,
                    "Generate calls per minute, global per API key.")
            .define(
                    "upstream.queries.per.minute",
                    Type.INT,
                    DEFAULTS.queriesPerMinute(),
                    ConfigDef.Range.atLeast(1),
                    Importance.HIGH,
                    "Query calls per minute, global per API key.")
            .define(
                    "upstream.max.tasks.in.flight",
                    Type.INT,
                    DEFAULTS.maxTasksInFlight(),
                    ConfigDef.Range.atLeast(1),
                    Importance.HIGH,
                    "Tasks submitted and unfinished upstream, global per API key.")
            .define(
                    "upstream.max.concurrent.calls",
                    Type.INT,
                    DEFAULTS.maxConcurrentCalls(),
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    "HTTP calls in flight at once, per instance.")
            .define(
                    "poll.first.delay",
                    Type.STRING,
                    "30s",
                    duration(),
                    Importance.MEDIUM,
                    "From acceptance to the first query, until the service has learned how long generations take.")
            .define("poll.interval", Type.STRING, "15s", duration(), Importance.MEDIUM, "The second query's delay.")
            .define(
                    "poll.multiplier",
                    Type.DOUBLE,
                    DEFAULTS.pollMultiplier(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Growth of the poll interval.")
            .define("poll.max.interval", Type.STRING, "30s", duration(), Importance.MEDIUM, "Cap of the poll interval.")
            .define(
                    "poll.jitter",
                    Type.DOUBLE,
                    DEFAULTS.pollJitter(),
                    share(),
                    Importance.LOW,
                    "Random share of each poll delay.")
            .define(
                    "retry.initial",
                    Type.STRING,
                    "1s",
                    duration(),
                    Importance.LOW,
                    "First backoff after a transient failure.")
            .define(
                    "retry.multiplier",
                    Type.DOUBLE,
                    DEFAULTS.retryMultiplier(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Growth of the backoff.")
            .define("retry.max.interval", Type.STRING, "1m", duration(), Importance.LOW, "Cap of the backoff.")
            .define(
                    "retry.jitter",
                    Type.DOUBLE,
                    DEFAULTS.retryJitter(),
                    share(),
                    Importance.LOW,
                    "Random share of each backoff.")
            .define("task.deadline", Type.STRING, "6h", duration(), Importance.HIGH, "From receipt to TIMED_OUT.")
            .define(
                    "task.not.found.grace",
                    Type.STRING,
                    "30s",
                    duration(),
                    Importance.LOW,
                    "How long a task may answer 404 before TASK_NOT_FOUND.")
            .define(
                    "unauthorized.retry",
                    Type.STRING,
                    "1m",
                    duration(),
                    Importance.LOW,
                    "How long requests wait after a 401 before a new try.")
            .define(
                    "duplicate.retention",
                    Type.STRING,
                    "24h",
                    duration(),
                    Importance.MEDIUM,
                    "How long a finished request_id is remembered, so a replay is not paid twice.")
            .define(
                    "submission.outcome.unknown.policy",
                    Type.STRING,
                    "RESUBMIT",
                    ConfigDef.CaseInsensitiveValidString.in("RESUBMIT", "FAIL"),
                    Importance.MEDIUM,
                    "A task found SUBMITTING after a crash: RESUBMIT (at least once) or FAIL (at most once).")
            .define(
                    "circuit.failure.rate",
                    Type.DOUBLE,
                    50.0,
                    ConfigDef.Range.between(1, 100),
                    Importance.LOW,
                    "Failure percentage that opens the circuit.")
            .define(
                    "circuit.window",
                    Type.INT,
                    DEFAULTS.circuitWindow(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Calls the failure rate is measured over.")
            .define(
                    "circuit.open.time",
                    Type.STRING,
                    "30s",
                    duration(),
                    Importance.LOW,
                    "How long the circuit stays open before probing.")
            .define(
                    "circuit.half.open.calls",
                    Type.INT,
                    DEFAULTS.circuitHalfOpenCalls(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Probe calls when half-open.")
            .define(
                    WEBHOOK_BASE_URL,
                    Type.STRING,
                    null,
                    optional(httpUrl()),
                    Importance.MEDIUM,
                    "Public base URL of this service's HTTP endpoint, as the upstream reaches it; with a secret it turns"
                            + " webhooks on (each submission carries a signed callback_url).")
            .define(
                    WEBHOOK_SECRET,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "HMAC-SHA256 secret of the callback URLs (at least 16 characters).")
            .define(WEBHOOK_SECRET_FILE, Type.STRING, null, Importance.MEDIUM, "A file holding the webhook secret.")
            .define(
                    WEBHOOK_PREVIOUS_SECRET,
                    Type.PASSWORD,
                    null,
                    Importance.LOW,
                    "The secret before a rotation, still accepted for callbacks of earlier submissions.")
            .define(
                    WEBHOOK_MAX_BODY,
                    Type.INT,
                    65_536,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Largest callback body accepted, in bytes (413 beyond).")
            .define(
                    "poll.first.delay.with.webhooks",
                    Type.STRING,
                    "3m",
                    duration(),
                    Importance.MEDIUM,
                    "From acceptance to the first query when webhooks are on (polling is then the fallback).")
            .define(
                    "webhook.trust.reports",
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "A verified webhook whose body is a finished task ends the task without a query; false: the"
                            + " webhook only makes the task due for a query now.")
            .define(
                    "schema.registry.patience",
                    Type.STRING,
                    "1m",
                    duration(),
                    Importance.LOW,
                    "How long the stream waits for an unavailable schema registry before its thread is replaced.");

    private final Map<String, Object> values;
    private final Map<String, Object> kafkaSettings;

    private ServiceConfig(final Map<String, Object> values, final Map<String, Object> kafkaSettings) {
        this.values = values;
        this.kafkaSettings = kafkaSettings;
    }

    /** Reads {@code properties} (may be empty), then the environment over it, and validates everything. */
    public static ServiceConfig load(final Map<String, String> environment, final Map<String, String> properties) {
        final Map<String, String> raw = new HashMap<>();
        final Map<String, Object> kafka = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (DEFINITION.names().contains(key)) {
                raw.put(key, value);
            } else if (key.startsWith("kafka.")) {
                kafka.put(key.substring("kafka.".length()), value);
            }
        });
        environment.forEach((name, value) -> {
            final String key = name.toLowerCase(Locale.ROOT).replace('_', '.');
            if (DEFINITION.names().contains(key)) {
                raw.put(key, value);
            } else if (name.startsWith("KAFKA_") && !NOT_CLIENT_SETTINGS.contains(name)) {
                kafka.put(key.substring("kafka.".length()), value);
            }
        });
        final List<String> problems = new ArrayList<>();
        for (final ConfigValue value : DEFINITION.validate(raw)) {
            for (final String message : value.errorMessages()) {
                problems.add(describe(value.name()) + ": " + message);
            }
        }
        final boolean hasKey = raw.get(API_KEY) != null && !raw.get(API_KEY).isBlank();
        final boolean hasKeyFile =
                raw.get(API_KEY_FILE) != null && !raw.get(API_KEY_FILE).isBlank();
        if (hasKey == hasKeyFile) {
            problems.add(describe(API_KEY) + " or " + describe(API_KEY_FILE) + ": exactly one is required");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        final ServiceConfig config = new ServiceConfig(DEFINITION.parse(raw), kafka);
        config.checkDerived(problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return config;
    }

    /** A properties file's entries; a missing or unreadable file is a configuration error. */
    public static Map<String, String> readProperties(final Path file) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new InvalidConfigurationException(List.of("properties file " + file + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")"));
        }
        final Map<String, String> entries = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> entries.put(name, properties.getProperty(name)));
        return entries;
    }

    /** The key as a person sets it: {@code name (ENV_NAME)}. */
    static String describe(final String key) {
        return key + " (" + environmentName(key) + ")";
    }

    public static String environmentName(final String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private void checkDerived(final List<String> problems) {
        try {
            apiKey();
        } catch (final IllegalArgumentException e) {
            problems.add(describe(values.get(API_KEY) != null ? API_KEY : API_KEY_FILE) + ": " + e.getMessage());
        }
        final boolean hasBase = values.get(WEBHOOK_BASE_URL) != null
                && !string(WEBHOOK_BASE_URL).isBlank();
        final boolean hasSecret = values.get(WEBHOOK_SECRET) != null || values.get(WEBHOOK_SECRET_FILE) != null;
        if (hasBase != hasSecret) {
            problems.add(describe(WEBHOOK_BASE_URL) + " and " + describe(WEBHOOK_SECRET) + " (or "
                    + describe(WEBHOOK_SECRET_FILE) + "): set both to turn webhooks on, or neither");
        } else {
            try {
                processor();
            } catch (final IllegalArgumentException e) {
                problems.add(
                        hasBase && e.getMessage().contains("secret")
                                ? describe(WEBHOOK_SECRET) + ": " + e.getMessage()
                                : e.getMessage());
            }
        }
        try {
            new AvroSerdeConfig(serdeConfig());
        } catch (final org.apache.kafka.common.config.ConfigException e) {
            problems.add(describe(SCHEMA_REGISTRY_URL) + ": " + e.getMessage());
        }
    }

    public String bootstrapServers() {
        return String.join(",", list(BOOTSTRAP_SERVERS));
    }

    public ApiKey apiKey() {
        final Password key = (Password) values.get(API_KEY);
        return key != null ? ApiKey.of(key.value()) : ApiKey.fromFile(Path.of((String) values.get(API_KEY_FILE)));
    }

    public SeedanceClientConfig clientConfig() {
        return new SeedanceClientConfig(
                URI.create((String) values.get(BASE_URL)),
                apiKey(),
                duration(CONNECT_TIMEOUT),
                duration(REQUEST_TIMEOUT));
    }

    public Map<String, Object> serdeConfig() {
        final Map<String, Object> serde = new HashMap<>();
        serde.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, String.join(",", list(SCHEMA_REGISTRY_URL)));
        final Password userInfo = (Password) values.get(SCHEMA_REGISTRY_USER_INFO);
        if (userInfo != null) {
            serde.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
            serde.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, userInfo.value());
        }
        return serde;
    }

    public Topics topics() {
        return new Topics(
                string(TOPIC_REQUESTS),
                string(TOPIC_COMPLETED),
                string(TOPIC_FAILED),
                string(TOPIC_DLQ),
                string(TOPIC_CALLBACKS));
    }

    public boolean createTopics() {
        return (Boolean) values.get(TOPICS_CREATE);
    }

    public int partitions() {
        return (Integer) values.get(TOPICS_PARTITIONS);
    }

    public Optional<Short> replicationFactor() {
        final short factor = (Short) values.get(TOPICS_REPLICATION);
        return factor < 1 ? Optional.empty() : Optional.of(factor);
    }

    public int httpPort() {
        return (Integer) values.get(HTTP_PORT);
    }

    public ProcessorConfig processor() {
        return ProcessorConfig.builder()
                .sweepInterval(duration("processor.sweep.interval"))
                .maxDuePerSweep((Integer) values.get("processor.max.due.per.sweep"))
                .submitsPerMinute((Integer) values.get("upstream.submits.per.minute"))
                .queriesPerMinute((Integer) values.get("upstream.queries.per.minute"))
                .maxTasksInFlight((Integer) values.get("upstream.max.tasks.in.flight"))
                .maxConcurrentCalls((Integer) values.get("upstream.max.concurrent.calls"))
                .callTimeout(duration(REQUEST_TIMEOUT))
                .firstPollDelay(duration("poll.first.delay"))
                .pollInterval(duration("poll.interval"))
                .pollMultiplier((Double) values.get("poll.multiplier"))
                .maxPollInterval(duration("poll.max.interval"))
                .pollJitter((Double) values.get("poll.jitter"))
                .retryInitial(duration("retry.initial"))
                .retryMultiplier((Double) values.get("retry.multiplier"))
                .maxRetryInterval(duration("retry.max.interval"))
                .retryJitter((Double) values.get("retry.jitter"))
                .taskDeadline(duration("task.deadline"))
                .notFoundGrace(duration("task.not.found.grace"))
                .unauthorizedRetry(duration("unauthorized.retry"))
                .duplicateRetention(duration("duplicate.retention"))
                .outcomeUnknownPolicy(ProcessorConfig.OutcomeUnknownPolicy.valueOf(
                        string("submission.outcome.unknown.policy").toUpperCase(Locale.ROOT)))
                .circuitFailureRate(((Double) values.get("circuit.failure.rate")).floatValue())
                .circuitWindow((Integer) values.get("circuit.window"))
                .circuitOpenTime(duration("circuit.open.time"))
                .circuitHalfOpenCalls((Integer) values.get("circuit.half.open.calls"))
                .registryPatience(duration("schema.registry.patience"))
                .callbacks(callbackSigner())
                .firstPollDelayWithCallbacks(duration("poll.first.delay.with.webhooks"))
                .trustWebhookReports((Boolean) values.get("webhook.trust.reports"))
                .build();
    }

    /** The webhook signer, when a base URL and a secret are configured. */
    public java.util.Optional<io.seedance.streams.topology.CallbackSigner> callbackSigner() {
        final String base = string(WEBHOOK_BASE_URL);
        if (base == null || base.isBlank()) {
            return java.util.Optional.empty();
        }
        final Password secret = (Password) values.get(WEBHOOK_SECRET);
        final String value;
        if (secret != null) {
            value = secret.value();
        } else {
            try {
                value = Files.readString(Path.of(string(WEBHOOK_SECRET_FILE))).strip();
            } catch (final IOException e) {
                throw new IllegalArgumentException(
                        "cannot read the webhook secret file (" + e.getClass().getSimpleName() + ")");
            }
        }
        final Password previous = (Password) values.get(WEBHOOK_PREVIOUS_SECRET);
        return java.util.Optional.of(new io.seedance.streams.topology.CallbackSigner(
                URI.create(base.strip()),
                value,
                java.util.Optional.ofNullable(previous).map(Password::value)));
    }

    public int webhookMaxBodyBytes() {
        return (Integer) values.get(WEBHOOK_MAX_BODY);
    }

    /** Everything the service instance needs. */
    public io.seedance.streams.service.SeedanceService.Settings serviceSettings() {
        return new SeedanceService.Settings(
                string(APPLICATION_ID),
                bootstrapServers(),
                string(ADVERTISED_HOST) + ":" + httpPort(),
                Path.of(string(STATE_DIR)),
                (long) (Integer) values.get(STATE_MEMORY) << 20,
                topics(),
                serdeConfig(),
                processor(),
                kafkaSettings);
    }

    /** The pass-through Kafka client settings. */
    public Map<String, Object> kafkaSettings() {
        return Map.copyOf(kafkaSettings);
    }

    private String string(final String key) {
        return (String) values.get(key);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(final String key) {
        return ((List<String>) values.get(key)).stream().map(String::trim).toList();
    }

    private Duration duration(final String key) {
        return Durations.parse(string(key));
    }

    private static ConfigDef.Validator duration() {
        return (name, value) -> {
            if (value != null) {
                try {
                    final Duration parsed = Durations.parse((String) value);
                    if (parsed.isNegative()) {
                        throw new IllegalArgumentException("must not be negative");
                    }
                } catch (final IllegalArgumentException e) {
                    throw new org.apache.kafka.common.config.ConfigException(name, value, e.getMessage());
                }
            }
        };
    }

    private static ConfigDef.Validator share() {
        return (name, value) -> {
            final double share = (Double) value;
            if (!(share >= 0 && share < 1)) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, "must be at least 0 and below 1");
            }
        };
    }

    private static ConfigDef.Validator nonEmptyList() {
        return (name, value) -> {
            // A missing value is reported by ConfigDef itself; this catches an empty one.
            if (value != null && ((List<?>) value).isEmpty()) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, "must not be empty");
            }
        };
    }

    /** Each entry an http(s) URL with a host, or {@code mock://<scope>} for the in-memory registry. */
    private static ConfigDef.Validator registryUrls() {
        return (name, value) -> {
            nonEmptyList().ensureValid(name, value);
            if (value != null) {
                for (final Object entry : (List<?>) value) {
                    final String url = String.valueOf(entry).trim();
                    if (!url.startsWith("mock://") && !isHttpUrl(url)) {
                        throw new org.apache.kafka.common.config.ConfigException(
                                name,
                                url,
                                "must be http(s)://host[:port] (or mock://<scope> for an in-memory registry)");
                    }
                }
            }
        };
    }

    private static ConfigDef.Validator httpUrl() {
        return (name, value) -> {
            if (!(value instanceof String url) || !isHttpUrl(url.strip())) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, "must be an http(s) URL");
            }
        };
    }

    /** Checks what is set; an unset or blank value is the key's "off". */
    private static ConfigDef.Validator optional(final ConfigDef.Validator validator) {
        return (name, value) -> {
            if (value != null && !String.valueOf(value).isBlank()) {
                validator.ensureValid(name, value);
            }
        };
    }

    private static boolean isHttpUrl(final String value) {
        try {
            final URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (final java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (final UnknownHostException e) {
            return "localhost";
        }
    }

    /** Every bad key, each with the reason; the message lists them one per line. */
    public static final class InvalidConfigurationException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        InvalidConfigurationException(final List<String> problems) {
            super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
