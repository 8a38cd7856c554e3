package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import io.seedance.streams.topology.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Topic setup against a real broker: a platform's existing topics decide the partition count. */
@ExtendWith(SharedServices.class)
@Timeout(120)
class TopicSetupIT {

    @Test
    void shouldCreateMissingTopicsWithThePartitionsOfAnExistingRequestsTopic(final KafkaCluster kafka)
            throws Exception {
        final Topics topics = topics();
        kafka.createTopics(3, topics.requests());
        try (Admin admin = admin(kafka)) {
            TopicSetup.ensure(admin, topics, true, 6, Optional.empty());

            final Map<String, TopicDescription> described = admin.describeTopics(
                            List.of(topics.callbacks(), topics.completed(), topics.failed(), topics.deadLetters()))
                    .allTopicNames()
                    .get();
            assertThat(described.values())
                    .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
        }
    }

    @Test
    void shouldCreateTopicsWithTheConfiguredPartitionsWhenNoneExists(final KafkaCluster kafka) throws Exception {
        final Topics topics = topics();
        try (Admin admin = admin(kafka)) {
            TopicSetup.ensure(admin, topics, true, 4, Optional.empty());

            assertThat(admin.describeTopics(List.of(topics.requests(), topics.callbacks()))
                            .allTopicNames()
                            .get()
                            .values())
                    .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(4));
        }
    }

    @Test
    void shouldRefuseAMismatchItDidNotCauseAndSayWhichTopicToChange(final KafkaCluster kafka) {
        final Topics topics = topics();
        kafka.createTopics(3, topics.requests());
        kafka.createTopics(2, topics.callbacks());
        try (Admin admin = admin(kafka)) {
            assertThatThrownBy(() -> TopicSetup.ensure(admin, topics, true, 6, Optional.empty()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not co-partitioned")
                    .hasMessageContaining(topics.requests() + " (3 partitions)")
                    .hasMessageContaining(topics.callbacks() + " (2 partitions)")
                    .hasMessageContaining("delete it and start again (it is then created with 3 partitions)");
        }
    }

    private static Topics topics() {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        return RunEnvironment.topics(id);
    }

    private static Admin admin(final KafkaCluster kafka) {
        return Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()));
    }
}
