package io.seedance.streams.ops;

import static io.seedance.streams.ops.Exchanges.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedance.streams.ops.Exchanges.Answer;
import io.seedance.streams.serde.SchemaRegistryClient;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.topology.UpstreamGate;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /health/live} and {@code /health/ready}. Both answer from what is known at once: the
 * schema registry is asked on the endpoint's timer ({@link #checkRegistry}), never while a probe
 * waits, so a slow registry cannot make an orchestrator restart a healthy instance.
 * <ul>
 *   <li>live: 200 while the instance can make progress; 503 once Kafka Streams is in ERROR or has
 *       stopped (restart it).</li>
 *   <li>ready: 200 when Kafka Streams is RUNNING, the schema registry answers and the upstream
 *       accepts the API key; 503 with the failing checks otherwise.</li>
 * </ul>
 */
final class HealthChecks {

    private final Supplier<KafkaStreams.State> streams;
    private final UpstreamGate gate;
    private final SchemaRegistryClient registry;
    private final Optional<VideoCopier> storage;
    private volatile boolean registryReachable;

    HealthChecks(
            final Supplier<KafkaStreams.State> streams,
            final UpstreamGate gate,
            final SchemaRegistryClient registry,
            final Optional<VideoCopier> storage) {
        this.streams = streams;
        this.gate = gate;
        this.registry = registry;
        this.storage = storage;
    }

    /** Asks the registry whether it answers; run on a timer, off the probes' path. */
    void checkRegistry() {
        registryReachable = registry.reachable();
    }

    Answer live() {
        final KafkaStreams.State state = streams.get();
        final boolean alive = state != KafkaStreams.State.ERROR
                && state != KafkaStreams.State.NOT_RUNNING
                && state != KafkaStreams.State.PENDING_ERROR;
        return new Answer(
                alive ? 200 : 503,
                JSON.createObjectNode().put("status", alive ? "UP" : "DOWN").put("streams", state.name()));
    }

    Answer ready() {
        final KafkaStreams.State state = streams.get();
        final boolean running = state == KafkaStreams.State.RUNNING;
        final boolean registryUp = registryReachable;
        final boolean authorized = gate.isAuthorized();
        final boolean ready = running && registryUp && authorized;
        final ObjectNode body = JSON.createObjectNode().put("status", ready ? "UP" : "DOWN");
        final ObjectNode checks = body.putObject("checks")
                .put("streams", state.name())
                .put("schemaRegistry", registryUp ? "UP" : "DOWN")
                .put("upstreamKey", authorized ? "ACCEPTED" : "REJECTED")
                .put("circuit", gate.circuitState().name());
        // Like the upstream's circuit, the store's alone does not make the instance unready: videos wait in STORING.
        storage.ifPresent(
                copier -> checks.put("storageCircuit", copier.circuitState().name()));
        return new Answer(ready ? 200 : 503, body);
    }
}
