package io.seedance.streams.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies webhooks from {@code video-callbacks} (keyed by request_id, co-partitioned with the
 * requests, so the task is in this same store). Every webhook here was verified by the receiver
 * (its URL carries our HMAC of the request id, given only to the upstream).
 * <ul>
 *   <li>A body that is a finished task of the same task id (read exactly like a query's answer)
 *       is a <em>report</em>: the task is made due now and ends on it without a query. This halves
 *       the upstream calls per video with webhooks (one submit, no query).</li>
 *   <li>Anything else is a <em>signal</em>: a PENDING task is made due now and queried; the query
 *       endpoint is then the source of truth.</li>
 *   <li>A task still being submitted remembers either (and the task id the body carried, which
 *       recovers a submission whose answer a crash lost).</li>
 * </ul>
 * Webhooks for unknown or finished requests do nothing, so replayed and late ones are harmless.
 */
final class CallbackSignalProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackSignalProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessorConfig config;
    private final ProcessorMetrics metrics;
    private ProcessorContext<Void, Void> context;
    private TaskStore tasks;

    CallbackSignalProcessor(final ProcessorConfig config, final ProcessorMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.context = context;
        this.tasks = TaskStore.share(context);
    }

    @Override
    public void process(final Record<String, byte[]> signal) {
        final Task task = signal.key() == null ? null : tasks.get(signal.key());
        if (task == null || !task.live()) {
            metrics.increment(Counter.CALLBACK_SIGNALS_IGNORED);
            return;
        }
        try (LogFields fields = LogFields.of(task)) {
            apply(task, signal.value());
        }
    }

    private void apply(final Task task, final byte[] body) {
        final long now = context.currentSystemTimeMs();
        final TaskStatus report = config.trustWebhookReports() ? finishedIn(body) : null;
        final Task signalled = switch (task.phase()) {
            case PENDING ->
                report != null && report.taskId().equals(task.taskId())
                        ? task.reported(TaskReport.of(report), null, now)
                        : task.signalled(null, Math.min(task.dueAt(), now));
            case QUEUED, SUBMITTING ->
                report != null
                        ? task.reported(TaskReport.of(report), report.taskId(), task.dueAt())
                        : task.signalled(taskIdIn(body), task.dueAt());
            // Never submitted (RESERVING), or finished: nothing a webhook can tell.
            case RESERVING, STORING, DONE -> task;
        };
        tasks.put(task, signalled);
        metrics.increment(Counter.CALLBACK_SIGNALS_APPLIED);
        LOG.info("Webhook for request_id={} (task {})", task.requestId(), task.phase());
    }

    /** The finished task a webhook body reports, or null when it reports none. */
    private static TaskStatus finishedIn(final byte[] body) {
        if (body == null) {
            return null;
        }
        final ApiOutcome outcome = ApiOutcome.ofWebhook(new String(body, StandardCharsets.UTF_8));
        if (outcome instanceof ApiOutcome.Succeeded succeeded) {
            return succeeded.status();
        }
        return outcome instanceof ApiOutcome.GenerationFailed failed ? failed.status() : null;
    }

    private static String taskIdIn(final byte[] body) {
        try {
            final JsonNode json = body == null ? null : JSON.readTree(body);
            final JsonNode id = json == null
                    ? null
                    : json.path("task_id").isMissingNode() ? json.path("data").path("task_id") : json.path("task_id");
            return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        } catch (final IOException e) {
            return null;
        }
    }
}
