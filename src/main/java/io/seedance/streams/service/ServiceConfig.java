package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKeys.*;
import static io.seedance.streams.service.ProcessorKeys.*;
import static io.seedance.streams.service.WebhookKeys.*;

import io.seedance.streams.serde.AvroSerdeConfig;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.topology.CallbackSigner;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.ApiKey;
import io.seedance.streams.upstream.SeedanceClientConfig;
import io.seedance.streams.upstream.TrustedCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole configuration of a service instance, from environment variables and an optional
 * properties file (the environment wins), validated at once: every bad key is reported in one
 * message, by key and environment variable, and nothing starts half-configured. The keys are
 * declared in {@link ConfigKeys} and {@link ProcessorKeys}, read from the {@link ConfigSources}.
 * Secrets are passwords and never printed.
 */
public final class ServiceConfig {

    static final ConfigDef DEFINITION = ConfigKeys.definition();

    private final Map<String, Object> values;
    private final Map<String, Object> kafkaSettings;
    private final ApiKey apiKey;
    /** {@code SEEDANCE_CA_FILE}'s authorities, for the API (alone) and the video links (with the JDK's). */
    private final Optional<TrustedCertificates> trusted;
    /** {@code STORAGE_S3_CA_FILE}'s authorities, for the S3 endpoint. */
    private final Optional<TrustedCertificates> s3Trusted;

    private final Optional<CallbackSigner> webhooks;

    private ServiceConfig(
            final Map<String, Object> values,
            final Map<String, Object> kafkaSettings,
            final ApiKey apiKey,
            final Optional<TrustedCertificates> trusted,
            final Optional<TrustedCertificates> s3Trusted,
            final Optional<CallbackSigner> webhooks) {
        this.values = values;
        this.kafkaSettings = kafkaSettings;
        this.apiKey = apiKey;
        this.trusted = trusted;
        this.s3Trusted = s3Trusted;
        this.webhooks = webhooks;
    }

    /** Reads {@code properties} (may be empty), then the environment over it, and validates everything. */
    public static ServiceConfig load(final Map<String, String> environment, final Map<String, String> properties) {
        final ConfigSources.Read read = ConfigSources.read(environment, properties);
        final Map<String, String> raw = read.raw();

        final List<String> problems = problems(DEFINITION, raw);
        if (isSet(raw, API_KEY) == isSet(raw, API_KEY_FILE)) {
            problems.add(API_KEY.describe() + " or " + API_KEY_FILE.describe() + ": exactly one is required");
        }
        final boolean webhookBase = isSet(raw, WEBHOOK_BASE_URL);
        if (webhookBase != (isSet(raw, WEBHOOK_SECRET) || isSet(raw, WEBHOOK_SECRET_FILE))) {
            problems.add(WEBHOOK_BASE_URL.describe() + " and " + WEBHOOK_SECRET.describe() + " (or "
                    + WEBHOOK_SECRET_FILE.describe() + "): set both to turn webhooks on, or neither");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        final Map<String, Object> values = DEFINITION.parse(raw);
        checkReservedSeats(values, problems);
        StorageKeys.check(values, problems);
        RegistryKeys.check(values, problems);
        final ApiKey apiKey = ConfigFiles.apiKey(values, problems);
        final Optional<TrustedCertificates> trusted = ConfigFiles.trustedCertificates(CA_FILE, values, problems);
        final Optional<TrustedCertificates> s3Trusted =
                ConfigFiles.trustedCertificates(StorageKeys.S3_CA_FILE, values, problems);
        final Optional<CallbackSigner> webhooks =
                webhookBase ? ConfigFiles.webhookSigner(values, problems) : Optional.empty();
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new ServiceConfig(values, read.kafka(), apiKey, trusted, s3Trusted, webhooks);
    }

    /** What {@code definition}'s rules find wrong in {@code raw}, a line per problem naming its key. */
    static List<String> problems(final ConfigDef definition, final Map<String, String> raw) {
        final List<String> problems = new ArrayList<>();
        for (final ConfigValue value : definition.validate(raw)) {
            for (final String message : value.errorMessages()) {
                problems.add(describe(value.name()) + ": " + plain(value.name(), message));
            }
        }
        return problems;
    }

    /** The levels' reserved seats cannot add up to more than all the seats. */
    private static void checkReservedSeats(final Map<String, Object> values, final List<String> problems) {
        final int total = SchedulerKeys.RESERVED_SEATS.values().stream()
                .mapToInt(key -> key.read(values))
                .sum();
        if (total > 100) {
            problems.add(SchedulerKeys.RESERVED_SEATS.values().stream()
                            .map(ConfigKey::describe)
                            .collect(Collectors.joining(", "))
                    + ": add up to " + total + "%, more than 100%");
        }
    }

    /** Kafka's "Invalid value V for configuration K: why" as "why (got V)": the key is named already. */
    private static String plain(final String key, final String message) {
        final Matcher kafka = Pattern.compile(
                        "Invalid value (.*) for configuration " + Pattern.quote(key) + ": (.*)", Pattern.DOTALL)
                .matcher(message);
        return kafka.matches() ? kafka.group(2) + " (got " + kafka.group(1) + ")" : message;
    }

    private static boolean isSet(final Map<String, String> raw, final ConfigKey<?> key) {
        return raw.get(key.name()) != null && !raw.get(key.name()).isBlank();
    }

    /** The key as a person sets it: {@code name (ENV_NAME)}. */
    static String describe(final String key) {
        return key + " (" + environmentName(key) + ")";
    }

    public static String environmentName(final String key) {
        return ConfigKey.environmentVariable(key);
    }

    /** The value of {@code key}, typed. */
    public <T> T get(final ConfigKey<T> key) {
        return key.read(values);
    }

    public String bootstrapServers() {
        return String.join(",", get(BOOTSTRAP_SERVERS));
    }

    public ApiKey apiKey() {
        return apiKey;
    }

    public SeedanceClientConfig clientConfig() {
        return new SeedanceClientConfig(
                URI.create(get(BASE_URL)), apiKey, get(CONNECT_TIMEOUT), get(REQUEST_TIMEOUT), trusted);
    }

    public Map<String, Object> serdeConfig() {
        final Map<String, Object> serde = new HashMap<>();
        serde.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, String.join(",", get(SCHEMA_REGISTRY_URL)));
        final Password userInfo = get(SCHEMA_REGISTRY_USER_INFO);
        if (userInfo != null) {
            serde.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
            serde.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, userInfo.value());
        }
        RegistryKeys.putInto(serde, values);
        return serde;
    }

    public Topics topics() {
        return TopicKeys.topics(values);
    }

    public boolean createTopics() {
        return get(TOPICS_CREATE);
    }

    public int partitions() {
        return get(TOPICS_PARTITIONS);
    }

    public Optional<Short> replicationFactor() {
        final short factor = get(TOPICS_REPLICATION);
        return factor < 1 ? Optional.empty() : Optional.of(factor);
    }

    public Duration startupTimeout() {
        return get(STARTUP_TIMEOUT);
    }

    public int httpPort() {
        return get(HTTP_PORT);
    }

    public ProcessorConfig processor() {
        return ProcessorConfig.builder()
                .sweepInterval(get(SWEEP_INTERVAL))
                .maxDuePerSweep(get(MAX_DUE_PER_SWEEP))
                .submitsPerMinute(get(SUBMITS_PER_MINUTE))
                .queriesPerMinute(get(QUERIES_PER_MINUTE))
                .maxTasksInFlight(get(MAX_TASKS_IN_FLIGHT))
                .maxConcurrentCalls(get(MAX_CONCURRENT_CALLS))
                .callTimeout(get(REQUEST_TIMEOUT))
                .firstPollDelay(get(POLL_FIRST_DELAY))
                .pollInterval(get(POLL_INTERVAL))
                .pollMultiplier(get(POLL_MULTIPLIER))
                .maxPollInterval(get(POLL_MAX_INTERVAL))
                .pollJitter(get(POLL_JITTER))
                .retryInitial(get(RETRY_INITIAL))
                .retryMultiplier(get(RETRY_MULTIPLIER))
                .maxRetryInterval(get(RETRY_MAX_INTERVAL))
                .retryJitter(get(RETRY_JITTER))
                .taskDeadline(get(TASK_DEADLINE))
                .notFoundGrace(get(NOT_FOUND_GRACE))
                .unauthorizedRetry(get(UNAUTHORIZED_RETRY))
                .duplicateRetention(get(DUPLICATE_RETENTION))
                .outcomeUnknownPolicy(ProcessorConfig.OutcomeUnknownPolicy.valueOf(
                        get(OUTCOME_UNKNOWN_POLICY).toUpperCase(Locale.ROOT)))
                .circuitFailureRate(get(CIRCUIT_FAILURE_RATE).floatValue())
                .circuitWindow(get(CIRCUIT_WINDOW))
                .circuitOpenTime(get(CIRCUIT_OPEN_TIME))
                .circuitHalfOpenCalls(get(CIRCUIT_HALF_OPEN_CALLS))
                .registryPatience(get(REGISTRY_PATIENCE))
                .callbacks(webhooks)
                .firstPollDelayWithCallbacks(get(WEBHOOK_FIRST_POLL_DELAY))
                .trustWebhookReports(get(WEBHOOK_TRUST_REPORTS))
                .levels(SchedulerKeys.levels(this::get))
                .tenantDefaults(SchedulerKeys.tenantDefaults(this::get))
                .tenantLabels(get(SchedulerKeys.TENANT_LABELS))
                .prices(SchedulerKeys.prices(this::get))
                .storageGiveUpAfter(get(StorageKeys.STORAGE_GIVE_UP_AFTER))
                .build();
    }

    /** The video copier, when {@code storage.type} is not {@code none}: it copies each video before its event. */
    public Optional<VideoCopier> videoCopier() {
        return StorageKeys.copier(
                key -> get(key),
                Path.of(get(STATE_DIR)),
                "http://" + get(ADVERTISED_HOST) + ":" + httpPort(),
                trusted.map(authorities -> authorities.withJdkAuthorities().sslContext()),
                s3Trusted);
    }

    /** The webhook signer, when a base URL and a secret are configured. */
    public Optional<CallbackSigner> callbackSigner() {
        return webhooks;
    }

    public int webhookMaxBodyBytes() {
        return get(WEBHOOK_MAX_BODY);
    }

    /** Everything the service instance needs; a pass-through {@code KAFKA_*} setting wins over a key's. */
    public SeedanceService.Settings serviceSettings() {
        final Map<String, Object> streams = new HashMap<>();
        streams.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, get(STANDBY_REPLICAS));
        streams.putAll(kafkaSettings);
        return new SeedanceService.Settings(
                get(APPLICATION_ID),
                bootstrapServers(),
                get(ADVERTISED_HOST) + ":" + httpPort(),
                Path.of(get(STATE_DIR)),
                (long) get(STATE_MEMORY) << 20,
                topics(),
                serdeConfig(),
                processor(),
                streams);
    }

    /** The pass-through Kafka client settings. */
    public Map<String, Object> kafkaSettings() {
        return Map.copyOf(kafkaSettings);
    }
}
