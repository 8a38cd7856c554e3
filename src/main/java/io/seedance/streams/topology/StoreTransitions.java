package io.seedance.streams.topology;

import io.github.resilience4j.core.IntervalFunction;
import io.seedance.streams.storage.StoredVideo;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.topology.Transitions.Step;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The STORING part of the state machine ({@link Transitions} has the rest): a succeeded task's
 * copy to the store ends in its video-completed, with the copy or, when none could be made in
 * time, with why. Either way the video is delivered: it is paid for.
 */
final class StoreTransitions {

    private static final Logger LOG = LoggerFactory.getLogger(StoreTransitions.class);

    private final ProcessorConfig config;
    private final IntervalFunction retryBackoff;

    StoreTransitions(final ProcessorConfig config, final IntervalFunction retryBackoff) {
        this.config = config;
        this.retryBackoff = retryBackoff;
    }

    /**
     * How a STORING task's copy ended: copied, its event goes out with the copy; not copied for a
     * lasting reason, or past {@code STORAGE_GIVE_UP_AFTER}, its event goes out without one (the
     * video is paid for, and still at its link), saying why; otherwise tried again after a backoff.
     */
    Step stored(final Task task, final VideoCopier.Outcome outcome, final long now) {
        if (outcome instanceof VideoCopier.Outcome.Copied copied) {
            LOG.info(
                    "Request request_id={} completed: its video is stored at {}",
                    task.requestId(),
                    copied.video().url());
            return completedFromStore(task, copied.video(), null, now, Counter.COMPLETED, Counter.VIDEOS_STORED);
        }
        final VideoCopier.Outcome.NotCopied failed = (VideoCopier.Outcome.NotCopied) outcome;
        if (failed.lasting() || storageGivenUp(task, now)) {
            return storeGivenUp(task, failed.reason(), now);
        }
        return Step.to(
                task.storeAgain(now + retryBackoff.apply(task.retries() + 1), failed.reason()),
                Counter.STORAGE_FAILED_TRANSIENT);
    }

    /** No copy was made in time: the video is delivered at its link, with why there is no copy. */
    Step storeGivenUp(final Task task, final String reason, final long now) {
        LOG.warn("Request request_id={} completed without a stored copy: {}", task.requestId(), reason);
        return completedFromStore(task, null, reason, now, Counter.COMPLETED, Counter.STORAGE_GAVE_UP);
    }

    /** Whether a STORING task's time for a copy is over. */
    boolean storageGivenUp(final Task task, final long now) {
        return now - task.storingSince() >= config.storageGiveUpAfter().toMillis();
    }

    private Step completedFromStore(
            final Task task, final StoredVideo copy, final String error, final long now, final Counter... counters) {
        final TaskStatus success = ((ApiOutcome.Succeeded) task.report().outcome(task.taskId())).status();
        return new Step(
                        task.done(now, now + config.duplicateRetention().toMillis()),
                        Optional.of(TerminalEvents.completed(task, success, copy, error, now)),
                        List.of(counters))
                .charging(success.consumed());
    }
}
