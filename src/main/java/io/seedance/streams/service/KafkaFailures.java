package io.seedance.streams.service;

import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * What a refusal by a secured (or an older) Kafka cluster means, in one line that names the connection, the
 * cause and the setting to fix: the clients' own messages name neither, and a TLS failure's
 * names the JDK's internal classes.
 */
final class KafkaFailures {

    private KafkaFailures() {}

    /**
     * The explanation, when {@code failure} (or a cause of it) is an authentication or authorization
     * refusal, or a cluster without the rebalance protocol the service was configured for.
     */
    static Optional<String> explain(final Throwable failure, final String bootstrapServers) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SslAuthenticationException tls) {
                return Optional.of("the TLS handshake with Kafka at " + bootstrapServers + " failed ("
                        + firstLine(tls) + "): trust the CA that signed the brokers' certificates with"
                        + " KAFKA_SSL_TRUSTSTORE_LOCATION (and _PASSWORD, _TYPE)");
            }
            if (cause instanceof SaslAuthenticationException sasl) {
                return Optional.of("Kafka at " + bootstrapServers + " refused the service's credentials ("
                        + firstLine(sasl) + "): check KAFKA_SASL_MECHANISM and the user and password in"
                        + " KAFKA_SASL_JAAS_CONFIG");
            }
            if (cause instanceof AuthenticationException authentication) {
                return Optional.of("Kafka at " + bootstrapServers + " refused to authenticate the service ("
                        + firstLine(authentication) + ")");
            }
            if (cause instanceof UnsupportedVersionException unsupported
                    && String.valueOf(unsupported.getMessage()).contains("STREAMS group protocol")) {
                return Optional.of(
                        "Kafka at " + bootstrapServers + " does not serve the streams rebalance protocol"
                                + " that KAFKA_GROUP_PROTOCOL=streams asks for: enable it on the cluster"
                                + " (kafka-features.sh upgrade --feature streams.version=1) or leave KAFKA_GROUP_PROTOCOL unset");
            }
            if (cause instanceof TopicAuthorizationException topics) {
                return Optional.of("Kafka at " + bootstrapServers + " denies the service's principal access to "
                        + (topics.unauthorizedTopics().isEmpty()
                                ? "a topic"
                                : "topic(s) " + new TreeSet<>(topics.unauthorizedTopics()))
                        + ": grant it the ACLs the operations guide lists (docs/operations.md, \"ACLs\")");
            }
            if (cause instanceof AuthorizationException denied) {
                return Optional.of("Kafka at " + bootstrapServers + " denies the service's principal: "
                        + firstLine(denied) + "; grant it the ACLs the operations guide lists (docs/operations.md,"
                        + " \"ACLs\")");
            }
        }
        return Optional.empty();
    }

    private static String firstLine(final Throwable failure) {
        final String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String line = message.lines().findFirst().orElse("");
        final int internal = line.indexOf(": sun.security.");
        if (internal >= 0) {
            line = line.substring(0, internal);
        }
        return line;
    }
}
