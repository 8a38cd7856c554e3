package io.seedance.streams.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Copies videos from the upstream's temporary links into a {@link VideoStore}, off the stream
 * threads: at most {@code maxConcurrent} copies at once for the whole instance (a copy that cannot
 * start now is not started: its task asks again at its next sweep, so no stream thread ever
 * waits), each streamed from the download straight into the store with bounded memory.
 */
public final class VideoCopier implements AutoCloseable {

    /** How a copy ended. */
    public sealed interface Outcome {
        /** The video is in the store. */
        record Copied(StoredVideo video) implements Outcome {}

        /**
         * No copy. {@code lasting} when trying again cannot help: the link has expired (403 or 404
         * from the video's host) or the video is over the cap.
         */
        record NotCopied(String reason, boolean lasting) implements Outcome {}
    }

    private final VideoStore store;
    private final long maxBytes;
    private final Duration timeout;
    private final Semaphore slots;
    private final ExecutorService threads;
    private final HttpClient http;

    public VideoCopier(final VideoStore store, final long maxBytes, final int maxConcurrent, final Duration timeout) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.slots = new Semaphore(maxConcurrent);
        this.threads = Executors.newFixedThreadPool(maxConcurrent, runnable -> {
            final Thread thread = new Thread(runnable, "seedance-video-copy");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** How long a copy may take before its task looks at it again. */
    public Duration timeout() {
        return timeout;
    }

    public VideoStore store() {
        return store;
    }

    /**
     * Starts copying the video at {@code link} into the object of {@code requestId}; empty when
     * every slot is taken (ask again later). The future never fails: a failure is a {@link
     * Outcome.NotCopied}.
     */
    public java.util.Optional<CompletableFuture<Outcome>> copy(final String requestId, final URI link) {
        if (!slots.tryAcquire()) {
            return java.util.Optional.empty();
        }
        final CompletableFuture<Outcome> copied =
                CompletableFuture.supplyAsync(() -> copyNow(requestId, link), threads);
        copied.whenComplete((outcome, failure) -> slots.release());
        return java.util.Optional.of(copied);
    }

    private Outcome copyNow(final String requestId, final URI link) {
        try {
            final HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(link).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                final int status = response.statusCode();
                if (status == 403 || status == 404 || status == 410) {
                    return new Outcome.NotCopied("the video's link answered HTTP " + status + ": it has expired", true);
                }
                if (status != 200) {
                    return new Outcome.NotCopied("the video's link answered HTTP " + status, false);
                }
                return new Outcome.Copied(store.put(requestId, body, maxBytes));
            }
        } catch (final VideoTooLargeException e) {
            return new Outcome.NotCopied(e.getMessage(), true);
        } catch (final IOException e) {
            return new Outcome.NotCopied(
                    e.getMessage() != null && e.getMessage().startsWith("the video")
                            ? e.getMessage()
                            : "the copy failed: " + e.getClass().getSimpleName()
                                    + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    false);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.NotCopied("the copy was interrupted", false);
        } catch (final RuntimeException e) {
            return new Outcome.NotCopied("the copy failed: " + e, false);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
