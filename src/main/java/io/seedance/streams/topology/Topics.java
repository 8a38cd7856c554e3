package io.seedance.streams.topology;

import java.util.List;
import java.util.Objects;

/** The names of the service's topics; configuration, with these defaults. */
public record Topics(
        String requests,
        String completed,
        String failed,
        String deadLetters,
        String callbacks,
        String tenants,
        String cancellations,
        String budgetClaims,
        String budgetDecisions,
        String alerts) {

    public static final Topics DEFAULT = new Topics(
            "video-requests",
            "video-completed",
            "video-failed",
            "video-requests-dlq",
            "video-callbacks",
            "seedance-tenants",
            "video-cancellations",
            "seedance-budget-claims",
            "seedance-budget-decisions",
            "seedance-alerts");

    public Topics {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(completed, "completed");
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(callbacks, "callbacks");
        Objects.requireNonNull(tenants, "tenants");
        Objects.requireNonNull(cancellations, "cancellations");
        Objects.requireNonNull(budgetClaims, "budgetClaims");
        Objects.requireNonNull(budgetDecisions, "budgetDecisions");
        Objects.requireNonNull(alerts, "alerts");
    }

    /** Every one of them. */
    public List<String> all() {
        return List.of(
                requests,
                completed,
                failed,
                deadLetters,
                callbacks,
                tenants,
                cancellations,
                budgetClaims,
                budgetDecisions,
                alerts);
    }
}
