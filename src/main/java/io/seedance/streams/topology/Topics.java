package io.seedance.streams.topology;

import java.util.Objects;

/** The names of the service's topics; configuration, with these defaults. */
public record Topics(
        String requests,
        String completed,
        String failed,
        String deadLetters,
        String callbacks,
        String tenants,
        String cancellations) {

    public static final Topics DEFAULT = new Topics(
            "video-requests",
            "video-completed",
            "video-failed",
            "video-requests-dlq",
            "video-callbacks",
            "seedance-tenants",
            "video-cancellations");

    public Topics {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(completed, "completed");
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(callbacks, "callbacks");
        Objects.requireNonNull(tenants, "tenants");
        Objects.requireNonNull(cancellations, "cancellations");
    }
}
