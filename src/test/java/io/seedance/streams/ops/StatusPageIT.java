package io.seedance.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The status page in Debian's headless Chromium (driven by playwright-core): it loads, shows live
 * numbers, logs no console error; the screenshot is kept as {@code target/status-page.png}.
 */
@ExtendWith(SharedServices.class)
@Timeout(180)
class StatusPageIT {

    private static final String KEY = "dk-status-page";

    @Test
    void shouldShowLiveNumbersWithoutConsoleErrors(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        final Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(chromium)
                .as("Debian's Chromium is needed for this test: apt-get install chromium")
                .exists();
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of(KEY))
                .generationTime(Duration.ofMillis(500))
                .build())) {
            final Map<String, String> env = RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
            try (ChildJvm run = ChildJvm.start(env, "run")) {
                final String endpoint = "http://127.0.0.1:" + env.get("HTTP_PORT");
                try (KafkaProducer<String, VideoRequest> producer =
                        Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
                    for (int i = 0; i < 3; i++) {
                        producer.send(new ProducerRecord<>("requests-" + id, "page-" + i, Samples.request("page-" + i)))
                                .get();
                    }
                }
                Clients.consume(kafka, registry, List.of("completed-" + id), 3);

                final Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
                final Process check = new ProcessBuilder(
                                "node", "check.mjs", endpoint + "/", "#completed", screenshot.toString())
                        .directory(Path.of(System.getProperty("browser.check.dir", "target/browser-check"))
                                .toFile())
                        .redirectErrorStream(true)
                        .start();
                await().atMost(Duration.ofSeconds(90)).until(() -> !check.isAlive());
                final String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(check.waitFor(1, TimeUnit.SECONDS) ? check.exitValue() : -1)
                        .as(output)
                        .isZero();
                final JsonNode summary = new ObjectMapper()
                        .readTree(output.lines()
                                .filter(line -> line.startsWith("{"))
                                .reduce((a, b) -> b)
                                .orElseThrow());
                assertThat(summary.path("shown").asText()).isEqualTo("3");
                assertThat(summary.path("problems")).isEmpty();
                assertThat(summary.path("videos").path("count").asInt())
                        .as("each completed request plays its video")
                        .isEqualTo(3);
                assertThat(summary.path("videos").path("readable").asInt())
                        .as("the simulator's videos are real MP4s the browser reads")
                        .isEqualTo(3);
                assertThat(Files.size(screenshot)).isGreaterThan(10_000);
                final JsonNode status = new ObjectMapper()
                        .readTree(HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(URI.create(endpoint + "/status.json"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body());
                assertThat(status.path("levels")
                                .path("STANDARD")
                                .path("submissions")
                                .asLong())
                        .isEqualTo(3);
                assertThat(status.path("levels")
                                .path("INTERACTIVE")
                                .path("seatsReserved")
                                .asInt())
                        .as("INTERACTIVE keeps 20% of the seats")
                        .isPositive();
                assertThat(status.path("tenants").path(0).path("tenant").asText())
                        .isEqualTo("default");
                assertThat(status.path("tenants").path(0).path("submissions").asLong())
                        .isEqualTo(3);
                assertThat(status.path("levels")
                                .path("INTERACTIVE")
                                .path("queued")
                                .asLong())
                        .isZero();
            }
        }
    }
}
