package io.seedance.streams.storage;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.seedance.streams.upstream.TlsFailures;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Copies videos from the upstream's temporary links into a {@link VideoStore}, off the stream
 * threads: at most {@code maxConcurrent} copies at once for the whole instance (a copy that cannot
 * start now is not started: its task asks again at its next sweep, so no stream thread ever
 * waits), each streamed from the download straight into the store with bounded memory. The store
 * has its own circuit breaker, which only the store's failures open (never an expired link or a
 * slow video host): while it is open no copy starts, and videos wait in STORING.
 */
public final class VideoCopier implements AutoCloseable {

    /** How a copy ended. */
    public sealed interface Outcome {
        /** The video is in the store. */
        record Copied(StoredVideo video) implements Outcome {}

        /**
         * No copy. {@code lasting} when trying again cannot help: the link has expired (403, 404 or
         * 410 from the video's host) or the video is over the cap; {@code storeFailed} when the
         * store itself failed.
         */
        record NotCopied(String reason, boolean lasting, boolean storeFailed) implements Outcome {
            public NotCopied(final String reason, final boolean lasting) {
                this(reason, lasting, false);
            }
        }
    }

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(10)
            .minimumNumberOfCalls(5)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(30))
            .permittedNumberOfCallsInHalfOpenState(2)
            .build());
    private final CircuitBreaker breaker = breakers.circuitBreaker("storage");
    private final VideoStore store;
    private final long maxBytes;
    private final Duration timeout;
    private final Semaphore slots;
    private final ExecutorService threads;
    private final HttpClient http;

    public VideoCopier(final VideoStore store, final long maxBytes, final int maxConcurrent, final Duration timeout) {
        this(store, maxBytes, maxConcurrent, timeout, Optional.empty());
    }

    /** With {@code trust}, the TLS context that checks the video hosts' certificates (else the JDK's). */
    public VideoCopier(
            final VideoStore store,
            final long maxBytes,
            final int maxConcurrent,
            final Duration timeout,
            final Optional<SSLContext> trust) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.slots = new Semaphore(maxConcurrent);
        this.threads = Executors.newFixedThreadPool(maxConcurrent, runnable -> {
            final Thread thread = new Thread(runnable, "seedance-video-copy");
            thread.setDaemon(true);
            return thread;
        });
        final HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL);
        trust.ifPresent(http::sslContext);
        this.http = http.build();
    }

    /** How long a copy may take before its task looks at it again. */
    public Duration timeout() {
        return timeout;
    }

    public VideoStore store() {
        return store;
    }

    /** The store's circuit breakers, for the metrics. */
    public CircuitBreakerRegistry circuitBreakers() {
        return breakers;
    }

    /** The store's circuit, for the readiness answer. */
    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    /**
     * Starts copying the video at {@code link} into the object of {@code requestId}; empty when
     * every slot is taken or the store's circuit is open (ask again later). The future never
     * fails: a failure is a {@link Outcome.NotCopied}.
     */
    public Optional<CompletableFuture<Outcome>> copy(final String requestId, final URI link) {
        if (!breaker.tryAcquirePermission()) {
            return Optional.empty();
        }
        if (!slots.tryAcquire()) {
            breaker.releasePermission();
            return Optional.empty();
        }
        final CompletableFuture<Outcome> copied =
                CompletableFuture.supplyAsync(() -> copyNow(requestId, link), threads);
        copied.whenComplete((outcome, failure) -> slots.release());
        return Optional.of(copied);
    }

    private Outcome copyNow(final String requestId, final URI link) {
        final long started = System.nanoTime();
        final Outcome outcome = download(requestId, link);
        final long took = System.nanoTime() - started;
        if (outcome instanceof Outcome.Copied) {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        } else if (outcome instanceof Outcome.NotCopied failed && failed.storeFailed()) {
            breaker.onError(took, TimeUnit.NANOSECONDS, new IOException(failed.reason()));
        } else {
            breaker.releasePermission(); // the link's doing, not the store's
        }
        return outcome;
    }

    private Outcome download(final String requestId, final URI link) {
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
                return store(requestId, body);
            }
        } catch (final SSLException e) {
            return new Outcome.NotCopied(
                    "the download failed: TLS: " + TlsFailures.explain(e, "the video's host", "SEEDANCE_CA_FILE"),
                    false);
        } catch (final IOException e) {
            return new Outcome.NotCopied(
                    "the download failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    false);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.NotCopied("the copy was interrupted", false);
        } catch (final RuntimeException e) {
            return new Outcome.NotCopied("the copy failed: " + e, false, true);
        }
    }

    /** Into the store; what went wrong there says whose fault it was. */
    private Outcome store(final String requestId, final InputStream body) {
        try {
            return new Outcome.Copied(store.put(requestId, body, maxBytes));
        } catch (final VideoTooLargeException e) {
            return new Outcome.NotCopied(e.getMessage(), true);
        } catch (final IOException e) {
            final String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // A failed read of the download surfaces here too; the store's own failures name it.
            return why.startsWith("the video")
                    ? new Outcome.NotCopied(why, false)
                    : new Outcome.NotCopied("the store failed: " + why, false, true);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
