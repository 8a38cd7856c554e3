package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's way in: a duplicate of a known request is ignored, an invalid one gets its
 * INVALID_REQUEST event (and a done marker, so a replay is refused the same way), a valid one is
 * stored queued at its level, where the instance's dispatch order sees it at once; or, when its
 * tenant has a budget, stored RESERVING while its tenant's ledger reserves its cost. Never calls
 * the upstream.
 */
final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    private final ProcessorConfig config;
    private final TaskStore tasks;
    private final ProcessorMetrics metrics;
    private final TenantPolicies policies;
    private final StepApplier steps;
    private final Transitions transitions;

    Intake(
            final ProcessorConfig config,
            final TaskStore tasks,
            final ProcessorMetrics metrics,
            final TenantPolicies policies,
            final StepApplier steps,
            final Transitions transitions) {
        this.config = config;
        this.tasks = tasks;
        this.metrics = metrics;
        this.policies = policies;
        this.steps = steps;
        this.transitions = transitions;
    }

    /** Takes in {@code request}, whose id is {@code id} (its request_id, else the record key). */
    void accept(
            final Record<String, VideoRequest> record, final VideoRequest request, final String id, final long now) {
        final Task known = id == null || id.length() > RequestValidator.MAX_REQUEST_ID_LENGTH ? null : tasks.get(id);
        if (known != null && known.isEarlyCancel()) {
            if (cancelledEarly(known, record, request, now)) {
                return;
            }
        } else if (known != null) {
            metrics.increment(Counter.REQUESTS_DUPLICATE);
            LOG.debug("Duplicate request_id={} ignored: its task is {}", id, known.phase());
            return;
        }
        final List<String> problems = RequestValidator.problems(record.key(), request, now);
        if (!problems.isEmpty()) {
            refuse(id, request, String.join("; ", problems), now);
            return;
        }
        final TaskRequest accepted = TaskRequest.of(request, record.timestamp(), levelOf(request));
        final long serviceDeadline = now + config.taskDeadline().toMillis();
        final Task task = Task.queued(
                id,
                accepted,
                now,
                accepted.deadline() == null ? serviceDeadline : Math.min(serviceDeadline, accepted.deadline()));
        metrics.increment(Counter.REQUESTS_ACCEPTED);
        if (policies.of(Tenants.of(accepted)).budget() != null) {
            steps.reserve(task.reserving(), now);
            LOG.info("Request request_id={} waits for its tenant's budget to reserve its cost", id);
        } else {
            tasks.put(null, task);
            LOG.info("Request request_id={} queued", id);
        }
    }

    /**
     * A request whose cancel came first ends CANCELLED, never submitted, when the cancel named no
     * tenant or its tenant. When it named another, the cancel is refused and its marker forgotten,
     * and false says the request goes on as if the cancel had never come.
     */
    private boolean cancelledEarly(
            final Task marker, final Record<String, VideoRequest> record, final VideoRequest request, final long now) {
        final Task asReceived = Task.queued(
                marker.requestId(), TaskRequest.of(request, record.timestamp(), levelOf(request)), now, now);
        final String tenant = Tenants.of(asReceived.request());
        if (marker.cancelTenant() != null && !marker.cancelTenant().equals(tenant)) {
            metrics.increment(Counter.CANCELS_REFUSED);
            LOG.warn(
                    "Cancel for request_id={} refused: it names tenant '{}', the request's tenant is '{}'",
                    marker.requestId(),
                    marker.cancelTenant(),
                    tenant);
            tasks.forget(marker);
            return false;
        }
        metrics.increment(Counter.CANCELS_APPLIED);
        steps.take(marker, transitions.cancelled(asReceived, "the cancel came before the request", now), now);
        return true;
    }

    /** Its priority; else its tenant's default priority, as the tenants topic says now; else STANDARD. */
    private Priority levelOf(final VideoRequest request) {
        if (request.getPriority() != null) {
            return request.getPriority();
        }
        final Priority byTenant = policies.of(request.getTenant() == null ? Tenants.DEFAULT : request.getTenant())
                .defaultPriority();
        return byTenant != null ? byTenant : Priority.STANDARD;
    }

    private void refuse(final String id, final VideoRequest request, final String message, final long now) {
        metrics.increment(Counter.REQUESTS_INVALID);
        steps.failed(id, TerminalEvents.invalid(id, request, message, now), 0, now);
        LOG.info("Invalid request request_id={}: {}", id, message);
        if (id != null && id.length() <= RequestValidator.MAX_REQUEST_ID_LENGTH && id.equals(request.getRequestId())) {
            tasks.put(
                    null,
                    Task.queued(id, null, now, now)
                            .done(now, now + config.duplicateRetention().toMillis()));
        }
    }
}
