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
        Duration hangFor) {

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
        requireProbability("failureRate", failureRate);
        requireProbability("errorRate", errorRate);
        requireProbability("hangRate", hangRate);
        requireProbability("malformedRate", malformedRate);
        if (generateRequestsPerMinute < 0 || queryRequestsPerMinute < 0 || maxTasksInFlight < 0) {
            throw new IllegalArgumentException("limits must be 0 (unlimited) or positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
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

    /** Defaults: a well-behaved upstream on a free loopback port, tasks done in about 2 seconds. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String publicUrl = "";
        private Set<String> apiKeys = Set.of(DEFAULT_API_KEY);
        private long seed = 42;
        private Duration queueTime = Duration.ofMillis(300);
        private Duration generationTime = Duration.ofSeconds(2);
        private Duration generationSpread = Duration.ZERO;
        private double failureRate;
        private String failureReason = "The generation failed: content could not be rendered";
        private int generateRequestsPerMinute;
        private RateWindow rateWindow = RateWindow.SECOND;
        private int queryRequestsPerMinute;
        private int maxTasksInFlight;
        private double errorRate;
        private Duration latency = Duration.ZERO;
        private Duration latencyJitter = Duration.ZERO;
        private double hangRate;
        private double malformedRate;
        private Duration notFoundAfterCreation = Duration.ZERO;
        private StatusVocabulary vocabulary = StatusVocabulary.DEFAPI;
        private boolean callbacks = true;
        private Duration taskRetention = Duration.ofDays(7);
        private Duration hangFor = Duration.ofMinutes(5);

        private Builder() {}

        private Builder(final SimulatorConfig c) {
            host = c.host;
            port = c.port;
            publicUrl = c.publicUrl;
            apiKeys = c.apiKeys;
            seed = c.seed;
            queueTime = c.queueTime;
            generationTime = c.generationTime;
            generationSpread = c.generationSpread;
            failureRate = c.failureRate;
            failureReason = c.failureReason;
            generateRequestsPerMinute = c.generateRequestsPerMinute;
            rateWindow = c.rateWindow;
            queryRequestsPerMinute = c.queryRequestsPerMinute;
            maxTasksInFlight = c.maxTasksInFlight;
            errorRate = c.errorRate;
            latency = c.latency;
            latencyJitter = c.latencyJitter;
            hangRate = c.hangRate;
            malformedRate = c.malformedRate;
            notFoundAfterCreation = c.notFoundAfterCreation;
            vocabulary = c.vocabulary;
            callbacks = c.callbacks;
            taskRetention = c.taskRetention;
            hangFor = c.hangFor;
        }

        public Builder host(final String value) {
            host = value;
            return this;
        }

        public Builder port(final int value) {
            port = value;
            return this;
        }

        public Builder publicUrl(final String value) {
            publicUrl = value;
            return this;
        }

        public Builder apiKeys(final Set<String> value) {
            apiKeys = value;
            return this;
        }

        public Builder seed(final long value) {
            seed = value;
            return this;
        }

        public Builder queueTime(final Duration value) {
            queueTime = value;
            return this;
        }

        public Builder generationTime(final Duration value) {
            generationTime = value;
            return this;
        }

        public Builder generationSpread(final Duration value) {
            generationSpread = value;
            return this;
        }

        public Builder failureRate(final double value) {
            failureRate = value;
            return this;
        }

        public Builder failureReason(final String value) {
            failureReason = value;
            return this;
        }

        public Builder generateRequestsPerMinute(final int value) {
            generateRequestsPerMinute = value;
            return this;
        }

        public Builder rateWindow(final RateWindow value) {
            rateWindow = value;
            return this;
        }

        public Builder queryRequestsPerMinute(final int value) {
            queryRequestsPerMinute = value;
            return this;
        }

        public Builder maxTasksInFlight(final int value) {
            maxTasksInFlight = value;
            return this;
        }

        public Builder errorRate(final double value) {
            errorRate = value;
            return this;
        }

        public Builder latency(final Duration value) {
            latency = value;
            return this;
        }

        public Builder latencyJitter(final Duration value) {
            latencyJitter = value;
            return this;
        }

        public Builder hangRate(final double value) {
            hangRate = value;
            return this;
        }

        public Builder malformedRate(final double value) {
            malformedRate = value;
            return this;
        }

        public Builder notFoundAfterCreation(final Duration value) {
            notFoundAfterCreation = value;
            return this;
        }

        public Builder vocabulary(final StatusVocabulary value) {
            vocabulary = value;
            return this;
        }

        public Builder callbacks(final boolean value) {
            callbacks = value;
            return this;
        }

        public Builder taskRetention(final Duration value) {
            taskRetention = value;
            return this;
        }

        public Builder hangFor(final Duration value) {
            hangFor = value;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(
                    host,
                    port,
                    publicUrl,
                    apiKeys,
                    seed,
                    queueTime,
                    generationTime,
                    generationSpread,
                    failureRate,
                    failureReason,
                    generateRequestsPerMinute,
                    rateWindow,
                    queryRequestsPerMinute,
                    maxTasksInFlight,
                    errorRate,
                    latency,
                    latencyJitter,
                    hangRate,
                    malformedRate,
                    notFoundAfterCreation,
                    vocabulary,
                    callbacks,
                    taskRetention,
                    hangFor);
        }
    }
}
