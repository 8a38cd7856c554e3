package io.seedance.streams.service;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Under the broker-side streams rebalance protocol (KIP-1071, {@code KAFKA_GROUP_PROTOCOL=streams})
 * the group's session timeout, heartbeat interval and standby replicas are the broker's group
 * configurations: the client's own settings are ignored. An operator who set {@code
 * STANDBY_REPLICAS} or {@code KAFKA_SESSION_TIMEOUT_MS} is told so once, with the command that
 * applies them, rather than finding out at the first failover.
 */
final class StreamsGroupSettings {

    private StreamsGroupSettings() {}

    /** The warning, when {@code streams} (the Kafka Streams settings) asks for the streams protocol. */
    static Optional<String> ignoredUnderTheStreamsProtocol(
            final String applicationId, final Map<String, Object> streams) {
        if (!"streams".equalsIgnoreCase(String.valueOf(streams.get(StreamsConfig.GROUP_PROTOCOL_CONFIG)))) {
            return Optional.empty();
        }
        final StringBuilder configs = new StringBuilder();
        configs.append("streams.num.standby.replicas=")
                .append(streams.getOrDefault(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0));
        final Object sessionTimeout = streams.get("session.timeout.ms");
        if (sessionTimeout != null) {
            configs.append(",streams.session.timeout.ms=").append(sessionTimeout);
        }
        final Object heartbeat = streams.get("heartbeat.interval.ms");
        if (heartbeat != null) {
            configs.append(",streams.heartbeat.interval.ms=").append(heartbeat);
        }
        return Optional.of("KAFKA_GROUP_PROTOCOL=streams: the brokers keep this group's standby replicas, session"
                + " timeout and heartbeat interval, and STANDBY_REPLICAS, KAFKA_SESSION_TIMEOUT_MS and"
                + " KAFKA_HEARTBEAT_INTERVAL_MS are not applied; apply them with kafka-configs.sh --alter"
                + " --entity-type groups --entity-name " + applicationId + " --add-config " + configs
                + " (a session timeout under 45 s also needs the brokers' group.streams.min.session.timeout.ms)");
    }
}
