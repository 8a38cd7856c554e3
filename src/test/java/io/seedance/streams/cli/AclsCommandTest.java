package io.seedance.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AclsCommandTest {

    @Test
    void shouldPrintTheKafkaAclsCommandsForThisConfigurationsNames() {
        final StringWriter out = new StringWriter();
        final AclsCommand acls = new AclsCommand();
        acls.environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9093",
                "APPLICATION_ID", "video-gen",
                "TOPICS_REQUESTS", "platform.video-requests");
        final CommandLine command = new CommandLine(acls);
        command.setOut(new PrintWriter(out, true));

        assertThat(command.execute("--principal", "User:seedance")).isZero();

        final List<String> lines = out.toString().lines().toList();
        final String grant = "kafka-acls.sh --bootstrap-server kafka-1:9093 --add --allow-principal User:seedance";
        assertThat(lines)
                .contains(
                        grant + " --operation READ --operation DESCRIBE --topic platform.video-requests",
                        grant + " --operation WRITE --operation DESCRIBE --topic video-completed",
                        grant + " --operation ALL --resource-pattern-type prefixed --topic video-gen-",
                        grant + " --operation READ --operation DESCRIBE --group video-gen",
                        grant + " --operation WRITE --operation DESCRIBE --resource-pattern-type prefixed"
                                + " --transactional-id video-gen")
                .hasSize(13)
                .noneMatch(line -> line.contains("CREATE"));
    }

    @Test
    void shouldAddCreateOnEachTopicWhenTheServiceCreatesThem() {
        final StringWriter out = new StringWriter();
        final AclsCommand acls = new AclsCommand();
        acls.environment = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9093");
        final CommandLine command = new CommandLine(acls);
        command.setOut(new PrintWriter(out, true));

        assertThat(command.execute("--principal", "User:seedance", "--create-topics"))
                .isZero();

        assertThat(out.toString().lines().filter(line -> line.contains("--operation CREATE")))
                .hasSize(10)
                .contains("kafka-acls.sh --bootstrap-server kafka-1:9093 --add --allow-principal User:seedance"
                        + " --operation READ --operation DESCRIBE --operation CREATE --topic seedance-tenants");
    }

    @Test
    void shouldNeedNoSecretsButTheBrokers() {
        final StringWriter err = new StringWriter();
        final AclsCommand acls = new AclsCommand();
        acls.environment = Map.of();
        final CommandLine command = new CommandLine(acls);
        command.setErr(new PrintWriter(err, true));

        assertThat(command.execute("--principal", "User:seedance")).isEqualTo(2);
        assertThat(err.toString())
                .contains("KAFKA_BOOTSTRAP_SERVERS")
                .doesNotContain("SEEDANCE_API_KEY", "SCHEMA_REGISTRY_URL");
    }
}
