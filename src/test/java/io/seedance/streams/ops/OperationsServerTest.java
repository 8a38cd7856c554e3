package io.seedance.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.UpstreamGate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class OperationsServerTest {

    @Test
    void shouldAnswerHealthWhileEveryWaitingHandlerIsStuck() throws Exception {
        final CountDownLatch kafkaIsSlow = new CountDownLatch(1);
        final HttpHandler stuckWebhook = exchange -> {
            try (exchange) {
                kafkaIsSlow.await(30, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(202, -1);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        final HealthChecks health = new HealthChecks(
                () -> KafkaStreams.State.RUNNING,
                new UpstreamGate(ProcessorConfig.builder().build()),
                null,
                java.util.Optional.empty());
        final HttpClient client = HttpClient.newHttpClient();
        try (OperationsServer server = new OperationsServer(
                        0,
                        Map.of("/health/live", Exchanges.json(exchange -> health.live())),
                        Map.of("/callbacks/", stuckWebhook))
                .started()) {
            final String base = "http://127.0.0.1:" + server.port();
            final List<CompletableFuture<HttpResponse<Void>>> webhooks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                webhooks.add(client.sendAsync(
                        HttpRequest.newBuilder(URI.create(base + "/callbacks/r-" + i))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding()));
            }

            final HttpResponse<String> live = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/health/live"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("\"status\":\"UP\"");
            assertThat(webhooks).noneMatch(CompletableFuture::isDone);
            kafkaIsSlow.countDown();
            for (final CompletableFuture<HttpResponse<Void>> webhook : webhooks) {
                assertThat(webhook.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
            }
        }
    }
}
