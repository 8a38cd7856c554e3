package io.seedance.streams.topology;

import org.slf4j.MDC;

/**
 * The request a log line is about, as data: {@code request_id} and {@code task_id} in SLF4J's MDC
 * while one request is handled, so that {@code LOG_FORMAT=JSON} carries them as fields of every line
 * logged meanwhile (the text format keeps them in its messages). Used with try-with-resources on
 * the thread doing the work.
 */
public final class LogFields implements AutoCloseable {

    static final String REQUEST_ID = "request_id";
    static final String TASK_ID = "task_id";

    private LogFields() {}

    /** The fields of {@code task} (its task id once it has one). */
    static LogFields of(final Task task) {
        return of(task.requestId(), task.taskId());
    }

    /** The fields of a request, and of its upstream task when known ({@code taskId} may be null). */
    public static LogFields of(final String requestId, final String taskId) {
        MDC.remove(REQUEST_ID);
        MDC.remove(TASK_ID);
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
        if (taskId != null) {
            MDC.put(TASK_ID, taskId);
        }
        return new LogFields();
    }

    @Override
    public void close() {
        MDC.remove(REQUEST_ID);
        MDC.remove(TASK_ID);
    }
}
