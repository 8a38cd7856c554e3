package io.seedance.streams.service;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.seedance.streams.schemas.Priority;
import io.seedance.streams.topology.LevelMetrics;
import io.seedance.streams.topology.ProcessorMetrics;
import io.seedance.streams.topology.TenantPolicies;
import io.seedance.streams.topology.UpstreamGate;
import java.util.Locale;

/**
 * The metrics an operator scrapes, in Prometheus format: Kafka Streams' client metrics, the JVM,
 * the circuit breaker (Resilience4j's Micrometer module), the upstream gate and the processor's
 * own counters ({@code seedance_events_total{event="completed"}} and so on).
 */
public final class ServiceMeters implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final ProcessorMetrics metrics;

    public ServiceMeters(final SeedanceService service) {
        streamsMetrics = new KafkaStreamsMetrics(service.kafkaStreams());
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        final UpstreamGate gate = service.gate();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(gate.circuitBreakers())
                .bindTo(registry);
        service.copier()
                .ifPresent(copier -> TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(copier.circuitBreakers())
                        .bindTo(registry));
        for (final UpstreamGate.Call call : UpstreamGate.Call.values()) {
            Gauge.builder("seedance.upstream.permits.available", gate, g -> g.permitsAvailable(call))
                    .description("Upstream calls of this kind the pace allows right now")
                    .tag("call", call.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        metrics = service.metrics();
        metrics.meterRegistry().add(registry);
        for (final ProcessorMetrics.Counter counter : ProcessorMetrics.Counter.values()) {
            FunctionCounter.builder("seedance.events", metrics, m -> m.count(counter))
                    .description("Events of the request lifecycle, by kind")
                    .tag("event", counter.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("seedance.upstream.calls.in.flight", gate, UpstreamGate::callsInFlight)
                .description("HTTP calls to the Seedance API in flight")
                .register(registry);
        Gauge.builder("seedance.upstream.tasks.in.flight", gate, UpstreamGate::tasksInFlight)
                .description("Tasks of this instance submitted and unfinished upstream")
                .register(registry);
        for (final Priority level : Priority.values()) {
            Gauge.builder("seedance.level.seats.in.use", gate, g -> g.seatsInUse(level))
                    .description("Tasks of this level submitted by this instance and unfinished upstream")
                    .tag("level", LevelMetrics.tag(level))
                    .register(registry);
            Gauge.builder("seedance.level.seats.reserved", gate, g -> g.seatsReserved(level))
                    .description("Seats of this instance only this level may take: its configured reserve,"
                            + " raised to follow its recent demand")
                    .tag("level", LevelMetrics.tag(level))
                    .register(registry);
        }
        Gauge.builder("seedance.upstream.authorized", gate, g -> g.isAuthorized() ? 1 : 0)
                .description("0 after the upstream rejected the API key (401/403)")
                .register(registry);
        Gauge.builder(
                        "seedance.upstream.circuit.open",
                        gate,
                        g -> g.circuitState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .description("1 while the circuit to the upstream is open")
                .register(registry);
        FunctionCounter.builder(
                        "seedance.tenant.policies.invalid", service.order().policies(), TenantPolicies::invalidRecords)
                .description("Records of the tenants topic ignored as invalid")
                .register(registry);
        Gauge.builder("seedance.instances.live", gate, UpstreamGate::liveInstances)
                .description("Live instances this instance divides the upstream limits by")
                .register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        streamsMetrics.close();
        metrics.meterRegistry().remove(registry);
        gcMetrics.close();
        registry.close();
    }
}
