package io.seedance.streams.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import java.io.IOException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies webhook signals from {@code video-callbacks} (keyed by request_id, co-partitioned with
 * the requests, so the task is in this same store). A signal is only a hint that the upstream
 * finished: the query endpoint stays the source of truth. A PENDING task is made due now; a task
 * still being submitted remembers the signal (and the task id the body carried, which recovers a
 * submission whose answer a crash lost). Signals for unknown or finished requests do nothing, so
 * replayed and late callbacks are harmless.
 */
final class CallbackSignalProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackSignalProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessorMetrics metrics;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, Task> tasks;
    private DueIndex index;

    CallbackSignalProcessor(final ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.context = context;
        this.tasks = context.getStateStore(SeedanceTopology.TASK_STORE);
        this.index = new DueIndex(context.getStateStore(SeedanceTopology.INDEX_STORE));
    }

    @Override
    public void process(final Record<String, byte[]> signal) {
        final Task task = signal.key() == null ? null : tasks.get(signal.key());
        if (task == null || !task.live()) {
            metrics.increment(Counter.CALLBACK_SIGNALS_IGNORED);
            return;
        }
        final long now = context.currentSystemTimeMs();
        final Task signalled = switch (task.phase()) {
            case PENDING -> task.signalled(null, Math.min(task.dueAt(), now));
            case QUEUED, SUBMITTING -> task.signalled(taskIdIn(signal.value()), task.dueAt());
            case DONE -> task;
        };
        tasks.put(signalled.requestId(), signalled);
        index.move(task, signalled);
        metrics.increment(Counter.CALLBACK_SIGNALS_APPLIED);
        LOG.info("Webhook for request_id={} (task {})", task.requestId(), task.phase());
    }

    private static String taskIdIn(final byte[] body) {
        try {
            final JsonNode json = body == null ? null : JSON.readTree(body);
            final JsonNode id = json == null ? null : json.path("task_id").isMissingNode()
                    ? json.path("data").path("task_id") : json.path("task_id");
            return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        } catch (final IOException e) {
            return null;
        }
    }
}
