package io.seedance.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import io.seedance.streams.topology.CallbackSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks on: with polls a minute apart, tasks still complete within seconds of the simulator
 * finishing them, with about one query each, even when the callback beats the submission's answer;
 * forged, unsigned and oversize callbacks are refused; a signed callback for an unknown request does
 * nothing.
 */
@ExtendWith(SharedServices.class)
@Timeout(180)
class WebhookIT {

    private static final String KEY = "dk-webhooks";
    private static final String SECRET = "webhook-secret-0123456789";

    @Test
    void shouldCompleteWithinSecondsOfTheCallbackAndRefuseForgeries(
            final KafkaCluster kafka, final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        // The generate answer (1.5 s) comes after the task is done and its callback sent (0.5 s).
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of(KEY))
                .queueTime(Duration.ofMillis(100))
                .generationTime(Duration.ofMillis(500))
                .latency(Duration.ofMillis(1500))
                .build())) {
            final Map<String, String> env = RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
            final String endpoint = "http://127.0.0.1:" + env.get("HTTP_PORT");
            env.put("WEBHOOK_BASE_URL", endpoint);
            env.put("WEBHOOK_SECRET", SECRET);
            env.put("POLL_FIRST_DELAY_WITH_WEBHOOKS", "60s");
            env.put("POLL_INTERVAL", "60s");
            env.put("UPSTREAM_SUBMITS_PER_MINUTE", "6000");
            env.put("LOG_LEVEL", "INFO");
            try (ChildJvm run = ChildJvm.start(env, "run")) {
                await().atMost(Duration.ofSeconds(60))
                        .ignoreExceptions()
                        .untilAsserted(
                                () -> assertThat(get(endpoint + "/health/ready").statusCode())
                                        .isEqualTo(200));
                final int total = 10;
                final long started = System.nanoTime();
                try (KafkaProducer<String, VideoRequest> producer =
                        Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
                    for (int i = 0; i < total; i++) {
                        final VideoRequest request = VideoRequest.newBuilder(Samples.request("hook-" + i))
                                .setPrompt("Take " + i + ": rain on a tin roof")
                                .setImageUrls(List.of())
                                .build();
                        producer.send(new ProducerRecord<>("requests-" + id, request.getRequestId(), request))
                                .get();
                    }
                }

                Clients.consume(kafka, registry, List.of("completed-" + id), total);
                final double seconds = (System.nanoTime() - started) / 1e9;
                assertThat(seconds).as("done long before the first 60 s poll").isLessThan(45);
                assertThat(simulator.stats().callbacksSent()).isEqualTo(total);
                assertThat(simulator.stats().queryRequests())
                        .as("the verified webhooks' reports end every task")
                        .isZero();

                final CallbackSigner signer = new CallbackSigner(URI.create(endpoint), SECRET, Optional.empty());
                final String forged = endpoint + CallbackSigner.PATH + "hook-1?sig=" + "0".repeat(64);
                assertThat(post(forged, "{}").statusCode()).isEqualTo(403);
                assertThat(post(endpoint + CallbackSigner.PATH + "hook-1", "{}").statusCode())
                        .isEqualTo(401);
                assertThat(post(signer.urlFor("hook-2").toString(), "x".repeat(70_000))
                                .statusCode())
                        .isEqualTo(413);
                assertThat(post(signer.urlFor("never-requested").toString(), "{\"task_id\":\"ta-x\"}")
                                .statusCode())
                        .isEqualTo(202);
                assertThat(post(signer.urlFor("hook-3").toString(), "{}").statusCode())
                        .as("a late replay")
                        .isEqualTo(202);
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () -> assertThat(get(endpoint + "/metrics").body())
                                        .contains("seedance_events_total{event=\"callbacks_rejected\"} 3.0")
                                        .contains("seedance_events_total{event=\"callback_signals_ignored\"} 2.0"));
                assertThat(Clients.consume(kafka, registry, List.of("completed-" + id, "failed-" + id), total))
                        .hasSize(total);
                assertThat(run.output()).doesNotContain(SECRET);
            }
        }
    }

    private static HttpResponse<String> get(final String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(final String url, final String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
