package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class KafkaFailuresTest {

    @Test
    void shouldNameTheTopicsAPrincipalMayNotUse() {
        final ExecutionException failure =
                new ExecutionException(new TopicAuthorizationException(Set.of("video-requests", "video-failed")));

        assertThat(KafkaFailures.explain(failure, "kafka:9093"))
                .hasValue("Kafka at kafka:9093 denies the service's principal access to topic(s) [video-failed,"
                        + " video-requests]: grant it the ACLs the operations guide lists (docs/operations.md,"
                        + " \"ACLs\")");
    }

    @Test
    void shouldSayWhatOtherDenialsAreAndLeaveOutagesAlone() {
        assertThat(KafkaFailures.explain(
                        new GroupAuthorizationException("Not authorized to access group: seedance-streams"),
                        "kafka:9093"))
                .hasValueSatisfying(line -> assertThat(line)
                        .startsWith("Kafka at kafka:9093 denies the service's principal: Not authorized to access"
                                + " group: seedance-streams; grant it"));
        assertThat(KafkaFailures.explain(new TimeoutException("no answer"), "kafka:9093"))
                .isEmpty();
    }

    @Test
    void shouldSayHowToEnableTheStreamsProtocolOnAClusterWithoutIt() {
        // As a 4.3 client reports a cluster whose streams.version feature is off.
        final StreamsException failure = new StreamsException(new UnsupportedVersionException("The cluster does not"
                + " support the STREAMS group protocol or does not support the versions of the STREAMS group protocol"
                + " used by this client (used versions: 0 to 0)."));

        assertThat(KafkaFailures.explain(failure, "kafka:9093"))
                .hasValue("Kafka at kafka:9093 does not serve the streams rebalance protocol that"
                        + " KAFKA_GROUP_PROTOCOL=streams asks for: enable it on the cluster (kafka-features.sh upgrade"
                        + " --feature streams.version=1) or leave KAFKA_GROUP_PROTOCOL unset");
        assertThat(KafkaFailures.explain(new UnsupportedVersionException("another request"), "kafka:9093"))
                .isEmpty();
    }
}
