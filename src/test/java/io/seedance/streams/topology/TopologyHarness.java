package io.seedance.streams.topology;

import io.seedance.streams.schemas.BudgetAlert;
import io.seedance.streams.schemas.VideoCancellation;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroSerde;
import io.seedance.streams.serde.InMemorySchemaRegistry;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The topology in Kafka's test driver, with an in-memory registry, a scripted upstream and a mock wall clock. */
final class TopologyHarness implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    /** The gate's clock, moved with the driver's wall clock: the upstream's rates run on mock time. */
    final TestClock clock = new TestClock(START);

    final ScriptedApi api = new ScriptedApi();
    final ProcessorMetrics metrics = new ProcessorMetrics(clock);
    final UpstreamGate gate;
    final DispatchOrder order;
    final ProcessorConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<String, VideoRequest> requests;
    final TestOutputTopic<String, VideoCompleted> completed;
    final TestOutputTopic<String, VideoFailed> failed;
    final TestInputTopic<String, byte[]> callbacks;
    final TestInputTopic<String, byte[]> tenants;
    final TestInputTopic<String, VideoCancellation> cancellations;
    final TestOutputTopic<String, BudgetAlert> alerts;
    private final String scope = "topology-" + UUID.randomUUID();
    private long now = START.toEpochMilli();

    TopologyHarness(final ProcessorConfig config) {
        this(config, Optional.empty());
    }

    /** With {@code copier} copying succeeded videos to its store. */
    TopologyHarness(final ProcessorConfig config, final Optional<VideoCopier> copier) {
        this.config = config;
        this.gate = new UpstreamGate(config, clock);
        this.order = new DispatchOrder(
                config.sweepInterval(),
                config.levels(),
                new TenantQuotas(
                        new TenantPolicies(config.tenantDefaults()), config.sweepInterval(), clock, metrics.tenants()));
        final Map<String, String> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "seedance-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(
                SeedanceTopology.build(
                        Topics.DEFAULT,
                        serdeConfig,
                        config,
                        api,
                        gate,
                        order,
                        metrics,
                        copier,
                        SubmissionHandover.NONE),
                props,
                START);
        requests = driver.createInputTopic(
                Topics.DEFAULT.requests(),
                Serdes.String().serializer(),
                configured(AvroSerde.specific(VideoRequest.class), serdeConfig).serializer());
        completed = driver.createOutputTopic(
                Topics.DEFAULT.completed(),
                Serdes.String().deserializer(),
                configured(AvroSerde.specific(VideoCompleted.class), serdeConfig)
                        .deserializer());
        callbacks = driver.createInputTopic(
                Topics.DEFAULT.callbacks(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tenants = driver.createInputTopic(
                Topics.DEFAULT.tenants(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        cancellations = driver.createInputTopic(
                Topics.DEFAULT.cancellations(),
                Serdes.String().serializer(),
                configured(AvroSerde.specific(VideoCancellation.class), serdeConfig)
                        .serializer());
        alerts = driver.createOutputTopic(
                Topics.DEFAULT.alerts(),
                Serdes.String().deserializer(),
                configured(AvroSerde.specific(BudgetAlert.class), serdeConfig).deserializer());
        failed = driver.createOutputTopic(
                Topics.DEFAULT.failed(),
                Serdes.String().deserializer(),
                configured(AvroSerde.specific(VideoFailed.class), serdeConfig).deserializer());
    }

    /** Defaults that let tests drive time: rates that never hold a test's few requests back, no jitter. */
    static ProcessorConfigBuilder testConfig() {
        return ProcessorConfig.builder()
                .sweepInterval(Duration.ofMillis(200))
                .submitsPerMinute(60_000)
                .queriesPerMinute(60_000)
                .pollJitter(0)
                .retryJitter(0);
    }

    /** A record of the tenants topic: a policy in JSON, or null to give the tenant the defaults again. */
    void tenantPolicy(final String tenant, final String json) {
        tenants.pipeInput(tenant, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    void send(final VideoRequest request) {
        requests.pipeInput(request.getRequestId(), request);
    }

    /** A cancellation of {@code requestId}, naming {@code tenant} (null: any) and {@code reason}. */
    void cancel(final String requestId, final String tenant, final String reason) {
        cancellations.pipeInput(
                requestId,
                VideoCancellation.newBuilder()
                        .setRequestId(requestId)
                        .setTenant(tenant)
                        .setReason(reason)
                        .build());
    }

    /** Lets {@code sweeps} punctuations happen, one sweep interval apart. */
    void sweep(final int sweeps) {
        for (int i = 0; i < sweeps; i++) {
            clock.advance(config.sweepInterval());
            driver.advanceWallClockTime(config.sweepInterval());
            now += config.sweepInterval().toMillis();
        }
    }

    void advance(final Duration duration) {
        final long steps =
                Math.max(1, duration.toMillis() / config.sweepInterval().toMillis());
        sweep((int) steps);
    }

    /** The mock wall clock. */
    long now() {
        return now;
    }

    Task task(final String requestId) {
        return driver.<String, Task>getKeyValueStore(SeedanceTopology.TASK_STORE)
                .get(requestId);
    }

    /** The reservations of the tenant's budget ledger, by request id. */
    Map<String, Long> reservations(final String tenant) {
        final Map<String, Long> found = new java.util.TreeMap<>();
        try (org.apache.kafka.streams.state.KeyValueIterator<String, Long> all = driver.<String, Long>getKeyValueStore(
                        SeedanceTopology.RESERVATION_STORE)
                .range(tenant + '\u0000', tenant + '\u0001')) {
            all.forEachRemaining(entry -> {
                if (entry.value >= 0) {
                    found.put(entry.key.substring(tenant.length() + 1), entry.value);
                }
            });
        }
        return found;
    }

    /** The tenant's budget ledger; null when it has none. */
    TenantLedger ledger(final String tenant) {
        return driver.<String, TenantLedger>getKeyValueStore(SeedanceTopology.LEDGER_STORE)
                .get(tenant);
    }

    private static <T extends SpecificRecord> AvroSerde<T> configured(
            final AvroSerde<T> serde, final Map<String, String> config) {
        serde.configure(config, false);
        return serde;
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistry.dropScope(scope);
    }
}
