package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKey.Kind.BOOLEAN;
import static io.seedance.streams.service.ConfigKey.Kind.DURATION;
import static io.seedance.streams.service.ConfigKey.Kind.INT;
import static io.seedance.streams.service.ConfigKey.Kind.LIST;
import static io.seedance.streams.service.ConfigKey.Kind.PASSWORD;
import static io.seedance.streams.service.ConfigKey.Kind.SHORT;
import static io.seedance.streams.service.ConfigKey.Kind.STRING;
import static io.seedance.streams.service.ProcessorKeys.*;
import static io.seedance.streams.service.Rules.atLeast;
import static io.seedance.streams.service.Rules.between;
import static io.seedance.streams.service.Rules.nonEmpty;
import static io.seedance.streams.service.Rules.positive;
import static io.seedance.streams.service.TopicKeys.*;
import static io.seedance.streams.service.WebhookKeys.*;
import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.SeedanceClientConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
    public static final ConfigKey<String> CA_FILE = ConfigKey.of(
            "seedance.ca.file",
            STRING,
            null,
            null,
            MEDIUM,
            "A PEM file of the certificate authorities to trust for the Seedance API's TLS certificate, instead of"
                    + " the JDK's own (a private CA, a TLS-inspecting proxy, the simulator over HTTPS); the hosts of"
                    + " the videos it links to, when STORAGE_TYPE copies them, are trusted by these and the JDK's.");
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
    public static final ConfigKey<Integer> STANDBY_REPLICAS = ConfigKey.of(
            "standby.replicas",
            INT,
            1,
            between(0, 10),
            MEDIUM,
            "Copies of each partition's stores kept up to date on other instances (Kafka Streams"
                    + " num.standby.replicas): when an instance fails, its partitions resume where a copy is, without"
                    + " restoring the changelog first. Each copy costs another instance the store's disk and a share of"
                    + " its state.memory.mb; with one instance there is nowhere to keep one, and nothing changes.");
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
    /** Every key, in the reference table's order. */
    public static final List<ConfigKey<?>> ALL = Stream.of(
                    List.<ConfigKey<?>>of(
                            BOOTSTRAP_SERVERS,
                            SCHEMA_REGISTRY_URL,
                            SCHEMA_REGISTRY_USER_INFO,
                            API_KEY,
                            API_KEY_FILE,
                            BASE_URL,
                            CA_FILE,
                            CONNECT_TIMEOUT,
                            REQUEST_TIMEOUT,
                            APPLICATION_ID,
                            ADVERTISED_HOST,
                            HTTP_PORT,
                            STATE_DIR,
                            STATE_MEMORY,
                            STANDBY_REPLICAS),
                    TopicKeys.NAMES,
                    List.<ConfigKey<?>>of(
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
                            REGISTRY_PATIENCE),
                    SchedulerKeys.ALL,
                    StorageKeys.ALL,
                    RegistryKeys.ALL)
            .flatMap(List::stream)
            .toList();

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
}
