package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.storage.FilesystemVideoStore;
import io.seedance.streams.storage.S3VideoStore;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.storage.VideoStore;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The durable copy through the topology on the driver's clock, against a real HTTP server for the
 * video links and a real directory: a succeeded task is STORING until its copy is made, then its
 * video-completed carries the copy; an expired link, or a store that fails until the give-up,
 * still delivers the paid video, saying why there is no copy.
 */
class StoringTest {

    private static final byte[] VIDEO = "not really an mp4, but bytes all the same".getBytes();

    @TempDir
    Path dir;

    private final AtomicInteger flakyCalls = new AtomicInteger();
    private HttpServer links;
    private TopologyHarness harness;
    private FilesystemVideoStore store;

    private void start(final int failuresBeforeSuccess) throws IOException {
        start(failuresBeforeSuccess, null, Duration.ofSeconds(10));
    }

    /** With {@code s3} as the store instead of the directory, when given. */
    private void start(final int failuresBeforeSuccess, final VideoStore s3, final Duration giveUpAfter)
            throws IOException {
        links = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        links.createContext("/", exchange -> {
            try (exchange) {
                final String path = exchange.getRequestURI().getPath();
                final int status = switch (path) {
                    case "/ok.mp4" -> 200;
                    case "/gone.mp4" -> 403;
                    case "/flaky.mp4" -> flakyCalls.incrementAndGet() > failuresBeforeSuccess ? 200 : 503;
                    default -> 500;
                };
                if (status != 200) {
                    exchange.sendResponseHeaders(status, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, VIDEO.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(VIDEO);
                }
            }
        });
        links.start();
        store = new FilesystemVideoStore(dir, "", "http://service:8080");
        final VideoStore used = s3 != null ? s3 : store;
        harness = new TopologyHarness(
                TopologyHarness.testConfig()
                        .firstPollDelay(Duration.ofSeconds(1))
                        .retryInitial(Duration.ofSeconds(1))
                        .maxRetryInterval(Duration.ofSeconds(5))
                        .storageGiveUpAfter(giveUpAfter)
                        .build(),
                Optional.of(new VideoCopier(used, 1 << 20, 2, Duration.ofSeconds(10))));
    }

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
        if (links != null) {
            links.stop(0);
        }
    }

    /** Runs r-1 to its success upstream, its video at {@code path} of the links server. */
    private void succeedWithVideoAt(final String path) {
        harness.send(Samples.request("r-1"));
        harness.sweep(2);
        harness.api.onlyUnanswered().answer(new ApiOutcome.Accepted("ta-1"));
        harness.sweep(1);
        harness.advance(Duration.ofSeconds(1));
        harness.api
                .onlyUnanswered()
                .answer(new ApiOutcome.Succeeded(new TaskStatus(
                        "ta-1",
                        "success",
                        "http://127.0.0.1:" + links.getAddress().getPort() + path,
                        "1.000000",
                        null,
                        null)));
        harness.sweep(1);
    }

    /** Sweeps until the event comes (the copies run on their own threads, in real time). */
    private VideoCompleted completedEvent() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    harness.sweep(1);
                    return !harness.completed.isEmpty();
                });
        return harness.completed.readValue();
    }

    @Test
    void shouldCopyTheVideoBeforeItsEvent() throws Exception {
        start(0);
        succeedWithVideoAt("/ok.mp4");
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.STORING);

        final VideoCompleted completed = completedEvent();

        assertThat(completed.getStoredVideoUrl()).isEqualTo("http://service:8080/videos/r-1.mp4");
        assertThat(completed.getVideoSha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(VIDEO)));
        assertThat(completed.getVideoBytes()).isEqualTo(VIDEO.length);
        assertThat(completed.getStorageError()).isNull();
        assertThat(completed.getVideoUrl()).as("the upstream's link stays").endsWith("/ok.mp4");
        assertThat(completed.getConsumed()).isEqualTo("1.000000");
        assertThat(Files.readAllBytes(store.pathOf("r-1"))).isEqualTo(VIDEO);
        assertThat(harness.metrics.count(Counter.VIDEOS_STORED)).isOne();
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.DONE);
    }

    @Test
    void shouldDeliverAVideoWhoseLinkExpiredWithoutACopySayingWhy() throws Exception {
        start(0);
        succeedWithVideoAt("/gone.mp4");

        final VideoCompleted completed = completedEvent();

        assertThat(completed.getStoredVideoUrl()).isNull();
        assertThat(completed.getStorageError()).contains("HTTP 403").contains("expired");
        assertThat(harness.metrics.count(Counter.STORAGE_GAVE_UP)).isOne();
    }

    @Test
    void shouldTryAgainWhileTheLinkFailsThenCopy() throws Exception {
        start(2);
        succeedWithVideoAt("/flaky.mp4");

        final VideoCompleted completed = completedEvent();

        assertThat(completed.getStoredVideoUrl()).endsWith("/videos/r-1.mp4");
        assertThat(flakyCalls).hasValue(3);
        assertThat(harness.metrics.count(Counter.STORAGE_FAILED_TRANSIENT)).isEqualTo(2);
    }

    @Test
    void shouldCopyToAnS3StoreThatWasDownOnceItIsBack() throws Exception {
        final int port = RunEnvironment.freePort();
        try (S3Client s3 = S3VideoStore.client("http://127.0.0.1:" + port, "us-east-1", true, "id", "secret")) {
            // The sweeps run on mock time while each copy takes real time: a give-up far away.
            start(0, new S3VideoStore(s3, "videos", ""), Duration.ofDays(1));
            succeedWithVideoAt("/ok.mp4");
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        harness.sweep(1);
                        return harness.metrics.count(Counter.STORAGE_FAILED_TRANSIENT) >= 2;
                    });
            assertThat(harness.task("r-1").phase())
                    .as("the store is down: still trying")
                    .isEqualTo(TaskPhase.STORING);
            assertThat(harness.task("r-1").lastError()).contains("bucket videos");

            final S3Proxy proxy = S3Proxy.builder()
                    .blobStore(ContextBuilder.newBuilder("transient")
                            .credentials("identity", "credential")
                            .build(BlobStoreContext.class)
                            .getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "id", "secret")
                    .build();
            proxy.start();
            try {
                await().until(() -> "STARTED".equals(proxy.getState()));
                s3.createBucket(request -> request.bucket("videos"));

                final VideoCompleted completed = completedEvent();

                assertThat(completed.getStoredVideoUrl()).isEqualTo("s3://videos/r-1.mp4");
                assertThat(completed.getVideoBytes()).isEqualTo(VIDEO.length);
                assertThat(s3.getObjectAsBytes(
                                        request -> request.bucket("videos").key("r-1.mp4"))
                                .asByteArray())
                        .isEqualTo(VIDEO);
            } finally {
                proxy.stop();
            }
        }
    }

    @Test
    void shouldGiveUpAfterItsTimeAndStillDeliverTheVideo() throws Exception {
        start(0);
        succeedWithVideoAt("/down.mp4");

        final VideoCompleted completed = completedEvent();

        assertThat(completed.getStoredVideoUrl()).isNull();
        assertThat(completed.getStorageError())
                .contains("no copy was made before STORAGE_GIVE_UP_AFTER")
                .contains("HTTP 500");
        assertThat(completed.getVideoUrl()).endsWith("/down.mp4");
        assertThat(harness.metrics.count(Counter.STORAGE_FAILED_TRANSIENT))
                .as("tried again with backoff until the give-up")
                .isGreaterThanOrEqualTo(2);
    }
}
