package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedance.streams.schemas.BudgetAlert;
import io.seedance.streams.schemas.BudgetAlertKind;
import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.FastConfigs;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.ServiceUnderTest;
import io.seedance.streams.testing.SharedServices;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Budgets on a real broker (exactly-once), a real registry and the simulator over HTTP. The budget
 * is checked where it is kept: every state of the tenant's ledger, as its changelog recorded it,
 * not only the final sums.
 */
@ExtendWith(SharedServices.class)
@Timeout(300)
class BudgetIT {

    private static final String KEY = "dk-budget";
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * 200 requests of one tenant at once on three partitions, two instances, one killed with
     * SIGKILL mid-run; each request costs 1 credit (10 s at 0.1) and the budget is 40, over which
     * requests fail. Exactly 40 are delivered, and settled plus reserved never passed 40.
     */
    @Test
    void shouldNeverOverspendAcrossInstancesAndAKill(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final int requests = 200;
        try (SeedanceSimulator simulator = SeedanceSimulator.start(FastConfigs.upstream()
                .apiKeys(Set.of(KEY))
                .generationTime(Duration.ofMillis(1500))
                .build())) {
            final Topics topics = kafka.createServiceTopics(id, 3);
            final Map<String, String> env = RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
            env.put("TOPICS_PARTITIONS", "3");
            env.put("UPSTREAM_SUBMITS_PER_MINUTE", "600");
            env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
            env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
            policy(kafka, topics, "{\"budget\":40,\"over_budget\":\"FAIL\"}");

            try (Results results = new Results(kafka, registry, topics);
                    ChildJvm survivor = ChildJvm.start(env, "run")) {
                ChildJvm victim = ChildJvm.start(withOwnPort(env), "run");
                try {
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> survivor.output().contains("-> RUNNING")
                                    && victim.output().contains("-> RUNNING"));
                    send(kafka, registry, topics, requests);
                    await().atMost(Duration.ofSeconds(90)).until(() -> results.completed() >= 10);
                    victim.kill();
                    System.out.printf(
                            "killed one of two instances with %d of %d requests finished%n",
                            results.all().size(), requests);
                    await().atMost(Duration.ofMinutes(2))
                            .until(() -> results.all().size() >= requests);
                } finally {
                    victim.close();
                }
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(4))
                        .until(() -> results.all().size() == requests);

                final List<SpecificRecord> all = results.all();
                assertThat(all.stream().filter(VideoCompleted.class::isInstance))
                        .as("40 credits pay for 40 requests, and every reservation was charged as estimated")
                        .hasSize(40);
                assertThat(all.stream().filter(VideoFailed.class::isInstance).map(VideoFailed.class::cast))
                        .hasSize(requests - 40)
                        .allSatisfy(failed -> assertThat(failed.getError()).isEqualTo(FailureReason.BUDGET_EXCEEDED));
                assertThat(ServiceUnderTest.requestIds(all)).doesNotHaveDuplicates();
                final String metrics = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + env.get("HTTP_PORT") + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(metrics)
                        .as("the survivor keeps every ledger now")
                        .contains("seedance_tenant_budget_spent_credits{tenant=\"acme\"} 40.0")
                        .contains("seedance_tenant_budget_reserved_credits{tenant=\"acme\"} 0.0")
                        .contains("seedance_tenant_budget_credits{tenant=\"acme\"} 40.0")
                        .contains("seedance_tenant_budget_held{tenant=\"acme\"} 0.0");
            }
            final List<TenantLedger> history = ledgerHistory(kafka, "run-it-" + id, "acme");
            System.out.printf("the ledger's changelog holds %d states of tenant acme%n", history.size());
            assertThat(history).as("the ledger's changelog").hasSizeGreaterThan(40);
            assertThat(history)
                    .as("settled plus reserved, at every state the ledger committed")
                    .allSatisfy(ledger -> assertThat(ledger.committed()).isLessThanOrEqualTo(40 * Credits.ONE));
            assertThat(history.stream().mapToLong(TenantLedger::committed).max().orElseThrow())
                    .as("the budget was used to the last credit")
                    .isEqualTo(40 * Credits.ONE);
            assertThat(history.get(history.size() - 1).settled()).isEqualTo(40 * Credits.ONE);
        }
    }

    /**
     * The simulator charges 0.15 credit per second, 1.5 times the configured estimate: each request
     * reserved before the first charge overruns, is counted and alerted; later requests are
     * reserved at the price learned, and overrun no more.
     */
    @Test
    void shouldCountOverrunsAndReserveAtTheLearnedPrice(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream().pricePerSecond(0.15).build(),
                FastConfigs.processor().build())) {
            policy(kafka, service.topics, "{\"budget\":1000}");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> service.service.order().policies().of("acme").budget() != null);
            for (int i = 0; i < 10; i++) {
                service.send(request("first-" + i));
            }
            service.flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> service.completed().size() >= 10);
            for (int i = 0; i < 10; i++) {
                service.send(request("then-" + i));
            }
            service.flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> service.completed().size() >= 20);

            final List<BudgetAlert> alerts = alerts(kafka, registry, service.topics, 10);
            assertThat(alerts)
                    .allSatisfy(alert -> {
                        assertThat(alert.getKind()).isEqualTo(BudgetAlertKind.OVERRUN);
                        assertThat(alert.getOverrun()).isEqualTo("0.5");
                        assertThat(alert.getRequestId()).startsWith("first-");
                    })
                    .hasSize(10);
            final ProcessorMetrics metrics = service.service.metrics();
            assertThat(metrics.count(Counter.BUDGET_OVERRUNS))
                    .as("the second wave did not overrun")
                    .isEqualTo(10);
            assertThat(metrics.budgets().of("acme").overruns()).isEqualTo(10);
            assertThat(metrics.budgets().of("acme").spent()).isEqualTo(20 * 1_500_000L);
            final List<TenantLedger> history =
                    ledgerHistory(kafka, service.service.settings().applicationId(), "acme");
            assertThat(history.get(history.size() - 1).overrunCredits()).isEqualTo(10 * 500_000L);
        }
    }

    private static VideoRequest request(final String id) {
        return VideoRequest.newBuilder(Samples.request(id)).setTenant("acme").build();
    }

    private static Map<String, String> withOwnPort(final Map<String, String> env) {
        final Map<String, String> own = new java.util.HashMap<>(env);
        own.put("HTTP_PORT", Integer.toString(RunEnvironment.freePort()));
        own.put("STATE_DIR", RunEnvironment.newStateDir("run-it-"));
        return own;
    }

    private static void policy(final KafkaCluster kafka, final Topics topics, final String json) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.tenants(), "acme", json.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private static void send(
            final KafkaCluster kafka, final ApicurioRegistry registry, final Topics topics, final int count)
            throws Exception {
        try (KafkaProducer<String, VideoRequest> producer =
                Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
            for (int i = 0; i < count; i++) {
                final VideoRequest next = request("b-" + i);
                producer.send(new ProducerRecord<>(topics.requests(), next.getRequestId(), next));
            }
            producer.flush();
        }
    }

    /** Every committed state of {@code tenant}'s ledger, in order, from the ledger store's changelog. */
    private static List<TenantLedger> ledgerHistory(
            final KafkaCluster kafka, final String applicationId, final String tenant) throws IOException {
        final String changelog = applicationId + "-" + SeedanceTopology.LEDGER_STORE + "-changelog";
        final List<TenantLedger> history = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "group.id",
                        "ledger-" + UUID.randomUUID(),
                        "auto.offset.reset",
                        "earliest",
                        "isolation.level",
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(changelog));
            long quietSince = System.nanoTime();
            // Read until the topic has been quiet for two seconds: the run is over, nothing more comes.
            while (System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos()) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    quietSince = System.nanoTime();
                    if (tenant.equals(record.key()) && record.value() != null) {
                        history.add(JSON.readValue(record.value(), TenantLedger.class));
                    }
                }
            }
        }
        return history;
    }

    private static List<BudgetAlert> alerts(
            final KafkaCluster kafka, final ApicurioRegistry registry, final Topics topics, final int atLeast) {
        final List<BudgetAlert> alerts = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer =
                new KafkaConsumer<>(Clients.resultConsumerConfig(kafka.bootstrapServers(), registry.url()))) {
            consumer.subscribe(List.of(topics.alerts()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> alerts.add((BudgetAlert) record.value()));
                return alerts.size() >= atLeast;
            });
            // Anything beyond would be a wrong alert: give it a moment to show.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> alerts.add((BudgetAlert) record.value()));
                return true;
            });
        }
        return alerts;
    }

    /** The terminal events of a run, read as a subscriber reads them (read_committed). */
    private static final class Results implements AutoCloseable {
        private final List<SpecificRecord> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicBoolean running =
                new java.util.concurrent.atomic.AtomicBoolean(true);
        private final Thread reader;

        Results(final KafkaCluster kafka, final ApicurioRegistry registry, final Topics topics) {
            reader = new Thread(() -> {
                try (KafkaConsumer<String, SpecificRecord> consumer =
                        new KafkaConsumer<>(Clients.resultConsumerConfig(kafka.bootstrapServers(), registry.url()))) {
                    consumer.subscribe(List.of(topics.completed(), topics.failed()));
                    while (running.get()) {
                        consumer.poll(Duration.ofMillis(100)).forEach(record -> events.add(record.value()));
                    }
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        List<SpecificRecord> all() {
            return List.copyOf(events);
        }

        long completed() {
            return events.stream().filter(VideoCompleted.class::isInstance).count();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            reader.join(5_000);
        }
    }
}
