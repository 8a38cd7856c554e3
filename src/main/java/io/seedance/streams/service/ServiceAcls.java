package io.seedance.streams.service;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import io.seedance.streams.topology.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Everything the service's principal needs on a cluster with an authorizer, and nothing more: the
 * list the README gives, and the one {@code SecuredClusterIT} runs the service with. The topics
 * are the platform's (created beforehand, {@code TOPICS_CREATE=false}); the application's own
 * (changelogs, repartition topics), its consumer group and its transactional ids all start with
 * its {@code APPLICATION_ID}.
 */
public final class ServiceAcls {

    private ServiceAcls() {}

    /** The ACLs of {@code principal} ({@code User:name}) for an instance of {@code applicationId} on {@code topics}. */
    public static List<AclBinding> of(final String principal, final String applicationId, final Topics topics) {
        final List<AclBinding> acls = new ArrayList<>();
        // Read: requests, cancellations and tenant policies come from other services.
        for (final String input : List.of(topics.requests(), topics.cancellations(), topics.tenants())) {
            allow(acls, principal, topic(input, PatternType.LITERAL), READ, DESCRIBE);
        }
        // Read and written by the service itself: webhook signals (and hand-overs), budget claims and decisions.
        for (final String own : List.of(topics.callbacks(), topics.budgetClaims(), topics.budgetDecisions())) {
            allow(acls, principal, topic(own, PatternType.LITERAL), READ, WRITE, DESCRIBE);
        }
        // Written: the results, the dead letters, the budget alerts.
        for (final String output :
                List.of(topics.completed(), topics.failed(), topics.deadLetters(), topics.alerts())) {
            allow(acls, principal, topic(output, PatternType.LITERAL), WRITE, DESCRIBE);
        }
        // Kafka Streams' internal topics: created, read, written and purged by the application.
        allow(acls, principal, topic(applicationId + "-", PatternType.PREFIXED), ALL);
        allow(
                acls,
                principal,
                new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL),
                READ,
                DESCRIBE);
        // Exactly-once: one transactional id per stream thread, each starting with the application id.
        allow(
                acls,
                principal,
                new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED),
                WRITE,
                DESCRIBE);
        return List.copyOf(acls);
    }

    /** What {@code TOPICS_CREATE=true} needs besides {@link #of}: CREATE on each of the service's topics. */
    public static List<AclBinding> toCreateTopics(final String principal, final Topics topics) {
        final List<AclBinding> acls = new ArrayList<>();
        for (final String name : topics.all()) {
            allow(acls, principal, topic(name, PatternType.LITERAL), CREATE);
        }
        return List.copyOf(acls);
    }

    private static ResourcePattern topic(final String name, final PatternType pattern) {
        return new ResourcePattern(ResourceType.TOPIC, name, pattern);
    }

    private static void allow(
            final List<AclBinding> acls,
            final String principal,
            final ResourcePattern resource,
            final AclOperation... operations) {
        for (final AclOperation operation : operations) {
            acls.add(new AclBinding(
                    resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
