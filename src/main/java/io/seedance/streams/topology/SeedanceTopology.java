package io.seedance.streams.topology;

import io.seedance.streams.schemas.BudgetAlert;
import io.seedance.streams.schemas.VideoCancellation;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroSerde;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.upstream.SeedanceApi;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The service's topology, built from what it is given and nothing else (no environment reads):
 * {@code video-requests} → the task processor, with its task store and due index (RocksDB, with
 * changelogs) → {@code video-completed} and {@code video-failed}; {@code video-callbacks} (webhook
 * signals, co-partitioned) → the signal processor, on the same stores; {@code video-cancellations}
 * (co-partitioned) → the task processor too.
 *
 * <p>Budgets: the task processor sends reservations and settlements to the budget claims topic,
 * keyed by tenant; the ledger processor (its own sub-topology, with the ledger and price stores)
 * answers on the budget decisions topic, co-partitioned with the requests and sent to each
 * request's own partition, which the task processor reads as a third source; its alerts go to the
 * alerts topic.
 */
public final class SeedanceTopology {

    public static final String TASK_STORE = "seedance-tasks";
    public static final String INDEX_STORE = "seedance-task-index";
    /** The global store of the tenants topic: every instance holds all of it. */
    public static final String TENANT_STORE = "seedance-tenant-policies";

    static final String TENANTS_SOURCE = "seedance-tenants-source";
    static final String TENANT_POLICIES = "tenant-policies";

    static final String SOURCE = "video-requests-source";
    static final String PROCESSOR = "task-processor";
    static final String COMPLETED_SINK = "video-completed-sink";
    static final String FAILED_SINK = "video-failed-sink";
    static final String CALLBACKS_SOURCE = "video-callbacks-source";
    static final String CANCELLATIONS_SOURCE = "video-cancellations-source";
    static final String SIGNALS = "callback-signals";
    public static final String LEDGER_STORE = "seedance-budget-ledgers";
    static final String PRICE_STORE = "seedance-budget-prices";
    static final String RESERVATION_STORE = "seedance-budget-reservations";
    static final String WAITING_STORE = "seedance-budget-waiting";
    static final String DECISIONS_SOURCE = "budget-decisions-source";
    static final String CLAIMS_SINK = "budget-claims-sink";
    static final String CLAIMS_SOURCE = "budget-claims-source";
    static final String LEDGER = "budget-ledger";
    static final String DECISIONS_SINK = "budget-decisions-sink";
    static final String ALERTS_SINK = "budget-alerts-sink";

    private SeedanceTopology() {}

    /**
     * @param serdeConfig the Avro serde's configuration ({@code schema.registry.url} and friends)
     * @param order       the instance's dispatch order: one for the whole instance, so that its
     *                    partitions submit by level, tenant and age together
     * @param copier      the instance's video copier, when storage is on: a succeeded task's video
     *                    is copied to the store before its video-completed
     */
    public static Topology build(
            final Topics topics,
            final Map<String, ?> serdeConfig,
            final ProcessorConfig config,
            final SeedanceApi api,
            final UpstreamGate gate,
            final DispatchOrder order,
            final ProcessorMetrics metrics,
            final Optional<VideoCopier> copier,
            final SubmissionHandover handover) {
        final AvroSerde<VideoRequest> requests = serde(AvroSerde.specific(VideoRequest.class), serdeConfig);
        final AvroSerde<VideoCompleted> completed = serde(AvroSerde.specific(VideoCompleted.class), serdeConfig);
        final AvroSerde<VideoFailed> failed = serde(AvroSerde.specific(VideoFailed.class), serdeConfig);
        final AvroSerde<VideoCancellation> cancellations =
                serde(AvroSerde.specific(VideoCancellation.class), serdeConfig);
        final AvroSerde<BudgetAlert> alerts = serde(AvroSerde.specific(BudgetAlert.class), serdeConfig);
        final JsonSerde<BudgetClaim> claims = new JsonSerde<>(BudgetClaim.class);
        final JsonSerde<BudgetDecision> decisions = new JsonSerde<>(BudgetDecision.class);
        // One planner for the whole instance, so what one partition learns serves them all.
        final PollPlanner polls = new PollPlanner(config);
        return new Topology()
                .addSource(
                        SOURCE,
                        RequestDeserializers.key(),
                        RequestDeserializers.value(requests.deserializer(), config.registryPatience()),
                        topics.requests())
                .addSource(
                        CANCELLATIONS_SOURCE,
                        RequestDeserializers.key(),
                        RequestDeserializers.value(cancellations.deserializer(), config.registryPatience()),
                        topics.cancellations())
                .addSource(
                        DECISIONS_SOURCE,
                        Serdes.String().deserializer(),
                        decisions.deserializer(),
                        topics.budgetDecisions())
                .addSource(
                        CALLBACKS_SOURCE,
                        Serdes.String().deserializer(),
                        Serdes.ByteArray().deserializer(),
                        topics.callbacks())
                .addProcessor(
                        PROCESSOR,
                        () -> new TaskProcessor(config, api, gate, metrics, polls, order, copier, handover),
                        SOURCE,
                        CANCELLATIONS_SOURCE,
                        DECISIONS_SOURCE)
                .addProcessor(SIGNALS, () -> new CallbackSignalProcessor(config, metrics), CALLBACKS_SOURCE)
                .addStateStore(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(TASK_STORE),
                                Serdes.String(),
                                new JsonSerde<>(Task.class)),
                        PROCESSOR,
                        SIGNALS)
                .addStateStore(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray()),
                        PROCESSOR,
                        SIGNALS)
                .addSink(
                        COMPLETED_SINK,
                        topics.completed(),
                        Serdes.String().serializer(),
                        completed.serializer(),
                        PROCESSOR)
                .addSink(FAILED_SINK, topics.failed(), Serdes.String().serializer(), failed.serializer(), PROCESSOR)
                .addSink(
                        CLAIMS_SINK,
                        topics.budgetClaims(),
                        Serdes.String().serializer(),
                        claims.serializer(),
                        PROCESSOR)
                .addSource(CLAIMS_SOURCE, Serdes.String().deserializer(), claims.deserializer(), topics.budgetClaims())
                .addProcessor(
                        LEDGER, () -> new LedgerProcessor(order.policies(), config.prices(), metrics), CLAIMS_SOURCE)
                .addStateStore(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(LEDGER_STORE),
                                Serdes.String(),
                                new JsonSerde<>(TenantLedger.class)),
                        LEDGER)
                .addStateStore(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(RESERVATION_STORE), Serdes.String(), Serdes.Long()),
                        LEDGER)
                .addStateStore(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(WAITING_STORE), Serdes.String(), claims),
                        LEDGER)
                .addStateStore(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(PRICE_STORE), Serdes.String(), Serdes.Long()),
                        LEDGER)
                .addSink(
                        DECISIONS_SINK,
                        topics.budgetDecisions(),
                        Serdes.String().serializer(),
                        decisions.serializer(),
                        // Back to the request's own partition, whatever its key.
                        (topic, key, decision, partitions) -> Optional.of(Set.of(decision.partition())),
                        LEDGER)
                .addSink(ALERTS_SINK, topics.alerts(), Serdes.String().serializer(), alerts.serializer(), LEDGER)
                .addGlobalStore(
                        Stores.keyValueStoreBuilder(
                                        Stores.inMemoryKeyValueStore(TENANT_STORE), Serdes.String(), Serdes.ByteArray())
                                .withLoggingDisabled(),
                        TENANTS_SOURCE,
                        Serdes.String().deserializer(),
                        Serdes.ByteArray().deserializer(),
                        topics.tenants(),
                        TENANT_POLICIES,
                        () -> new TenantPolicyProcessor(order.policies()));
    }

    private static <T extends SpecificRecord> AvroSerde<T> serde(
            final AvroSerde<T> serde, final Map<String, ?> config) {
        serde.configure(config, false);
        return serde;
    }
}
