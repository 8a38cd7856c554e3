package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsGroupSettingsTest {

    @Test
    void shouldSayWhichSettingsTheBrokersKeepAndHowToApplyThem() {
        final Map<String, Object> streams = Map.of(
                "group.protocol", "streams",
                "num.standby.replicas", 1,
                "session.timeout.ms", "10000");

        assertThat(StreamsGroupSettings.ignoredUnderTheStreamsProtocol("seedance-streams", streams))
                .hasValueSatisfying(line -> assertThat(line)
                        .contains("STANDBY_REPLICAS, KAFKA_SESSION_TIMEOUT_MS and KAFKA_HEARTBEAT_INTERVAL_MS are not"
                                + " applied")
                        .contains("kafka-configs.sh --alter --entity-type groups --entity-name seedance-streams"
                                + " --add-config streams.num.standby.replicas=1,streams.session.timeout.ms=10000 ")
                        .contains("group.streams.min.session.timeout.ms"));
    }

    @Test
    void shouldSayNothingUnderTheClassicProtocol() {
        assertThat(StreamsGroupSettings.ignoredUnderTheStreamsProtocol(
                        "seedance-streams", Map.of("num.standby.replicas", 1)))
                .isEmpty();
        assertThat(StreamsGroupSettings.ignoredUnderTheStreamsProtocol(
                        "seedance-streams", Map.of("group.protocol", "classic")))
                .isEmpty();
    }
}
