package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
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
}
