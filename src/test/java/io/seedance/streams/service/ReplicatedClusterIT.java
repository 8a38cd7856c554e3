package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.FastConfigs;
import io.seedance.streams.testing.ReplicatedKafkaCluster;
import io.seedance.streams.testing.ServiceUnderTest;
import io.seedance.streams.testing.SharedServices;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service on a replicated cluster, as in production: three brokers, every topic (the service's,
 * its changelogs, the offsets and the transaction log) at replication factor 3 with
 * min.insync.replicas=2, two instances. Mid-run, the broker coordinating the service's group is
 * killed (SIGKILL, each broker is a process) and started again later: every request still ends
 * with exactly one terminal event.
 */
@ExtendWith(SharedServices.class)
@Timeout(300)
class ReplicatedClusterIT {

    private static final int BATCH = 60;

    @Test
    void shouldLoseNothingWhileABrokerIsDownAndBack(final ApicurioRegistry registry) throws Exception {
        try (ReplicatedKafkaCluster kafka = ReplicatedKafkaCluster.start();
                ServiceUnderTest service = new ServiceUnderTest(
                        kafka,
                        registry,
                        FastConfigs.upstream().build(),
                        FastConfigs.processor().build())) {
            service.startPeer();
            send(service, "before-", BATCH);
            await().atMost(Duration.ofSeconds(90)).until(() -> service.results().size() >= BATCH / 2);

            // The hardest broker to lose: the one coordinating the service's group.
            final int stopped = groupCoordinator(kafka, service);
            final long killedAt = System.nanoTime();
            kafka.killBroker(stopped);
            send(service, "during-", BATCH);
            // Every request sent so far ends while the broker is down: two in-sync replicas are enough.
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> service.results().size() >= 2 * BATCH);
            System.out.printf(
                    "broker %d (the group's coordinator) SIGKILLed: all %d results %.1f s later%n",
                    stopped, 2 * BATCH, (System.nanoTime() - killedAt) / 1e9);

            kafka.startBroker(stopped);
            send(service, "after-", BATCH);
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> service.results().size() >= 3 * BATCH);

            final List<String> ids = ServiceUnderTest.requestIds(service.results());
            assertThat(ids)
                    .as("exactly one event per request")
                    .doesNotHaveDuplicates()
                    .hasSize(3 * BATCH);
            assertThat(service.completed()).hasSize(3 * BATCH);
            assertThat(replicasOfTheApplicationsTopics(kafka, service))
                    .as("the service's topics and its changelogs, at the cluster's replication factor")
                    .containsOnly(ReplicatedKafkaCluster.BROKERS);
        }
    }

    private static void send(final ServiceUnderTest service, final String prefix, final int count) {
        for (int i = 0; i < count; i++) {
            service.send(Samples.request(prefix + i));
        }
        service.flush();
    }

    private static int groupCoordinator(final ReplicatedKafkaCluster kafka, final ServiceUnderTest service)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            final String group = service.service.settings().applicationId();
            return admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get()
                    .coordinator()
                    .id();
        }
    }

    /** The replica counts of every partition of the service's topics and of its internal ones. */
    private static Set<Integer> replicasOfTheApplicationsTopics(
            final ReplicatedKafkaCluster kafka, final ServiceUnderTest service) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            final String applicationId = service.service.settings().applicationId();
            final List<String> topics = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(applicationId)
                            || name.equals(service.topics.requests())
                            || name.equals(service.topics.completed())
                            || name.equals(service.topics.cancellations()))
                    .toList();
            assertThat(topics).anyMatch(name -> name.endsWith("-changelog"));
            final Set<Integer> replicas = new HashSet<>();
            for (final TopicDescription topic :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                topic.partitions()
                        .forEach(partition -> replicas.add(partition.replicas().size()));
            }
            return replicas;
        }
    }
}
