package io.seedance.streams.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.seedance.streams.testing.TestClock;
import io.seedance.streams.upstream.ApiKey;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.AspectRatio;
import io.seedance.streams.upstream.GenerationRequest;
import io.seedance.streams.upstream.HttpSeedanceClient;
import io.seedance.streams.upstream.SeedanceClientConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator behaves like the documented upstream, and injects the faults it is asked to. */
class SeedanceSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "dk-test-key";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private SeedanceSimulator simulator;
    private HttpSeedanceClient client;

    @AfterEach
    void stop() throws Exception {
        for (final AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void shouldRunATaskThroughItsLifecycleAndServeTheVideo() throws Exception {
        start(b -> b.queueTime(Duration.ofMillis(300)).generationTime(Duration.ofMillis(900)));

        final String taskId = accepted(client.generate(GenerationRequest.ofPrompt("waves")));

        assertThat(call(client.query(taskId))).isInstanceOfSatisfying(ApiOutcome.Running.class, r -> {
            assertThat(r.status().status()).isEqualTo("pending");
            assertThat(r.status().createdAt()).isNotNull();
        });
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(call(client.query(taskId)))
                        .isInstanceOfSatisfying(
                                ApiOutcome.Running.class,
                                r -> assertThat(r.status().status()).isEqualTo("in_progress")));
        final ApiOutcome.Succeeded done = (ApiOutcome.Succeeded) await().atMost(Duration.ofSeconds(5))
                .until(() -> call(client.query(taskId)), ApiOutcome.Succeeded.class::isInstance);

        assertThat(done.status().consumed()).isEqualTo("0.500000");
        final HttpResponse<byte[]> video = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(done.status().videoUrl()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(video.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat(topLevelBoxes(video.body()))
                .as("a real MP4")
                .startsWith("ftyp")
                .contains("moov", "mdat");
        assertThat(simulator.stats().queriesFor(taskId)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldServeVideosOfTheSizeAskedThatAreStillMp4() throws Exception {
        start(b -> b.generationTime(Duration.ofMillis(100)).videoBytes(1_000_000));
        final String taskId = accepted(client.generate(GenerationRequest.ofPrompt("waves")));
        final ApiOutcome.Succeeded done = (ApiOutcome.Succeeded) await().atMost(Duration.ofSeconds(5))
                .until(() -> call(client.query(taskId)), ApiOutcome.Succeeded.class::isInstance);

        final byte[] body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(done.status().videoUrl()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();

        assertThat(body).hasSize(1_000_000);
        assertThat(topLevelBoxes(body))
                .as("the boxes cover every byte, the padding a free box at the end")
                .startsWith("ftyp")
                .endsWith("free");
    }

    /** The types of an MP4's top-level boxes, walking their sizes; fails when they do not end at the last byte. */
    private static List<String> topLevelBoxes(final byte[] mp4) {
        final List<String> types = new ArrayList<>();
        final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(mp4);
        int at = 0;
        while (at < mp4.length) {
            final long size = Integer.toUnsignedLong(buffer.getInt(at));
            types.add(new String(mp4, at + 4, 4, StandardCharsets.US_ASCII));
            assertThat(size).as("box at %d", at).isGreaterThanOrEqualTo(8);
            at += (int) size;
        }
        assertThat(at).as("the last box ends at the last byte").isEqualTo(mp4.length);
        return types;
    }

    @Test
    void shouldHandOutVideoLinksAtItsPublicUrlWhenItHasOne() throws Exception {
        // In compose the simulator listens on 0.0.0.0, which is nobody's address to fetch from.
        start(b -> b.host("0.0.0.0")
                .publicUrl("http://localhost:8090/")
                .queueTime(Duration.ZERO)
                .generationTime(Duration.ofMillis(100)));

        final String taskId = accepted(client.generate(GenerationRequest.ofPrompt("waves")));

        final ApiOutcome.Succeeded done = (ApiOutcome.Succeeded) await().atMost(Duration.ofSeconds(5))
                .until(() -> call(client.query(taskId)), ApiOutcome.Succeeded.class::isInstance);
        assertThat(done.status().videoUrl()).isEqualTo("http://localhost:8090/videos/" + taskId + ".mp4");
    }

    @Test
    void shouldSpeakTheArkVocabularyWhenAsked() throws Exception {
        start(b -> b.vocabulary(StatusVocabulary.ARK).queueTime(Duration.ofSeconds(10)));

        final String taskId = accepted(client.generate(GenerationRequest.ofPrompt("waves")));

        assertThat(call(client.query(taskId))).isInstanceOfSatisfying(ApiOutcome.Running.class, r -> {
            assertThat(r.status().status()).isEqualTo("queued");
            assertThat(r.recognised()).isTrue();
        });
    }

    @Test
    void shouldFailTasksWithTheConfiguredReason() throws Exception {
        start(b -> b.failureRate(1.0).failureReason("sensitive content").generationTime(Duration.ofMillis(200)));

        final String taskId = accepted(client.generate(GenerationRequest.ofPrompt("waves")));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(call(client.query(taskId)))
                        .isInstanceOfSatisfying(
                                ApiOutcome.GenerationFailed.class,
                                f -> assertThat(f.reason()).isEqualTo("sensitive content")));
    }

    @Test
    void shouldFailOrRejectTheRequestsWhosePromptAsksForIt() throws Exception {
        start(b -> b.generationTime(Duration.ofMillis(200)));

        final String moderated = accepted(
                client.generate(GenerationRequest.ofPrompt("waves [fail: OutputVideoSensitiveContentDetected]")));
        final String fine = accepted(client.generate(GenerationRequest.ofPrompt("waves")));
        assertThat(call(client.generate(GenerationRequest.ofPrompt("a face [reject: real person in the image]"))))
                .isInstanceOfSatisfying(
                        ApiOutcome.Rejected.class,
                        r -> assertThat(r.upstreamMessage()).isEqualTo("real person in the image"));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(call(client.query(moderated)))
                        .isInstanceOfSatisfying(
                                ApiOutcome.GenerationFailed.class,
                                f -> assertThat(f.reason()).isEqualTo("OutputVideoSensitiveContentDetected")));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(call(client.query(fine))).isInstanceOf(ApiOutcome.Succeeded.class));
        assertThat(simulator.stats().rejected()).isOne();
    }

    @Test
    void shouldValidateLikeTheDocumentedApi() throws Exception {
        start(UnaryOperator.identity());

        assertRejected("{\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"duration\":7}", "duration");
        assertRejected("{\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"ratio\":\"2:1\"}", "ratio");
        assertRejected("{\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://a/b.png\"}}]}", "text");
        assertRejected(
                "{\"content\":[{\"type\":\"text\",\"text\":\"x\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"not a url\"}}]}",
                "image 1");
        final StringBuilder tenImages = new StringBuilder("{\"content\":[{\"type\":\"text\",\"text\":\"x\"}");
        IntStream.rangeClosed(1, 10)
                .forEach(i -> tenImages
                        .append(",{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://a/")
                        .append(i)
                        .append(".png\"}}"));
        assertRejected(tenImages.append("]}").toString(), "at most 9 images");
        assertRejected("not json", "not JSON");
        assertThat(simulator.stats().rejected()).isEqualTo(6);
        assertThat(simulator.stats().tasksCreated()).isZero();
    }

    @Test
    void shouldRefuseAWrongKey() throws Exception {
        start(UnaryOperator.identity());
        final HttpSeedanceClient wrong = new HttpSeedanceClient(
                SeedanceClientConfig.of(ApiKey.of("dk-wrong")).withBaseUrl(simulator.baseUrl()));

        assertThat(call(wrong.generate(GenerationRequest.ofPrompt("waves"))))
                .isInstanceOfSatisfying(
                        ApiOutcome.Unauthorized.class,
                        u -> assertThat(u.httpStatus()).isEqualTo(401));
        assertThat(simulator.stats().unauthorized()).isEqualTo(1);
    }

    @Test
    void shouldAnswer404ForUnknownTasksAndOtherKeysTasks() throws Exception {
        start(b -> b.apiKeys(Set.of(KEY, "dk-other")));
        final String taskId = accepted(client.generate(GenerationRequest.ofPrompt("waves")));
        final HttpSeedanceClient other = new HttpSeedanceClient(
                SeedanceClientConfig.of(ApiKey.of("dk-other")).withBaseUrl(simulator.baseUrl()));

        assertThat(call(client.query("ta-unknown"))).isInstanceOf(ApiOutcome.NotFound.class);
        assertThat(call(other.query(taskId))).isInstanceOf(ApiOutcome.NotFound.class);
    }

    @Test
    void shouldAnswer404RightAfterCreationWhenAsked() throws Exception {
        start(b -> b.notFoundAfterCreation(Duration.ofMillis(500)).generationTime(Duration.ofSeconds(30)));
        final String taskId = accepted(client.generate(GenerationRequest.ofPrompt("waves")));

        assertThat(call(client.query(taskId))).isInstanceOf(ApiOutcome.NotFound.class);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(call(client.query(taskId))).isInstanceOf(ApiOutcome.Running.class));
    }

    @Test
    void shouldLimitRequestsPerMinuteWithRetryAfter() throws Exception {
        start(b -> b.generateRequestsPerMinute(60));

        accepted(client.generate(GenerationRequest.ofPrompt("first")));
        final ApiOutcome second = call(client.generate(GenerationRequest.ofPrompt("second")));

        assertThat(second).isInstanceOfSatisfying(ApiOutcome.Transient.class, t -> {
            assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.RATE_LIMITED);
            assertThat(t.retryAfter()).contains(Duration.ofSeconds(1));
        });
        assertThat(simulator.stats().rateLimited()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(3))
                .until(() -> call(client.generate(GenerationRequest.ofPrompt("third"))) instanceof ApiOutcome.Accepted);
    }

    @Test
    void shouldLimitTasksInFlightPerKey() throws Exception {
        start(b -> b.maxTasksInFlight(2).generationTime(Duration.ofMillis(1500)));

        accepted(client.generate(GenerationRequest.ofPrompt("a")));
        accepted(client.generate(GenerationRequest.ofPrompt("b")));
        assertThat(call(client.generate(GenerationRequest.ofPrompt("c"))))
                .isInstanceOfSatisfying(ApiOutcome.Transient.class, t -> {
                    assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.RATE_LIMITED);
                    assertThat(t.retryAfter())
                            .hasValueSatisfying(
                                    wait -> assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
                });
        await().atMost(Duration.ofSeconds(5))
                .until(() -> call(client.generate(GenerationRequest.ofPrompt("c"))) instanceof ApiOutcome.Accepted);
    }

    @Test
    void shouldInjectServerErrorsMalformedBodiesAndHangs() throws Exception {
        start(b -> b.errorRate(1.0));
        assertThat(call(client.query("t")))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class,
                        t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.SERVER_ERROR));

        simulator.reconfigure(b -> b.errorRate(0).malformedRate(1.0));
        assertThat(call(client.query("t")))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class,
                        t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.MALFORMED_RESPONSE));

        simulator.reconfigure(b -> b.malformedRate(0).hangRate(1.0));
        final HttpSeedanceClient impatient = new HttpSeedanceClient(SeedanceClientConfig.of(ApiKey.of(KEY))
                .withBaseUrl(simulator.baseUrl())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));
        assertThat(call(impatient.generate(GenerationRequest.ofPrompt("x"))))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class, t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.TIMEOUT));

        simulator.reconfigure(b -> b.hangRate(0));
        accepted(client.generate(GenerationRequest.ofPrompt("healthy again")));
        assertThat(simulator.stats()).satisfies(s -> {
            assertThat(s.serverErrors()).isEqualTo(1);
            assertThat(s.malformed()).isEqualTo(1);
            assertThat(s.hung()).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void shouldAddLatencyWithoutHoldingThreadsAndCountPeakConcurrency() throws Exception {
        start(b -> b.latency(Duration.ofMillis(400)));

        final List<CompletableFuture<ApiOutcome>> calls = IntStream.range(0, 20)
                .mapToObj(i -> client.generate(GenerationRequest.ofPrompt("p" + i)))
                .toList();

        assertThat(calls.get(0)).isNotDone();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(calls).allSatisfy(c -> assertThat(c.join()).isInstanceOf(ApiOutcome.Accepted.class));
        // 20 requests in flight at once although the server has only 4 handler threads.
        assertThat(simulator.stats().peakConcurrentRequests()).isGreaterThan(4);
    }

    @Test
    void shouldPostTheCallbackWhenATaskFinishes() throws Exception {
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        final HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        resources.add(() -> receiver.stop(0));
        start(b -> b.generationTime(Duration.ofMillis(300)));

        final String taskId = accepted(client.generate(GenerationRequest.of(
                "seedance-2.0",
                "waves",
                List.of(),
                10,
                AspectRatio.SQUARE_1_1,
                Optional.of(
                        URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?request=r-1")))));

        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.stats().callbacksSent() == 1);
        assertThat(received).singleElement().satisfies(body -> {
            assertThat(body.path("task_id").asText()).isEqualTo(taskId);
            assertThat(body.path("status").asText()).isEqualTo("success");
            assertThat(body.path("result").path("video").asText()).endsWith(taskId + ".mp4");
            assertThat(body.path("consumed").asText()).isEqualTo("1.000000");
        });
    }

    @Test
    void shouldCountDuplicateSubmissions() throws Exception {
        start(UnaryOperator.identity());

        accepted(client.generate(GenerationRequest.ofPrompt("same")));
        accepted(client.generate(GenerationRequest.ofPrompt("same")));
        accepted(client.generate(GenerationRequest.ofPrompt("different")));

        assertThat(simulator.stats().duplicateSubmissions()).isEqualTo(1);
        assertThat(simulator.stats().tasksCreated()).isEqualTo(3);
        assertThat(simulator.stats().generateRequests()).isEqualTo(3);
    }

    @Test
    void shouldBeDeterministicForASeed() throws Exception {
        assertThat(taskIds(7)).isEqualTo(taskIds(7)).isNotEqualTo(taskIds(8));
    }

    @Test
    void shouldRejectImpossibleConfiguration() {
        Assertions.assertThatThrownBy(
                        () -> SimulatorConfig.builder().errorRate(1.5).build())
                .hasMessageContaining("errorRate");
        Assertions.assertThatThrownBy(
                        () -> SimulatorConfig.builder().apiKeys(Set.of()).build())
                .hasMessageContaining("API key");
        Assertions.assertThatThrownBy(() ->
                        SimulatorConfig.builder().latency(Duration.ofMillis(-1)).build())
                .hasMessageContaining("latency");
    }

    private List<String> taskIds(final long seed) throws Exception {
        try (SeedanceSimulator seeded = SeedanceSimulator.start(
                SimulatorConfig.builder().seed(seed).apiKeys(Set.of(KEY)).build())) {
            final HttpSeedanceClient seededClient = new HttpSeedanceClient(
                    SeedanceClientConfig.of(ApiKey.of(KEY)).withBaseUrl(seeded.baseUrl()));
            final List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(accepted(seededClient.generate(GenerationRequest.ofPrompt("p" + i))));
            }
            return ids;
        }
    }

    @Test
    void shouldForgetFinishedTasksAfterTheirRetentionAsTheRealApiDoes() throws Exception {
        final TestClock clock = new TestClock();
        start(b -> b.generationTime(Duration.ofSeconds(90)).taskRetention(Duration.ofHours(1)), clock);
        final String taskId = accepted(client.generate(GenerationRequest.ofPrompt("waves")));
        clock.advance(Duration.ofMinutes(30));

        assertThat(simulator.forgetFinishedTasks()).isZero();
        assertThat(call(client.query(taskId))).isInstanceOf(ApiOutcome.Succeeded.class);
        // Finished at 1.5 min: an hour after that has passed at 61.5 min.
        clock.advance(Duration.ofMinutes(32));

        assertThat(simulator.forgetFinishedTasks()).isEqualTo(1);
        assertThat(simulator.tasksRemembered()).isZero();
        assertThat(call(client.query(taskId))).isInstanceOf(ApiOutcome.NotFound.class);
        assertThat(simulator.stats().tasksCreated())
                .as("counted, though forgotten")
                .isEqualTo(1);
    }

    @Test
    void shouldDropAHangingCallAfterItsHangTime() {
        start(b -> b.hangRate(1.0).hangFor(Duration.ofMillis(300)));
        final HttpClient http = HttpClient.newHttpClient();

        final CompletableFuture<HttpResponse<String>> stuck = http.sendAsync(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + SeedanceSimulator.QUERY_PATH + "?task_id=x"))
                        .header("Authorization", "Bearer " + KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofSeconds(5)).until(stuck::isDone);
        assertThat(stuck).isCompletedExceptionally();
        // The JDK client tries an idempotent GET once more on a dropped connection.
        assertThat(simulator.stats().hung()).isBetween(1L, 2L);
    }

    @Test
    void shouldCountItsPerSecondLimitOnTheClockItIsGiven() throws Exception {
        final TestClock clock = new TestClock();
        start(b -> b.queryRequestsPerMinute(120), clock);
        int answered = 0;
        int limited = 0;
        // Two a second, counted on the test clock: a minute of it in 4 calls a (test) second.
        for (int second = 0; second < 60; second++) {
            for (int i = 0; i < 4; i++) {
                final ApiOutcome outcome = call(client.query("ta-" + second + "-" + i));
                if (outcome instanceof ApiOutcome.Transient t && t.cause() == ApiOutcome.Cause.RATE_LIMITED) {
                    limited++;
                } else {
                    answered++;
                }
            }
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(answered).isEqualTo(120);
        assertThat(limited).isEqualTo(120);
    }

    private void start(final UnaryOperator<SimulatorConfigBuilder> configure) {
        start(configure, Clock.systemUTC());
    }

    private void start(final UnaryOperator<SimulatorConfigBuilder> configure, final Clock clock) {
        simulator = SeedanceSimulator.start(
                configure.apply(SimulatorConfig.builder().apiKeys(Set.of(KEY))).build(), clock);
        resources.add(simulator);
        client = new HttpSeedanceClient(SeedanceClientConfig.of(ApiKey.of(KEY)).withBaseUrl(simulator.baseUrl()));
    }

    private void assertRejected(final String body, final String mentioning) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + SeedanceSimulator.GENERATE_PATH))
                                .header("Authorization", "Bearer " + KEY)
                                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        final JsonNode json = JSON.readTree(response.body());
        assertThat(json.path("code").asInt()).isEqualTo(1);
        assertThat(json.path("message").asText()).contains(mentioning);
    }

    private static String accepted(final CompletableFuture<ApiOutcome> call) throws Exception {
        final ApiOutcome outcome = call(call);
        assertThat(outcome).isInstanceOf(ApiOutcome.Accepted.class);
        return ((ApiOutcome.Accepted) outcome).taskId();
    }

    private static ApiOutcome call(final CompletableFuture<ApiOutcome> call) throws Exception {
        return call.get(10, TimeUnit.SECONDS);
    }
}
