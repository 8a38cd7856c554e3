package io.seedance.streams.service;

import io.github.bucket4j.TimeMeter;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.topology.DispatchOrder;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.ProcessorMetrics;
import io.seedance.streams.topology.RequestDeserializationHandler;
import io.seedance.streams.topology.SeedanceTopology;
import io.seedance.streams.topology.Task;
import io.seedance.streams.topology.TenantPolicies;
import io.seedance.streams.topology.TenantQuotas;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.topology.UpstreamGate;
import io.seedance.streams.upstream.SeedanceApi;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the Kafka Streams lifecycle of one instance: builds the topology and its properties,
 * keeps this instance's share of the upstream limits in step with the number of live instances,
 * logs what killed it, and closes within a bound.
 */
public final class SeedanceService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SeedanceService.class);

    /**
     * What an instance needs.
     *
     * @param endpoint      this instance's {@code host:port} ({@code application.server}): how the
     *                      instances count each other, to divide the upstream limits
     * @param serdeConfig   the Avro serde's settings ({@code schema.registry.url}, ...)
     * @param kafkaSettings any other Kafka Streams, consumer or producer setting, passed through
     */
    public record Settings(
            String applicationId,
            String bootstrapServers,
            String endpoint,
            Path stateDir,
            long stateMemoryBytes,
            Topics topics,
            Map<String, Object> serdeConfig,
            ProcessorConfig processor,
            Map<String, Object> kafkaSettings) {

        public Settings {
            Objects.requireNonNull(applicationId, "applicationId");
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(topics, "topics");
            serdeConfig = Map.copyOf(serdeConfig);
            Objects.requireNonNull(processor, "processor");
            kafkaSettings = Map.copyOf(kafkaSettings);
        }
    }

    private final Settings settings;
    private final UpstreamGate gate;
    private final DispatchOrder order;
    private final ProcessorMetrics metrics;
    private final KafkaStreams streams;
    private final List<AutoCloseable> companions = new CopyOnWriteArrayList<>();
    private final Optional<VideoCopier> copier;
    private final StreamThreadFailures threadFailures;

    public SeedanceService(final Settings settings, final SeedanceApi api) {
        this(settings, api, Optional.empty());
    }

    /**
     * With {@code copier}, when storage is on: each succeeded video is copied to its store before
     * its video-completed. The service closes it when it closes.
     */
    public SeedanceService(final Settings settings, final SeedanceApi api, final Optional<VideoCopier> copier) {
        this.settings = settings;
        this.copier = copier;
        this.threadFailures = new StreamThreadFailures(settings.bootstrapServers());
        StreamsGroupSettings.ignoredUnderTheStreamsProtocol(settings.applicationId(), settings.kafkaSettings())
                .ifPresent(LOG::warn);
        copier.ifPresent(companions::add);
        final CallbackTopicHandover handover = new CallbackTopicHandover(
                settings.topics().callbacks(), settings.bootstrapServers(), settings.kafkaSettings());
        companions.add(handover);
        this.gate = new UpstreamGate(settings.processor());
        this.metrics =
                new ProcessorMetrics(Clock.systemUTC(), settings.processor().tenantLabels());
        this.order = new DispatchOrder(
                settings.processor().sweepInterval(),
                settings.processor().levels(),
                new TenantQuotas(
                        new TenantPolicies(settings.processor().tenantDefaults()),
                        settings.processor().sweepInterval(),
                        TimeMeter.SYSTEM_MILLISECONDS,
                        metrics.tenants()));
        this.streams = new KafkaStreams(
                SeedanceTopology.build(
                        settings.topics(),
                        settings.serdeConfig(),
                        settings.processor(),
                        api,
                        gate,
                        order,
                        metrics,
                        copier,
                        handover),
                streamsProperties(settings));
        streams.setStateListener((next, previous) -> {
            LOG.info("Kafka Streams {} -> {}", previous, next);
            if (next == KafkaStreams.State.RUNNING) {
                final int live = streams.metadataForAllStreamsClients().size();
                gate.applyShare(live);
                order.quotas().applyShare(live);
            }
        });
        streams.setUncaughtExceptionHandler(threadFailures);
    }

    private static final String GLOBAL_PROCESSING_HANDLER = "processing.exception.handler.global.enabled";

    /** Exactly-once by default; everything in {@code kafkaSettings} overrides. */
    static Properties streamsProperties(final Settings settings) {
        final Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StoreMemoryBudget.class);
        props.put(StoreMemoryBudget.BUDGET_CONFIG, settings.stateMemoryBytes());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.endpoint());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Undecodable input is skipped, and sent with its original bytes and the error to the
        // dead-letter topic by Kafka Streams itself (KIP-1034): the stream keeps running.
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RequestDeserializationHandler.class.getName());
        props.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                settings.topics().deadLetters());
        // No global stores; enabling it is 5.0's default. The partition assignor reads its own copy
        // of the configuration from the main consumer's settings and warns unless it finds it there.
        props.put(GLOBAL_PROCESSING_HANDLER, true);
        props.put(StreamsConfig.mainConsumerPrefix(GLOBAL_PROCESSING_HANDLER), true);
        props.putAll(settings.kafkaSettings());
        final Properties properties = new Properties();
        properties.putAll(props);
        return properties;
    }

    public void start() {
        streams.start();
    }

    /**
     * The task of a request, when this instance owns it (interactive query of the task store);
     * empty when it is unknown here or the store is not queryable right now (a rebalance).
     */
    public Optional<Task> task(final String requestId) {
        try {
            final ReadOnlyKeyValueStore<String, Task> store = streams.store(StoreQueryParameters.fromNameAndType(
                    SeedanceTopology.TASK_STORE, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(requestId));
        } catch (final InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /**
     * How many tasks of {@code task}'s level and tenant are queued before it in its partition on
     * this instance (counted up to {@code cap}); empty when it is not queued here.
     */
    public Optional<Long> queuedAhead(final Task task, final long cap) {
        return order.queuedAhead(task, cap);
    }

    /** The instance's dispatch order and the tenant policies it applies. */
    /** The video copier, when storage is on. */
    public Optional<VideoCopier> copier() {
        return copier;
    }

    public DispatchOrder order() {
        return order;
    }

    /** The Kafka Streams instance, for the operations endpoints. */
    public KafkaStreams kafkaStreams() {
        return streams;
    }

    /** Closed after Kafka Streams, on {@link #close(Duration)} (the operations server, say). */
    public void closeWith(final AutoCloseable companion) {
        companions.add(companion);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** True when a stream thread stopped because Kafka refused the service (an ACL, credentials). */
    public boolean refusedByKafka() {
        return threadFailures.refusedByKafka();
    }

    public UpstreamGate gate() {
        return gate;
    }

    public ProcessorMetrics metrics() {
        return metrics;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Stops within {@code timeout}; true when it did. The instance leaves the consumer group, so
     * its partitions move at once (to a peer, or to this instance restarted) instead of after the
     * session timeout.
     */
    public boolean close(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        drain(
                timeout.dividedBy(2).compareTo(settings.processor().callTimeout()) < 0
                        ? timeout.dividedBy(2)
                        : settings.processor().callTimeout());
        final Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        final boolean closed = streams.close(CloseOptions.timeout(left)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        for (final AutoCloseable companion : companions) {
            try {
                companion.close();
            } catch (final Exception e) {
                LOG.warn("Could not close {}", companion, e);
            }
        }
        if (closed) {
            LOG.info("Kafka Streams closed");
        } else {
            LOG.warn("Kafka Streams did not close within {}", timeout);
        }
        return closed;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private static void pause(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops granting upstream calls and waits (up to {@code bound}) until every call in flight has
     * finished and its outcome is in the store, while the stream keeps running and committing.
     * Then nothing is left whose submission outcome would be unknown after the restart.
     */
    private void drain(final Duration bound) {
        gate.drain();
        // A rebalance does not stop the stream threads (cooperative rebalancing): they still sweep
        // and apply answers, so a stop during one drains as well. Only without threads is waiting vain.
        if (!streams.state().isRunningOrRebalancing()) {
            LOG.info("Not draining the upstream calls: Kafka Streams is {}", streams.state());
            return;
        }
        final long until = System.nanoTime() + bound.toNanos();
        while (gate.unappliedCalls() > 0
                && System.nanoTime() < until
                && !Thread.currentThread().isInterrupted()) {
            pause(Duration.ofMillis(50));
        }
        LOG.info("Drained the upstream calls ({} left unapplied)", gate.unappliedCalls());
    }
}
