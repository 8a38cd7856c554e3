package io.seedance.streams.topology;

import java.time.Duration;
import java.util.Optional;

/** Builds a {@link ProcessorConfig}; its fields start at the defaults (the configuration keys take theirs from here). */
public final class ProcessorConfigBuilder {
    private Duration sweepInterval = Duration.ofMillis(200);
    private int maxDuePerSweep = 1000;
    private int submitsPerMinute = 60;
    private int queriesPerMinute = 600;
    private int maxTasksInFlight = 100;
    private int maxConcurrentCalls = 64;
    private Duration callTimeout = Duration.ofSeconds(30);
    // Generations take one to three minutes: a query before 30 s is almost always wasted.
    private Duration firstPollDelay = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofSeconds(15);
    private double pollMultiplier = 1.5;
    private Duration maxPollInterval = Duration.ofSeconds(30);
    private double pollJitter = 0.2;
    private Duration retryInitial = Duration.ofSeconds(1);
    private double retryMultiplier = 2;
    private Duration maxRetryInterval = Duration.ofMinutes(1);
    private double retryJitter = 0.5;
    private Duration taskDeadline = Duration.ofHours(6);
    private Duration notFoundGrace = Duration.ofSeconds(30);
    private Duration unauthorizedRetry = Duration.ofMinutes(1);
    private Duration duplicateRetention = Duration.ofHours(24);
    private ProcessorConfig.OutcomeUnknownPolicy outcomeUnknownPolicy = ProcessorConfig.OutcomeUnknownPolicy.RESUBMIT;
    private float circuitFailureRate = 50;
    private int circuitWindow = 20;
    private Duration circuitOpenTime = Duration.ofSeconds(30);
    private int circuitHalfOpenCalls = 3;
    private Duration registryPatience = Duration.ofMinutes(1);
    private Optional<CallbackSigner> callbacks = Optional.empty();
    private Duration firstPollDelayWithCallbacks = Duration.ofMinutes(3);
    private boolean trustWebhookReports = true;
    private Levels levels = Levels.defaults();
    private TenantPolicy tenantDefaults = TenantPolicy.unlimited();
    private int tenantLabels = ProcessorMetrics.DEFAULT_TENANT_LABELS;
    private BudgetPrices prices = BudgetPrices.DEFAULT;
    private Duration storageGiveUpAfter = Duration.ofHours(6);

    ProcessorConfigBuilder() {}

    public ProcessorConfigBuilder sweepInterval(final Duration v) {
        sweepInterval = v;
        return this;
    }

    public ProcessorConfigBuilder maxDuePerSweep(final int v) {
        maxDuePerSweep = v;
        return this;
    }

    public ProcessorConfigBuilder submitsPerMinute(final int v) {
        submitsPerMinute = v;
        return this;
    }

    public ProcessorConfigBuilder queriesPerMinute(final int v) {
        queriesPerMinute = v;
        return this;
    }

    public ProcessorConfigBuilder maxTasksInFlight(final int v) {
        maxTasksInFlight = v;
        return this;
    }

    public ProcessorConfigBuilder maxConcurrentCalls(final int v) {
        maxConcurrentCalls = v;
        return this;
    }

    public ProcessorConfigBuilder callTimeout(final Duration v) {
        callTimeout = v;
        return this;
    }

    public ProcessorConfigBuilder firstPollDelay(final Duration v) {
        firstPollDelay = v;
        return this;
    }

    public ProcessorConfigBuilder pollInterval(final Duration v) {
        pollInterval = v;
        return this;
    }

    public ProcessorConfigBuilder pollMultiplier(final double v) {
        pollMultiplier = v;
        return this;
    }

    public ProcessorConfigBuilder maxPollInterval(final Duration v) {
        maxPollInterval = v;
        return this;
    }

    public ProcessorConfigBuilder pollJitter(final double v) {
        pollJitter = v;
        return this;
    }

    public ProcessorConfigBuilder retryInitial(final Duration v) {
        retryInitial = v;
        return this;
    }

    public ProcessorConfigBuilder retryMultiplier(final double v) {
        retryMultiplier = v;
        return this;
    }

    public ProcessorConfigBuilder maxRetryInterval(final Duration v) {
        maxRetryInterval = v;
        return this;
    }

    public ProcessorConfigBuilder retryJitter(final double v) {
        retryJitter = v;
        return this;
    }

    public ProcessorConfigBuilder taskDeadline(final Duration v) {
        taskDeadline = v;
        return this;
    }

    public ProcessorConfigBuilder notFoundGrace(final Duration v) {
        notFoundGrace = v;
        return this;
    }

    public ProcessorConfigBuilder unauthorizedRetry(final Duration v) {
        unauthorizedRetry = v;
        return this;
    }

    public ProcessorConfigBuilder duplicateRetention(final Duration v) {
        duplicateRetention = v;
        return this;
    }

    public ProcessorConfigBuilder outcomeUnknownPolicy(final ProcessorConfig.OutcomeUnknownPolicy v) {
        outcomeUnknownPolicy = v;
        return this;
    }

    public ProcessorConfigBuilder circuitFailureRate(final float v) {
        circuitFailureRate = v;
        return this;
    }

    public ProcessorConfigBuilder circuitWindow(final int v) {
        circuitWindow = v;
        return this;
    }

    public ProcessorConfigBuilder circuitOpenTime(final Duration v) {
        circuitOpenTime = v;
        return this;
    }

    public ProcessorConfigBuilder circuitHalfOpenCalls(final int v) {
        circuitHalfOpenCalls = v;
        return this;
    }

    public ProcessorConfigBuilder registryPatience(final Duration v) {
        registryPatience = v;
        return this;
    }

    public ProcessorConfigBuilder callbacks(final Optional<CallbackSigner> v) {
        callbacks = v;
        return this;
    }

    public ProcessorConfigBuilder firstPollDelayWithCallbacks(final Duration v) {
        firstPollDelayWithCallbacks = v;
        return this;
    }

    public ProcessorConfigBuilder trustWebhookReports(final boolean v) {
        trustWebhookReports = v;
        return this;
    }

    public ProcessorConfigBuilder levels(final Levels v) {
        levels = v;
        return this;
    }

    public ProcessorConfigBuilder tenantDefaults(final TenantPolicy v) {
        tenantDefaults = v;
        return this;
    }

    public ProcessorConfigBuilder storageGiveUpAfter(final Duration v) {
        storageGiveUpAfter = v;
        return this;
    }

    public ProcessorConfigBuilder prices(final BudgetPrices v) {
        prices = v;
        return this;
    }

    public ProcessorConfigBuilder tenantLabels(final int v) {
        tenantLabels = v;
        return this;
    }

    public ProcessorConfig build() {
        return new ProcessorConfig(
                sweepInterval,
                maxDuePerSweep,
                submitsPerMinute,
                queriesPerMinute,
                maxTasksInFlight,
                maxConcurrentCalls,
                callTimeout,
                firstPollDelay,
                pollInterval,
                pollMultiplier,
                maxPollInterval,
                pollJitter,
                retryInitial,
                retryMultiplier,
                maxRetryInterval,
                retryJitter,
                taskDeadline,
                notFoundGrace,
                unauthorizedRetry,
                duplicateRetention,
                outcomeUnknownPolicy,
                circuitFailureRate,
                circuitWindow,
                circuitOpenTime,
                circuitHalfOpenCalls,
                registryPatience,
                callbacks,
                firstPollDelayWithCallbacks,
                trustWebhookReports,
                levels,
                tenantDefaults,
                tenantLabels,
                prices,
                storageGiveUpAfter);
    }
}
