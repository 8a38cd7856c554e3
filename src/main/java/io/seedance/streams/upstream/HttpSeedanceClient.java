package io.seedance.streams.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.utils.ThreadUtils;

/**
 * The Seedance API over the JDK's asynchronous HTTP client. A call returns at once; its future
 * completes on the client's own threads, so the caller (the stream thread) never waits on the
 * network. Even the start of a call (where the JDK may resolve the host name synchronously) runs
 * on the client's executor, not on the caller's thread. The API key travels only in the
 * {@code Authorization} header.
 */
public final class HttpSeedanceClient implements SeedanceApi {

    static final String GENERATE_PATH = "/api/video/seedance/gen";
    static final String QUERY_PATH = "/api/task/query";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SeedanceClientConfig config;
    private final String base;
    private final HttpClient http;
    private final ExecutorService executor;
    private final ResponseClassifier classifier;

    public HttpSeedanceClient(final SeedanceClientConfig config) {
        this(config, Clock.systemUTC());
    }

    public HttpSeedanceClient(final SeedanceClientConfig config, final Clock clock) {
        this.config = config;
        final String url = config.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.executor = Executors.newCachedThreadPool(ThreadUtils.createThreadFactory("seedance-api-%d", true));
        final HttpClient.Builder http =
                HttpClient.newBuilder().connectTimeout(config.connectTimeout()).executor(executor);
        config.trusted().ifPresent(authorities -> http.sslContext(authorities.sslContext()));
        this.http = http.build();
        this.classifier = new ResponseClassifier(clock);
    }

    @Override
    public CompletableFuture<ApiOutcome> generate(final GenerationRequest request) {
        final HttpRequest http = builder(URI.create(base + GENERATE_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request)))
                .build();
        return send(http)
                .thenApply(
                        response -> classifier.generate(response.statusCode(), response.body(), retryAfter(response)))
                .exceptionally(ResponseClassifier::failure);
    }

    @Override
    public CompletableFuture<ApiOutcome> query(final String taskId) {
        final HttpRequest http = builder(
                        URI.create(base + QUERY_PATH + "?task_id=" + URLEncoder.encode(taskId, StandardCharsets.UTF_8)))
                .GET()
                .build();
        return send(http)
                .thenApply(response ->
                        classifier.query(taskId, response.statusCode(), response.body(), retryAfter(response)))
                .exceptionally(ResponseClassifier::failure);
    }

    @Override
    public String toString() {
        return "HttpSeedanceClient[" + base + "]";
    }

    private HttpRequest.Builder builder(final URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", config.apiKey().authorization());
    }

    private CompletableFuture<HttpResponse<String>> send(final HttpRequest request) {
        try {
            return CompletableFuture.supplyAsync(
                            () -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()), executor)
                    .thenCompose(response -> response);
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String retryAfter(final HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").orElse(null);
    }

    static String body(final GenerationRequest request) {
        final ObjectNode body = JSON.createObjectNode().put("model", request.model());
        final ArrayNode content = body.putArray("content");
        for (final ContentItem item : request.content()) {
            if (item instanceof ContentItem.Text text) {
                content.addObject().put("type", "text").put("text", text.text());
            } else if (item instanceof ContentItem.ImageUrl image) {
                content.addObject()
                        .put("type", "image_url")
                        .putObject("image_url")
                        .put("url", image.url());
            }
        }
        body.put("duration", request.durationSeconds());
        body.put("ratio", request.ratio().wire());
        request.callbackUrl().ifPresent(url -> body.put("callback_url", url.toString()));
        return body.toString();
    }
}
