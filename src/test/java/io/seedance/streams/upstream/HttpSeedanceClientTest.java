package io.seedance.streams.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against scripted answers from a real local HTTP server (OkHttp's MockWebServer). */
class HttpSeedanceClientTest {

    private static final String SECRET = "dk-1234567890abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private HttpSeedanceClient client;

    @BeforeEach
    void start() throws IOException {
        server.start(0);
        client = clientWithRequestTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldPostTheDocumentedGenerateBodyWithTheBearerKey() throws Exception {
        server.enqueue(json(200, "{\"code\":0,\"message\":\"ok\",\"data\":{\"task_id\":\"ta-1\"}}"));
        final GenerationRequest request = GenerationRequest.of(
                "seedance-2.0",
                "The cat in @image1 meets the dog in @image2",
                List.of("https://example.com/cat.png", "https://example.com/dog.png"),
                10,
                AspectRatio.TALL_9_16,
                Optional.of(URI.create("https://hooks.example.com/cb/r-1?sig=abc")));

        assertThat(client.generate(request).get(5, TimeUnit.SECONDS)).isEqualTo(new ApiOutcome.Accepted("ta-1"));

        final RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getTarget()).isEqualTo("/api/video/seedance/gen");
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
        assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(JSON.readTree(recorded.getBody().utf8())).isEqualTo(JSON.readTree("""
                { "model": "seedance-2.0",
                  "content": [
                    { "type": "text", "text": "The cat in @image1 meets the dog in @image2" },
                    { "type": "image_url", "image_url": { "url": "https://example.com/cat.png" } },
                    { "type": "image_url", "image_url": { "url": "https://example.com/dog.png" } } ],
                  "duration": 10, "ratio": "9:16",
                  "callback_url": "https://hooks.example.com/cb/r-1?sig=abc" }"""));
    }

    @Test
    void shouldQueryWithTheEncodedTaskId() throws Exception {
        server.enqueue(json(200, "{\"code\":0,\"data\":{\"task_id\":\"ta 1/2\",\"status\":\"in_progress\"}}"));

        final ApiOutcome outcome = client.query("ta 1/2").get(5, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(ApiOutcome.Running.class);
        final RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.getMethod()).isEqualTo("GET");
        assertThat(recorded.getUrl().queryParameter("task_id")).isEqualTo("ta 1/2");
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
    }

    @Test
    void shouldReturnBeforeTheUpstreamAnswers() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .body("{\"code\":0,\"data\":{\"task_id\":\"slow\"}}")
                .headersDelay(1, TimeUnit.SECONDS)
                .build());

        final CompletableFuture<ApiOutcome> future = client.generate(GenerationRequest.ofPrompt("waves"));

        assertThat(future).isNotDone();
        assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(new ApiOutcome.Accepted("slow"));
    }

    @Test
    void shouldTimeOutOnAnUpstreamThatNeverAnswers() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        client = clientWithRequestTimeout(Duration.ofMillis(300));

        assertThat(client.query("t").get(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class, t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.TIMEOUT));
    }

    @Test
    void shouldReportAConnectionThatBreaks() throws Exception {
        // Twice: the JDK's client retries an idempotent GET once on a broken connection.
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(new SocketEffect.CloseSocket())
                .build());
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(new SocketEffect.CloseSocket())
                .build());

        assertThat(client.query("t").get(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class, t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.CONNECTION));
    }

    @Test
    void shouldReportAnUpstreamThatIsDown() throws Exception {
        final int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        final HttpSeedanceClient down = new HttpSeedanceClient(
                SeedanceClientConfig.of(ApiKey.of(SECRET)).withBaseUrl(URI.create("http://127.0.0.1:" + closed)));

        final ApiOutcome outcome =
                down.generate(GenerationRequest.ofPrompt("waves")).get(5, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.Transient.class, t -> {
            assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.CONNECTION);
            assertThat(t.detail()).doesNotContain(SECRET);
        });
    }

    @Test
    void shouldPassRetryAfterOfA429() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "7")
                .body("{\"code\":1,\"message\":\"too many requests\"}")
                .build());

        assertThat(client.generate(GenerationRequest.ofPrompt("waves")).get(5, TimeUnit.SECONDS))
                .isEqualTo(new ApiOutcome.Transient(
                        ApiOutcome.Cause.RATE_LIMITED,
                        Optional.of(Duration.ofSeconds(7)),
                        "HTTP 429: too many requests"));
    }

    @Test
    void shouldClassifyEachDocumentedErrorCode() throws Exception {
        server.enqueue(json(400, "{\"code\":1,\"message\":\"invalid parameters\"}"));
        server.enqueue(json(401, "{\"code\":1,\"message\":\"unauthenticated\"}"));
        server.enqueue(json(404, "{\"code\":1,\"message\":\"task not found\"}"));
        server.enqueue(json(500, "{\"code\":1,\"message\":\"internal server error\"}"));
        server.enqueue(json(200, "<html>gateway</html>"));

        assertThat(client.generate(GenerationRequest.ofPrompt("x")).get(5, TimeUnit.SECONDS))
                .isEqualTo(new ApiOutcome.Rejected(400, "HTTP 400: invalid parameters"));
        assertThat(client.generate(GenerationRequest.ofPrompt("x")).get(5, TimeUnit.SECONDS))
                .isEqualTo(new ApiOutcome.Unauthorized(401, "HTTP 401: unauthenticated"));
        assertThat(client.query("t").get(5, TimeUnit.SECONDS))
                .isEqualTo(new ApiOutcome.NotFound("HTTP 404: task not found"));
        assertThat(client.query("t").get(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class,
                        t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.SERVER_ERROR));
        assertThat(client.query("t").get(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class,
                        t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.MALFORMED_RESPONSE));
    }

    @Test
    void shouldNotShowTheKeyInItsDescription() {
        assertThat(client.toString()).doesNotContain(SECRET);
    }

    private HttpSeedanceClient clientWithRequestTimeout(final Duration timeout) {
        return new HttpSeedanceClient(SeedanceClientConfig.of(ApiKey.of(SECRET))
                .withBaseUrl(URI.create(server.url("/").toString()))
                .withTimeouts(Duration.ofSeconds(2), timeout));
    }

    private static MockResponse json(final int code, final String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }
}
