package io.seedance.streams.cli;

import io.seedance.streams.service.ConfigSources;
import io.seedance.streams.service.InvalidConfigurationException;
import io.seedance.streams.service.ServiceAcls;
import io.seedance.streams.service.ServiceNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code acls}: the {@code kafka-acls.sh} commands that grant the service's principal exactly what
 * it needs, for the application id and topics of this configuration ({@link ServiceAcls}).
 */
@Command(
        name = "acls",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Print the kafka-acls.sh commands that grant the service's principal exactly the ACLs it needs,"
                    + " for the application id and topics that run would use (same environment and --config).",
            "Nothing is changed on the cluster: review the commands, then run them as an administrator."
        })
final class AclsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--principal",
            required = true,
            description = "The service's principal, as the authorizer names it (User:seedance).")
    private String principal;

    @Option(names = "--create-topics", description = "Add CREATE on each topic, for TOPICS_CREATE=true.")
    private boolean createTopics;

    @Option(
            names = "--config",
            defaultValue = "${env:SEEDANCE_CONFIG_FILE}",
            description = "A properties file; environment variables override it (env SEEDANCE_CONFIG_FILE).")
    private Path configFile;

    /** The environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        final ServiceNames names;
        try {
            names = ServiceNames.load(
                    environment, configFile == null ? Map.of() : ConfigSources.readProperties(configFile));
        } catch (final InvalidConfigurationException e) {
            spec.commandLine().getErr().println("seedance-streams acls: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        final List<AclBinding> acls = new ArrayList<>(ServiceAcls.of(principal, names.applicationId(), names.topics()));
        if (createTopics) {
            acls.addAll(ServiceAcls.toCreateTopics(principal, names.topics()));
        }
        final Map<ResourcePattern, List<AclOperation>> byResource = new LinkedHashMap<>();
        acls.forEach(acl -> byResource
                .computeIfAbsent(acl.pattern(), pattern -> new ArrayList<>())
                .add(acl.entry().operation()));
        final PrintWriter out = spec.commandLine().getOut();
        byResource.forEach((pattern, operations) -> out.println(command(names, pattern, operations)));
        out.flush();
        return Main.EXIT_OK;
    }

    private String command(
            final ServiceNames names, final ResourcePattern pattern, final List<AclOperation> operations) {
        final StringBuilder line = new StringBuilder("kafka-acls.sh --bootstrap-server ")
                .append(names.bootstrapServers())
                .append(" --add --allow-principal ")
                .append(principal);
        operations.forEach(operation -> line.append(" --operation ").append(operation.name()));
        if (pattern.patternType() == PatternType.PREFIXED) {
            line.append(" --resource-pattern-type prefixed");
        }
        final String option = switch (pattern.resourceType()) {
            case TOPIC -> "--topic";
            case GROUP -> "--group";
            case TRANSACTIONAL_ID -> "--transactional-id";
            default -> throw new IllegalStateException("no kafka-acls option for " + pattern.resourceType());
        };
        return line.append(' ')
                .append(option)
                .append(' ')
                .append(pattern.name())
                .toString();
    }
}
