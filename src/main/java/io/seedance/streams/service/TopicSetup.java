package io.seedance.streams.service;

import io.seedance.streams.topology.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the service's topics exist before it starts (creating the missing ones when asked),
 * and refuses to start when the requests and the webhook signals are not co-partitioned: a signal
 * must reach the instance that owns its request's task. A platform's topics come first: topics
 * created here take the partition count of an existing requests topic (or, failing that, of an
 * existing signals topic), so the service never makes a mismatch itself; the configured count
 * applies only when neither exists.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_SECONDS = 60;

    private TopicSetup() {}

    /**
     * Checks (and where allowed creates) the topics of {@code config} on its cluster. The admin
     * client retries until {@code startup.timeout}; a cluster that never answers is a {@link
     * KafkaUnavailableException}, a mismatch of topics an {@link IllegalStateException}.
     */
    public static void ensure(final ServiceConfig config) throws InterruptedException {
        final Duration patience = config.startupTimeout();
        final Map<String, Object> settings = new HashMap<>(config.kafkaSettings());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) patience.toMillis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(patience.toMillis(), 30_000));
        settings.keySet().retainAll(AdminClientConfig.configNames());
        try (Admin admin = Admin.create(settings)) {
            LOG.info("Checking topics on Kafka at {} (waiting up to {})", config.bootstrapServers(), patience);
            try {
                admin.describeCluster().nodes().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final ExecutionException | TimeoutException e) {
                // Refused credentials or certificates are configuration (exit 2), not an outage.
                final Optional<String> refused = KafkaFailures.explain(e, config.bootstrapServers());
                if (refused.isPresent()) {
                    throw new IllegalStateException(refused.get(), e);
                }
                throw new KafkaUnavailableException(
                        "Kafka at " + config.bootstrapServers() + " did not answer within " + Durations.format(patience)
                                + " (" + ConfigKeys.STARTUP_TIMEOUT.describe() + "): "
                                + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
                        e);
            }
            try {
                ensure(admin, config.topics(), config.createTopics(), config.partitions(), config.replicationFactor());
            } catch (final IllegalStateException e) {
                throw new IllegalStateException(
                        KafkaFailures.explain(e, config.bootstrapServers()).orElse(e.getMessage()), e);
            }
        }
    }

    static void ensure(
            final Admin admin,
            final Topics topics,
            final boolean create,
            final int partitions,
            final Optional<Short> replication)
            throws InterruptedException {
        final List<String> all = topics.all();
        try {
            final Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final List<String> missing =
                    all.stream().filter(name -> !existing.contains(name)).toList();
            if (!missing.isEmpty()) {
                if (!create) {
                    // A broker answers for a topic the principal may not DESCRIBE as if it did not exist.
                    throw new IllegalStateException("Missing topics " + missing + " (or the service's principal may not"
                            + " DESCRIBE them: see the ACLs in docs/operations.md) and topics.create (TOPICS_CREATE) is"
                            + " false");
                }
                final int count = partitionsToCreate(admin, topics, existing, partitions);
                LOG.info("Creating topics {} ({} partitions)", missing, count);
                for (final String name : missing) {
                    try {
                        admin.createTopics(List.of(newTopic(topics, name, count, replication)))
                                .all()
                                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    } catch (final ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            // Every topic, not only the two compared: the global store's consumer fails at once on
            // a tenants topic the broker does not know yet.
            final Map<String, TopicDescription> described = describe(admin, all);
            final int requests = described.get(topics.requests()).partitions().size();
            requireCoPartitioned(
                    described,
                    topics.requests(),
                    topics.cancellations(),
                    "a cancel would be read by another task than its request's. Create " + topics.cancellations()
                            + " with " + requests + " partitions");
            requireCoPartitioned(
                    described,
                    topics.requests(),
                    topics.budgetDecisions(),
                    "a ledger's answer would reach another task than its request's. " + topics.budgetDecisions()
                            + " only carries this service's own budget decisions: while no instance runs, delete it"
                            + " and start again, or create it yourself with " + requests + " partitions");
            requireCoPartitioned(
                    described,
                    topics.requests(),
                    topics.callbacks(),
                    topics.callbacks() + " only carries this service's webhook signals: while no instance runs,"
                            + " delete it and start again (it is then created with " + requests + " partitions),"
                            + " or create it yourself with " + requests + " partitions; never change the partitions"
                            + " of " + topics.requests() + ", which would move its keys");
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot check the topics on the Kafka cluster: " + e.getMessage(), e);
        }
    }

    /** {@code partner} must have as many partitions as {@code requests}; else one message ending in {@code advice}. */
    private static void requireCoPartitioned(
            final Map<String, TopicDescription> described,
            final String requests,
            final String partner,
            final String advice) {
        final int expected = described.get(requests).partitions().size();
        final int found = described.get(partner).partitions().size();
        if (found != expected) {
            throw new IllegalStateException("Topics " + requests + " (" + expected + " partitions) and " + partner
                    + " (" + found + " partitions) are not co-partitioned: " + advice);
        }
    }

    /**
     * A topic to create: the tenants topic is compacted with one partition (a small table every
     * instance reads whole); the others have {@code partitions}.
     */
    private static NewTopic newTopic(
            final Topics topics, final String name, final int partitions, final Optional<Short> replication) {
        if (name.equals(topics.tenants())) {
            return new NewTopic(name, Optional.of(1), replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return new NewTopic(name, Optional.of(partitions), replication);
    }

    /**
     * Partitions for the topics this instance creates: those of the requests topic when it exists
     * (producers usually came first), else those of the signals topic, else the configured count.
     */
    private static int partitionsToCreate(
            final Admin admin, final Topics topics, final Set<String> existing, final int configured)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (final String partner : List.of(topics.requests(), topics.callbacks())) {
            if (existing.contains(partner)) {
                final int found = describe(admin, List.of(partner))
                        .get(partner)
                        .partitions()
                        .size();
                if (found != configured) {
                    LOG.info(
                            "Topic {} exists with {} partitions: new topics take that count, not topics.partitions ({})",
                            partner,
                            found,
                            configured);
                }
                return found;
            }
        }
        return configured;
    }

    /**
     * Describes topics that may have just been created (by this instance or by another one that
     * started at the same time): a broker may not know them for a moment, so this asks again.
     */
    private static Map<String, TopicDescription> describe(final Admin admin, final List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > giveUpAt) {
                    throw e;
                }
                LOG.info("Topics {} are not known to the broker yet; asking again", names);
                Thread.sleep(500);
            }
        }
    }
}
