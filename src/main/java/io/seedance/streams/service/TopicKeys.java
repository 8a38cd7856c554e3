package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKey.Kind.STRING;
import static io.seedance.streams.service.Rules.nonEmpty;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.seedance.streams.topology.Topics;
import java.util.List;
import java.util.Map;

/** The names of the topics the service reads and writes; defaults are {@link Topics#DEFAULT}'s. */
public final class TopicKeys {

    public static final ConfigKey<String> TOPIC_REQUESTS =
            topic("topics.requests", Topics.DEFAULT.requests(), "Input topic of VideoRequest.");
    public static final ConfigKey<String> TOPIC_COMPLETED =
            topic("topics.completed", Topics.DEFAULT.completed(), "Output topic of VideoCompleted.");
    public static final ConfigKey<String> TOPIC_FAILED =
            topic("topics.failed", Topics.DEFAULT.failed(), "Output topic of VideoFailed.");
    public static final ConfigKey<String> TOPIC_DLQ =
            topic("topics.dlq", Topics.DEFAULT.deadLetters(), "Dead-letter topic for undecodable requests.");
    public static final ConfigKey<String> TOPIC_CALLBACKS = topic(
            "topics.callbacks",
            Topics.DEFAULT.callbacks(),
            "Internal topic of webhook signals, co-partitioned with the requests.");
    public static final ConfigKey<String> TOPIC_TENANTS = topic(
            "topics.tenants",
            Topics.DEFAULT.tenants(),
            "Compacted topic of tenant policies (weights, quotas, default priority), keyed by tenant;"
                    + " read by every instance; managed with the tenants command.");
    public static final ConfigKey<String> TOPIC_CANCELLATIONS = topic(
            "topics.cancellations",
            Topics.DEFAULT.cancellations(),
            "Input topic of VideoCancellation, keyed by the request_id to cancel; as many partitions as the"
                    + " requests topic.");
    public static final ConfigKey<String> TOPIC_BUDGET_CLAIMS = topic(
            "topics.budget.claims",
            Topics.DEFAULT.budgetClaims(),
            "Internal topic of budget reservations and settlements, keyed by tenant: the way to each tenant's"
                    + " one ledger.");
    public static final ConfigKey<String> TOPIC_BUDGET_DECISIONS = topic(
            "topics.budget.decisions",
            Topics.DEFAULT.budgetDecisions(),
            "Internal topic of the ledgers' answers to reservations; as many partitions as the requests topic.");
    public static final ConfigKey<String> TOPIC_ALERTS = topic(
            "topics.alerts",
            Topics.DEFAULT.alerts(),
            "Output topic of BudgetAlert, keyed by tenant: a budget's soft limit or hard limit reached, or an"
                    + " overrun.");

    /** Every topic name key, in the reference table's order. */
    static final List<ConfigKey<?>> NAMES = List.of(
            TOPIC_REQUESTS,
            TOPIC_COMPLETED,
            TOPIC_FAILED,
            TOPIC_DLQ,
            TOPIC_CALLBACKS,
            TOPIC_TENANTS,
            TOPIC_CANCELLATIONS,
            TOPIC_BUDGET_CLAIMS,
            TOPIC_BUDGET_DECISIONS,
            TOPIC_ALERTS);

    private TopicKeys() {}

    /** The topic names of parsed configuration {@code values}. */
    static Topics topics(final Map<String, Object> values) {
        return new Topics(
                TOPIC_REQUESTS.read(values),
                TOPIC_COMPLETED.read(values),
                TOPIC_FAILED.read(values),
                TOPIC_DLQ.read(values),
                TOPIC_CALLBACKS.read(values),
                TOPIC_TENANTS.read(values),
                TOPIC_CANCELLATIONS.read(values),
                TOPIC_BUDGET_CLAIMS.read(values),
                TOPIC_BUDGET_DECISIONS.read(values),
                TOPIC_ALERTS.read(values));
    }

    private static ConfigKey<String> topic(final String name, final String defaultName, final String documentation) {
        return ConfigKey.of(name, STRING, defaultName, nonEmpty(), MEDIUM, documentation);
    }
}
