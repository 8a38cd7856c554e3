package io.seedance.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.FastConfigs;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.ServiceUnderTest;
import io.seedance.streams.testing.SharedServices;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.Task;
import io.seedance.streams.topology.TaskPhase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code tenants set|list|delete} against a real broker, and a running service applying a change without a restart. */
@ExtendWith(SharedServices.class)
@Timeout(180)
class TenantsCommandIT {

    @Test
    void shouldSetListAndDeletePoliciesKeepingWhatASetDoesNotName(final KafkaCluster kafka) {
        final String topic = "tenants-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopics(1, topic);
        final String[] cluster = {"--bootstrap-servers", kafka.bootstrapServers(), "--tenants-topic", topic};

        assertThat(run(cluster, "tenants", "set", "acme", "--weight", "2", "--max-seats", "10")
                        .code())
                .isZero();
        final CommandRun set = run(cluster, "tenants", "set", "acme", "--default-priority", "BATCH");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(run(cluster, "tenants", "set", "globex", "--max-submits-per-minute", "20")
                        .code())
                .isZero();

        final CommandRun list = run(cluster, "tenants", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out().lines())
                .containsExactly(
                        "acme\t{\"weight\":2,\"max_seats\":10,\"default_priority\":\"BATCH\"}",
                        "globex\t{\"max_submits_per_minute\":20}");

        assertThat(run(cluster, "tenants", "delete", "acme").code()).isZero();
        assertThat(run(cluster, "tenants", "list").out().lines())
                .containsExactly("globex\t{\"max_submits_per_minute\":20}");
    }

    @Test
    void shouldRefuseABadPolicyWithOneLineNamingItAndExit2(final KafkaCluster kafka) {
        final String[] cluster = {"--bootstrap-servers", kafka.bootstrapServers(), "--tenants-topic", "never-written"};

        final CommandRun weight = run(cluster, "tenants", "set", "acme", "--weight", "0");
        assertThat(weight.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(weight.err()).contains("weight must be from 1 to 1000, got 0");

        final CommandRun seats = run(cluster, "tenants", "set", "acme", "--max-seats", "-1");
        assertThat(seats.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(seats.err()).contains("--max-seats must be 0 (no cap) or more, got -1");

        final CommandRun name = run(cluster, "tenants", "set", "x".repeat(65), "--weight", "2");
        assertThat(name.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(name.err()).contains("tenant must be non-empty and at most 64 characters");

        final CommandRun level = run(cluster, "tenants", "set", "acme", "--default-priority", "URGENT");
        assertThat(level.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(level.err()).contains("--default-priority");

        final CommandRun negative = run(cluster, "tenants", "set", "acme", "--budget", "-5");
        assertThat(negative.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(negative.err()).contains("--budget must be a number of credits from 0, got -5");

        final CommandRun notANumber = run(cluster, "tenants", "set", "acme", "--budget", "lots");
        assertThat(notANumber.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(notANumber.err()).contains("--budget must be a number of credits");

        final CommandRun period = run(cluster, "tenants", "set", "acme", "--budget", "10", "--period", "1w");
        assertThat(period.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(period.err()).contains("such as 12h, 1d or 1mo; got '1w'");

        final CommandRun alone = run(cluster, "tenants", "set", "acme", "--period", "1d");
        assertThat(alone.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(alone.err()).contains("--period needs a budget");

        final CommandRun soft = run(cluster, "tenants", "set", "acme", "--budget", "10", "--soft-limit", "120");
        assertThat(soft.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(soft.err()).contains("--soft-limit must be from 0 (none) to 100, got 120");

        final CommandRun over = run(cluster, "tenants", "set", "acme", "--budget", "10", "--over-budget", "WAIT");
        assertThat(over.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(over.err()).contains("--over-budget must be HOLD or FAIL");
        assertThat(List.of(negative, notANumber, period, alone, soft, over))
                .as("one line each, no stack trace")
                .allSatisfy(refused -> assertThat(refused.err()).doesNotContain("\tat "));
    }

    @Test
    void shouldSetABudgetAndListHowTheTenantStands(final KafkaCluster kafka, final ApicurioRegistry registry) {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream().build(),
                FastConfigs.processor().build())) {
            final String[] cluster = {
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--tenants-topic", service.topics.tenants(),
                "--application-id", service.service.settings().applicationId()
            };
            final CommandRun set = run(cluster, "tenants", "set", "acme", "--budget", "2.5", "--period", "1d");
            assertThat(set.code()).as(set.err()).isZero();
            assertThat(set.out()).contains("\"budget\":2.5,\"budget_period\":\"1d\"");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> service.service.order().policies().of("acme").budget() != null);

            for (int i = 0; i < 3; i++) {
                service.send(request("acme-" + i, "acme"));
            }
            service.flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> service.completed().size() >= 2);

            final CommandRun list = run(cluster, "tenants", "list");
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out().lines())
                    .singleElement()
                    .asString()
                    .startsWith("acme\t{")
                    .contains("\tspent 2 of 2.5 credits per 1d since ")
                    .contains("0 reserved, 1 waiting");

            final Task held = service.service.task("acme-2").orElseThrow();
            assertThat(held.phase()).isEqualTo(TaskPhase.RESERVING);
            assertThat(held.heldSince()).isNotNull();

            assertThat(run(cluster, "tenants", "set", "acme", "--no-budget").code())
                    .isZero();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> service.completed().size() >= 3);
            assertThat(run(cluster, "tenants", "list").out().lines()).containsExactly("acme\t{}");
        }
    }

    @Test
    void shouldChangeARunningServiceWithinSecondsWithoutARestart(
            final KafkaCluster kafka, final ApicurioRegistry registry) {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                SimulatorConfig.builder().build(),
                ProcessorConfig.builder().sweepInterval(Duration.ofMillis(100)).build())) {
            final String[] cluster = {
                "--bootstrap-servers", kafka.bootstrapServers(), "--tenants-topic", service.topics.tenants()
            };
            service.send(request("before", "partner"));
            service.flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> service.service.task("before").isPresent());
            assertThat(service.service.task("before").orElseThrow().request().level())
                    .isEqualTo(Priority.STANDARD);

            assertThat(run(cluster, "tenants", "set", "partner", "--default-priority", "BATCH")
                            .code())
                    .isZero();

            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            service.service.order().policies().of("partner").defaultPriority() == Priority.BATCH);
            service.send(request("after", "partner"));
            service.flush();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> service.service.task("after").isPresent());
            assertThat(service.service.task("after").orElseThrow().request().level())
                    .isEqualTo(Priority.BATCH);
        }
    }

    private static VideoRequest request(final String id, final String tenant) {
        return VideoRequest.newBuilder(Samples.request(id)).setTenant(tenant).build();
    }

    private static CommandRun run(final String[] cluster, final String... command) {
        return CommandRun.execute(CommandRun.concat(command, cluster));
    }
}
