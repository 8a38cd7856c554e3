package io.seedance.streams.ops;

import static io.seedance.streams.ops.Exchanges.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.seedance.streams.ops.Exchanges.Answer;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.topology.Credits;
import io.seedance.streams.topology.Levels;
import io.seedance.streams.topology.SeedanceTopology;
import io.seedance.streams.topology.Task;
import io.seedance.streams.topology.TaskPhase;
import io.seedance.streams.topology.Tenants;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;

/**
 * {@code GET /requests/{request_id}}: "where is my video?", answered from the task store of
 * whichever instance owns the request: this one, or the owner found through Kafka Streams'
 * metadata, asked once ({@code ?forwarded} stops a second hop).
 */
final class RequestLookup {

    static final String PATH = "/requests/";

    private final SeedanceService service;
    private final HttpClient forwarder =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    RequestLookup(final SeedanceService service) {
        this.service = service;
    }

    Answer lookup(final HttpExchange exchange) throws IOException, InterruptedException {
        final String id = URLDecoder.decode(
                exchange.getRequestURI().getRawPath().substring(PATH.length()), StandardCharsets.UTF_8);
        final boolean forwarded = "forwarded".equals(exchange.getRequestURI().getQuery());
        final Optional<Task> local = service.task(id);
        if (local.isPresent()) {
            return new Answer(200, describe(local.get()));
        }
        if (!forwarded) {
            final KeyQueryMetadata owner = service.kafkaStreams()
                    .queryMetadataForKey(
                            SeedanceTopology.TASK_STORE, id, Serdes.String().serializer());
            if (owner != KeyQueryMetadata.NOT_AVAILABLE) {
                final String endpoint =
                        owner.activeHost().host() + ":" + owner.activeHost().port();
                if (!endpoint.equals(service.settings().endpoint())) {
                    return askOwner(endpoint, id);
                }
            }
        }
        return new Answer(
                404,
                JSON.createObjectNode()
                        .put("request_id", id)
                        .put("error", "unknown request (never seen, or forgotten after the retention window)"));
    }

    private Answer askOwner(final String endpoint, final String id) throws IOException, InterruptedException {
        final HttpResponse<String> answer = forwarder.send(
                HttpRequest.newBuilder(URI.create("http://" + endpoint + PATH
                                + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?forwarded"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(answer.statusCode(), (ObjectNode) JSON.readTree(answer.body()));
    }

    /** How far a place in the queue is counted: beyond it the lookup says "at least". */
    static final long PLACE_CAP = 10_000;

    private ObjectNode describe(final Task task) {
        final ObjectNode answer = JSON.createObjectNode()
                .put("request_id", task.requestId())
                .put("state", task.phase().name())
                .put("level", Levels.of(task.request()).name())
                .put("tenant", Tenants.of(task.request()))
                .put("task_id", task.taskId())
                .put("submissions", task.submissions())
                .put("queries", task.queries())
                .put("retries", task.retries())
                .put("last_error", task.lastError())
                .put("received_at", instant(task.receivedAt()))
                .put("deadline_at", instant(task.deadlineAt()))
                .put("next_action_at", instant(task.dueAt()))
                .put("instance", service.settings().endpoint())
                .put("submitted_at", instant(task.submittedAt()))
                .put("finished_at", instant(task.finishedAt()))
                .put("cancel_requested_at", instant(task.cancelRequestedAt()))
                .put("budget_reserved", task.reserved() == null ? null : Credits.format(task.reserved()))
                .put("budget_held_since", instant(task.heldSince()));
        if (task.phase() == TaskPhase.QUEUED) {
            // Its place in its tenant's queue of its level, in its partition: 0 goes next from it.
            service.queuedAhead(task, PLACE_CAP).ifPresent(ahead -> answer.put("queued_ahead", ahead));
        }
        return answer;
    }

    private static String instant(final Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
