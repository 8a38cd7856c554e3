package io.seedance.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RegistryProxy;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code run} as a process: configured by environment only, it creates its topics, works, and stops cleanly on SIGTERM. */
@ExtendWith(SharedServices.class)
@Timeout(180)
class RunCommandIT {

    private static final String KEY = "dk-run-it";

    @Test
    void shouldCreateTopicsCompleteARequestAndExit0OnSigterm(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of(KEY))
                .generationTime(Duration.ofMillis(500))
                .build())) {
            final Map<String, String> env = environment(kafka, registry, simulator, id);
            try (ChildJvm run = ChildJvm.start(env, "run")) {

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(run.isAlive()).as(run.output()).isTrue();
                    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                        assertThat(admin.listTopics().names().get())
                                .contains(
                                        "requests-" + id,
                                        "completed-" + id,
                                        "failed-" + id,
                                        "dlq-" + id,
                                        "callbacks-" + id);
                    }
                });
                final VideoRequest request = Samples.request("run-" + id);
                try (KafkaProducer<String, VideoRequest> producer =
                        Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
                    producer.send(new ProducerRecord<>("requests-" + id, request.getRequestId(), request))
                            .get();
                }

                final List<SpecificRecord> results = consume(kafka, registry, "completed-" + id, 1);
                assertThat(results)
                        .singleElement()
                        .isInstanceOfSatisfying(
                                VideoCompleted.class,
                                c -> assertThat(c.getRequestId()).isEqualTo(request.getRequestId()));
                assertThat(run.output()).doesNotContain(KEY);

                final String endpoint = "http://127.0.0.1:" + env.get("HTTP_PORT");
                assertThat(get(endpoint + "/health/live").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .untilAsserted(
                                () -> assertThat(get(endpoint + "/health/ready").statusCode())
                                        .isEqualTo(200));
                final HttpResponse<String> lookup = get(endpoint + "/requests/" + request.getRequestId());
                assertThat(lookup.statusCode()).isEqualTo(200);
                assertThat(lookup.body())
                        .contains("\"state\":\"DONE\"")
                        .contains("\"submissions\":1")
                        .contains("\"level\":\"STANDARD\"")
                        .contains("\"tenant\":\"default\"");
                assertThat(get(endpoint + "/requests/never-seen").statusCode()).isEqualTo(404);
                final String metrics = get(endpoint + "/metrics").body();
                assertThat(metrics)
                        .contains("seedance_events_total{event=\"completed\"} 1.0")
                        .contains("seedance_tasks{state=\"DONE\"} 1.0")
                        .contains("seedance_credits_consumed_total 1.0")
                        .contains("seedance_upstream_latency_seconds_count{call=\"submit\",outcome=\"accepted\"} 1")
                        .contains("seedance_end_to_end_latency_seconds_count{result=\"completed\"} 1")
                        .contains("seedance_oldest_live_task_seconds 0.0")
                        .contains("seedance_upstream_permits_available{call=\"submit\"}")
                        .contains("seedance_level_submissions_total{level=\"standard\"} 1.0")
                        .contains("seedance_level_wait_seconds_count{level=\"standard\"} 1")
                        .contains("seedance_level_queued{level=\"interactive\"} 0.0")
                        .contains("seedance_level_seats_in_use{level=\"standard\"} 0.0")
                        .contains("seedance_tenant_submissions_total{tenant=\"default\"} 1.0")
                        .contains("seedance_tenant_wait_seconds_count{tenant=\"default\"} 1")
                        .contains("seedance_tenant_queued{tenant=\"default\"} 0.0")
                        .contains("seedance_tenant_seats_in_use{tenant=\"default\"} 0.0")
                        .contains("seedance_tenant_over_quota_seconds_total{tenant=\"default\"} 0.0")
                        .contains("seedance_tenant_policies_invalid_total 0.0")
                        .contains("kafka_stream")
                        .contains("resilience4j_circuitbreaker_state")
                        .contains("jvm_memory_used_bytes")
                        .doesNotContain(KEY);

                run.terminate();
                assertThat(run.waitFor(45)).as(run.output()).isZero();
            }
        }
    }

    @Test
    void shouldReportNotReadyWhileTheUpstreamRejectsTheKey(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(
                SimulatorConfig.builder().apiKeys(Set.of("dk-the-right-one")).build())) {
            final Map<String, String> env = environment(kafka, registry, simulator, id);
            try (ChildJvm run = ChildJvm.start(env, "run")) {
                final String endpoint = "http://127.0.0.1:" + env.get("HTTP_PORT");
                await().atMost(Duration.ofSeconds(60))
                        .ignoreExceptions()
                        .untilAsserted(
                                () -> assertThat(get(endpoint + "/health/ready").statusCode())
                                        .isEqualTo(200));
                try (KafkaProducer<String, VideoRequest> producer =
                        Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
                    producer.send(new ProducerRecord<>("requests-" + id, "wrong-key-1", Samples.request("wrong-key-1")))
                            .get();
                }

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    final HttpResponse<String> ready = get(endpoint + "/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.body()).contains("\"upstreamKey\":\"REJECTED\"");
                });
                assertThat(get(endpoint + "/health/live").statusCode()).isEqualTo(200);
                assertThat(get(endpoint + "/requests/wrong-key-1").body()).contains("\"state\":\"QUEUED\"");
                assertThat(run.output()).contains("rejects the API key").doesNotContain(KEY);
            }
        }
    }

    @Test
    void shouldAnswerARequestLookupFromWhicheverInstanceOwnsIt(
            final KafkaCluster kafka, final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of(KEY))
                .generationTime(Duration.ofMillis(300))
                .build())) {
            final Map<String, String> first = environment(kafka, registry, simulator, id);
            final Map<String, String> second = new HashMap<>(first);
            second.put("HTTP_PORT", Integer.toString(RunEnvironment.freePort()));
            second.put("STATE_DIR", Files.createTempDirectory("run-it-peer-").toString());
            try (ChildJvm a = ChildJvm.start(first, "run");
                    ChildJvm b = ChildJvm.start(second, "run")) {
                final String endpointA = "http://127.0.0.1:" + first.get("HTTP_PORT");
                final String endpointB = "http://127.0.0.1:" + second.get("HTTP_PORT");
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(get(endpointA + "/metrics").body()).contains("seedance_instances_live 2.0");
                    assertThat(get(endpointB + "/metrics").body()).contains("seedance_instances_live 2.0");
                });
                final int total = 10;
                try (KafkaProducer<String, VideoRequest> producer =
                        Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
                    for (int i = 0; i < total; i++) {
                        producer.send(new ProducerRecord<>(
                                        "requests-" + id, "lookup-" + i, Samples.request("lookup-" + i)))
                                .get();
                    }
                }
                consume(kafka, registry, List.of("completed-" + id), total);

                // Each request is owned by one instance: asking both means one of them forwards.
                final ObjectMapper json = new ObjectMapper();
                assertThat(a.isAlive()).as(a.output()).isTrue();
                assertThat(b.isAlive()).as(b.output()).isTrue();
                for (int i = 0; i < total; i++) {
                    final HttpResponse<String> fromA = get(endpointA + "/requests/lookup-" + i);
                    final HttpResponse<String> fromB = get(endpointB + "/requests/lookup-" + i);
                    assertThat(fromA.statusCode()).as(fromA.body()).isEqualTo(200);
                    assertThat(fromB.statusCode()).as(fromB.body()).isEqualTo(200);
                    assertThat(fromA.body()).contains("\"state\":\"DONE\"");
                    assertThat(json.readTree(fromA.body()).path("instance"))
                            .isEqualTo(json.readTree(fromB.body()).path("instance"));
                }
            }
        }
    }

    @Test
    void shouldNeverLogASecretEvenAtDebugInJson(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final String apiKey = "dk-top-secret-" + id;
        final String password = "registry-password-" + id;
        try (RegistryProxy proxy = new RegistryProxy(registry.url(), "svc", password);
                SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                        .apiKeys(Set.of(apiKey))
                        .generationTime(Duration.ofMillis(300))
                        .build())) {
            final Map<String, String> env =
                    RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, apiKey, id);
            env.put("SCHEMA_REGISTRY_URL", proxy.url());
            env.put("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "svc:" + password);
            env.put("LOG_LEVEL", "DEBUG");
            env.put("LOG_FORMAT", "JSON");
            try (ChildJvm run = ChildJvm.start(env, "run")) {
                final String endpoint = "http://127.0.0.1:" + env.get("HTTP_PORT");
                await().atMost(Duration.ofSeconds(60))
                        .ignoreExceptions()
                        .untilAsserted(
                                () -> assertThat(get(endpoint + "/health/ready").statusCode())
                                        .isEqualTo(200));
                try (KafkaProducer<String, VideoRequest> producer =
                        Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
                    producer.send(new ProducerRecord<>("requests-" + id, "secret-1", Samples.request("secret-1")))
                            .get();
                    producer.send(new ProducerRecord<>(
                                    "requests-" + id,
                                    "secret-2",
                                    VideoRequest.newBuilder(Samples.request("secret-2"))
                                            .setRatio("2:1")
                                            .build()))
                            .get();
                }
                consume(kafka, registry, List.of("completed-" + id, "failed-" + id), 2);
                get(endpoint + "/metrics");
                get(endpoint + "/requests/secret-1");
                run.terminate();
                assertThat(run.waitFor(45)).isZero();

                final String logs = run.output();
                assertThat(logs)
                        .contains("request_id=secret-1")
                        .contains("request_id=secret-2")
                        .doesNotContain(apiKey)
                        .doesNotContain(password)
                        .doesNotContain("Bearer ")
                        .doesNotContain(Base64.getEncoder().encodeToString(("svc:" + password).getBytes()));
                assertThat(logs.lines().filter(line -> line.contains("request_id=secret-1")))
                        .isNotEmpty()
                        .allSatisfy(line -> assertThat(line).startsWith("{\"timestamp\""));
                // The request is a field of the line, not only words in its message.
                final ObjectMapper json = new ObjectMapper();
                assertThat(logs.lines()
                                .filter(line -> line.contains("request_id=secret-1") && line.contains("completed"))
                                .map(line -> readTree(json, line)))
                        .isNotEmpty()
                        .allSatisfy(line -> {
                            assertThat(line.path("mdc").path("request_id").asText())
                                    .isEqualTo("secret-1");
                            assertThat(line.path("mdc").path("task_id").asText())
                                    .startsWith("ta");
                        });
            }
        }
    }

    private static HttpResponse<String> get(final String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRefuseToStartWhenRequestsAndCallbacksAreNotCoPartitioned(
            final KafkaCluster kafka, final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopics(2, "requests-" + id);
        kafka.createTopics(3, "callbacks-" + id);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(
                        SimulatorConfig.builder().apiKeys(Set.of(KEY)).build());
                ChildJvm run = ChildJvm.start(environment(kafka, registry, simulator, id), "run")) {

            assertThat(run.waitFor(60)).as(run.output()).isEqualTo(2);
            assertThat(run.output())
                    .contains("not co-partitioned")
                    .contains("requests-" + id)
                    .contains("callbacks-" + id);
        }
    }

    @Test
    void shouldRefuseToStartWhenTheVideoStoreCannotBeReached(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(
                SimulatorConfig.builder().apiKeys(Set.of(KEY)).build())) {
            final Map<String, String> env = environment(kafka, registry, simulator, id);
            env.put("STORAGE_TYPE", "s3");
            env.put("STORAGE_S3_ENDPOINT", "http://127.0.0.1:" + RunEnvironment.freePort());
            env.put("STORAGE_S3_PATH_STYLE", "true");
            env.put("STORAGE_S3_BUCKET", "videos");
            env.put("STORAGE_S3_ACCESS_KEY_ID", "AKIDEXAMPLE");
            env.put("STORAGE_S3_SECRET_ACCESS_KEY", "a-secret-that-must-not-show");
            try (ChildJvm run = ChildJvm.start(env, "run")) {
                assertThat(run.waitFor(90)).as(run.output()).isEqualTo(2);
                assertThat(run.output())
                        .contains("seedance-streams run: The video store (STORAGE_TYPE) is not usable: could not reach"
                                + " the bucket in bucket videos")
                        .doesNotContain("a-secret-that-must-not-show")
                        .doesNotContain("\tat ");
            }
        }
    }

    private static Map<String, String> environment(
            final KafkaCluster kafka,
            final ApicurioRegistry registry,
            final SeedanceSimulator simulator,
            final String id) {
        return RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
    }

    static List<SpecificRecord> consume(
            final KafkaCluster kafka, final ApicurioRegistry registry, final String topic, final int count) {
        return Clients.consume(kafka, registry, List.of(topic), count);
    }

    static List<SpecificRecord> consume(
            final KafkaCluster kafka, final ApicurioRegistry registry, final List<String> topics, final int count) {
        return Clients.consume(kafka, registry, topics, count);
    }

    private static JsonNode readTree(final ObjectMapper json, final String line) {
        try {
            return json.readTree(line);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
