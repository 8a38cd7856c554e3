package io.seedance.streams.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the simulated upstream behaves: its task lifecycle, its limits (per API key, like the real
 * one) and the faults it injects. Immutable; build with {@link #builder()}. Rates are
 * probabilities between 0 and 1; a limit of 0 means unlimited.
 *
 * @param publicUrl                 where clients reach the simulator, for the video links it hands
 *                                   out (behind a container name or a proxy, say); empty: its own
 *                                   address
 * @param generateRequestsPerMinute generate calls a key may make per minute (429 beyond)
 * @param rateWindow                how the per-minute limits are counted: strict one-second
 *                                   windows of R/60 (default), or at most R in any minute
 * @param queryRequestsPerMinute     query calls a key may make per minute (429 beyond)
 * @param maxTasksInFlight           unfinished tasks a key may have (429 on generate beyond)
 * @param notFoundAfterCreation      queries of a task this young answer 404, as a real upstream
 *                                   that has not indexed the task yet may
 * @param taskRetention              how long a finished task can still be queried (and its video
 *                                   fetched) before it is forgotten; the real API keeps tasks
 *                                   about 7 days. Bounds the memory of a simulator that runs for days.
 * @param hangFor                    how long a call chosen to hang is held before its connection is
 *                                   closed without an answer
 * @param videoBytes                 the size of each video served: a real, playable 2-second MP4,
 *                                   padded with an MP4 {@code free} box to this size; 0 for the MP4
 *                                   as it is (about 3 KB)
 * @param pricePerSecond             credits charged per second of video (the {@code consumed} of a
 *                                   successful task); 0.1, as the upstream's example
 */
public record SimulatorConfig(
        String host,
        int port,
        String publicUrl,
        Set<String> apiKeys,
        long seed,
        Duration queueTime,
        Duration generationTime,
        Duration generationSpread,
        double failureRate,
        String failureReason,
        int generateRequestsPerMinute,
        RateWindow rateWindow,
        int queryRequestsPerMinute,
        int maxTasksInFlight,
        double errorRate,
        Duration latency,
        Duration latencyJitter,
        double hangRate,
        double malformedRate,
        Duration notFoundAfterCreation,
        StatusVocabulary vocabulary,
        boolean callbacks,
        Duration taskRetention,
        Duration hangFor,
        long videoBytes,
        double pricePerSecond) {

    public static final String DEFAULT_API_KEY = "dk-simulator";

    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(publicUrl, "publicUrl");
        if (publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
        apiKeys = Set.copyOf(apiKeys);
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(rateWindow, "rateWindow");
        Objects.requireNonNull(failureReason, "failureReason");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (apiKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one API key is required");
        }
        requireNonNegative("queueTime", queueTime);
        requireNonNegative("generationTime", generationTime);
        requireNonNegative("generationSpread", generationSpread);
        requireNonNegative("latency", latency);
        requireNonNegative("latencyJitter", latencyJitter);
        requireNonNegative("notFoundAfterCreation", notFoundAfterCreation);
        requireNonNegative("taskRetention", taskRetention);
        requireNonNegative("hangFor", hangFor);
        if (videoBytes < 0 || videoBytes > 1L << 31) {
            throw new IllegalArgumentException("videoBytes must be from 0 to 2 GiB, got " + videoBytes);
        }
        requireProbability("failureRate", failureRate);
        if (!(pricePerSecond >= 0)) {
            throw new IllegalArgumentException("pricePerSecond must be 0 or more, got " + pricePerSecond);
        }
        requireProbability("errorRate", errorRate);
        requireProbability("hangRate", hangRate);
        requireProbability("malformedRate", malformedRate);
        if (generateRequestsPerMinute < 0 || queryRequestsPerMinute < 0 || maxTasksInFlight < 0) {
            throw new IllegalArgumentException("limits must be 0 (unlimited) or positive");
        }
    }

    public static SimulatorConfigBuilder builder() {
        return new SimulatorConfigBuilder();
    }

    public SimulatorConfigBuilder toBuilder() {
        return new SimulatorConfigBuilder(this);
    }

    private static void requireNonNegative(final String name, final Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, got " + value);
        }
    }

    private static void requireProbability(final String name, final double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }
}
