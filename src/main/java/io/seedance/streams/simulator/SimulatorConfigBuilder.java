package io.seedance.streams.simulator;

import java.time.Duration;
import java.util.Set;

/** Defaults: a well-behaved upstream on a free loopback port, tasks done in about 2 seconds. */
public final class SimulatorConfigBuilder {
    private String host = "127.0.0.1";
    private int port;
    private String publicUrl = "";
    private Set<String> apiKeys = Set.of(SimulatorConfig.DEFAULT_API_KEY);
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
    private long videoBytes;
    private double pricePerSecond = 0.1;

    SimulatorConfigBuilder() {}

    SimulatorConfigBuilder(final SimulatorConfig c) {
        host = c.host();
        port = c.port();
        publicUrl = c.publicUrl();
        apiKeys = c.apiKeys();
        seed = c.seed();
        queueTime = c.queueTime();
        generationTime = c.generationTime();
        generationSpread = c.generationSpread();
        failureRate = c.failureRate();
        failureReason = c.failureReason();
        generateRequestsPerMinute = c.generateRequestsPerMinute();
        rateWindow = c.rateWindow();
        queryRequestsPerMinute = c.queryRequestsPerMinute();
        maxTasksInFlight = c.maxTasksInFlight();
        errorRate = c.errorRate();
        latency = c.latency();
        latencyJitter = c.latencyJitter();
        hangRate = c.hangRate();
        malformedRate = c.malformedRate();
        notFoundAfterCreation = c.notFoundAfterCreation();
        vocabulary = c.vocabulary();
        callbacks = c.callbacks();
        taskRetention = c.taskRetention();
        hangFor = c.hangFor();
        videoBytes = c.videoBytes();
        pricePerSecond = c.pricePerSecond();
    }

    public SimulatorConfigBuilder host(final String value) {
        host = value;
        return this;
    }

    public SimulatorConfigBuilder port(final int value) {
        port = value;
        return this;
    }

    public SimulatorConfigBuilder publicUrl(final String value) {
        publicUrl = value;
        return this;
    }

    public SimulatorConfigBuilder apiKeys(final Set<String> value) {
        apiKeys = value;
        return this;
    }

    public SimulatorConfigBuilder seed(final long value) {
        seed = value;
        return this;
    }

    public SimulatorConfigBuilder queueTime(final Duration value) {
        queueTime = value;
        return this;
    }

    public SimulatorConfigBuilder generationTime(final Duration value) {
        generationTime = value;
        return this;
    }

    public SimulatorConfigBuilder generationSpread(final Duration value) {
        generationSpread = value;
        return this;
    }

    public SimulatorConfigBuilder failureRate(final double value) {
        failureRate = value;
        return this;
    }

    public SimulatorConfigBuilder failureReason(final String value) {
        failureReason = value;
        return this;
    }

    public SimulatorConfigBuilder generateRequestsPerMinute(final int value) {
        generateRequestsPerMinute = value;
        return this;
    }

    public SimulatorConfigBuilder rateWindow(final RateWindow value) {
        rateWindow = value;
        return this;
    }

    public SimulatorConfigBuilder queryRequestsPerMinute(final int value) {
        queryRequestsPerMinute = value;
        return this;
    }

    public SimulatorConfigBuilder maxTasksInFlight(final int value) {
        maxTasksInFlight = value;
        return this;
    }

    public SimulatorConfigBuilder errorRate(final double value) {
        errorRate = value;
        return this;
    }

    public SimulatorConfigBuilder latency(final Duration value) {
        latency = value;
        return this;
    }

    public SimulatorConfigBuilder latencyJitter(final Duration value) {
        latencyJitter = value;
        return this;
    }

    public SimulatorConfigBuilder hangRate(final double value) {
        hangRate = value;
        return this;
    }

    public SimulatorConfigBuilder malformedRate(final double value) {
        malformedRate = value;
        return this;
    }

    public SimulatorConfigBuilder notFoundAfterCreation(final Duration value) {
        notFoundAfterCreation = value;
        return this;
    }

    public SimulatorConfigBuilder vocabulary(final StatusVocabulary value) {
        vocabulary = value;
        return this;
    }

    public SimulatorConfigBuilder callbacks(final boolean value) {
        callbacks = value;
        return this;
    }

    public SimulatorConfigBuilder taskRetention(final Duration value) {
        taskRetention = value;
        return this;
    }

    public SimulatorConfigBuilder hangFor(final Duration value) {
        hangFor = value;
        return this;
    }

    public SimulatorConfigBuilder videoBytes(final long value) {
        videoBytes = value;
        return this;
    }

    public SimulatorConfigBuilder pricePerSecond(final double value) {
        pricePerSecond = value;
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
                hangFor,
                videoBytes,
                pricePerSecond);
    }
}
