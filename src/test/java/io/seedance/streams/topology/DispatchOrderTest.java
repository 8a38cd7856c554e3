package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.testing.TestClock;
import io.seedance.streams.topology.QueuedTasks.Queue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/** The instance's dispatch order: partitions by age, levels by share, tenants by weight, all charged by cost. */
class DispatchOrderTest {

    private static final long NOW = 1_000_000L;
    private static final String ONLY = "0_0";
    private static final DispatchOrder.Permits ONE = level -> 1;
    private static final DispatchOrder.Permits TWO = level -> 2;

    private final TenantPolicies policies = new TenantPolicies(TenantPolicy.unlimited());
    private final TestClock clock = new TestClock();
    private final DispatchOrder order = new DispatchOrder(
            Duration.ofMillis(200),
            Levels.defaults(),
            new TenantQuotas(policies, Duration.ofMillis(200), clock, new ProcessorMetrics().tenants()));

    @Test
    void shouldLeaveScarcePermitsToOlderHeadsOfOtherPartitions() {
        sweptAll("0_0", "0_1");
        order.publish("0_0", Priority.STANDARD, "t", NOW - 60_000); // waiting a minute
        order.publish("0_1", Priority.STANDARD, "t", NOW - 1_000); // a second

        assertThat(order.grant("0_1", ONE, NOW))
                .as("one permit: the older head goes first")
                .isEmpty();
        assertThat(order.grant("0_0", ONE, NOW)).contains(new Queue(Priority.STANDARD, "t"));
        assertThat(order.grant("0_1", TWO, NOW)).as("two permits: one for each").isPresent();
    }

    @Test
    void shouldLetOnlyOneOfTwoEqualHeadsYield() {
        sweptAll("0_0", "0_1");
        order.publish("0_0", Priority.STANDARD, "t", NOW);
        order.publish("0_1", Priority.STANDARD, "t", NOW);

        assertThat(order.grant("0_0", ONE, NOW)).isPresent();
        assertThat(order.grant("0_1", ONE, NOW)).isEmpty();
    }

    @Test
    void shouldPassOverWithdrawnHeadsAndPartitionsThatStoppedSweeping() {
        sweptAll("0_0", "0_1", "0_2");
        order.publish("0_0", Priority.STANDARD, "t", NOW - 60_000);
        order.publish("0_2", Priority.STANDARD, "t", NOW - 30_000);
        order.publish("0_1", Priority.STANDARD, "t", NOW);
        order.withdraw("0_0", Priority.STANDARD, "t");

        assertThat(order.grant("0_1", ONE, NOW)).isEmpty();
        final long later = NOW + 5 * 200 + 1;
        order.swept("0_1", later);
        assertThat(order.grant("0_1", ONE, later))
                .as("0_2 has not swept for five intervals: its thread is busy elsewhere")
                .isPresent();
    }

    @Test
    void shouldGrantNothingWithoutPermitsOrBeforeTheHeadIsDue() {
        order.swept(ONLY, NOW);
        order.publish(ONLY, Priority.STANDARD, "t", NOW + 1_000); // backing off for a second

        assertThat(order.grant(ONLY, ONE, NOW)).isEmpty();
        order.swept(ONLY, NOW + 1_000);
        assertThat(order.grant(ONLY, level -> 0, NOW + 1_000)).isEmpty();
        assertThat(order.grant(ONLY, ONE, NOW + 1_000)).isPresent();
    }

    @Test
    void shouldLetAnInteractiveRequestPassAnOlderBatchBacklog() {
        sweptAll("0_0", "0_1");
        order.publish("0_0", Priority.BATCH, "a", NOW - 3_600_000); // an hour of backlog
        for (int i = 0; i < 50; i++) {
            assertThat(order.grant("0_0", ONE, NOW)).isPresent();
            order.took(Priority.BATCH, "a", 5);
        }
        order.publish("0_1", Priority.INTERACTIVE, "b", NOW);

        assertThat(order.grant("0_0", ONE, NOW)).isEmpty();
        assertThat(order.grant("0_1", ONE, NOW)).contains(new Queue(Priority.INTERACTIVE, "b"));
    }

    @Test
    void shouldGiveWaitingLevelsTheirSharesNeverStarvingTheLowest() {
        final Map<Queue, Integer> taken = takeRounds(
                List.of(
                        new Queue(Priority.INTERACTIVE, "t"),
                        new Queue(Priority.STANDARD, "t"),
                        new Queue(Priority.BATCH, "t")),
                1_000,
                queue -> 5);

        assertThat(taken.get(new Queue(Priority.INTERACTIVE, "t")) / 1_000.0).isCloseTo(0.2, within(0.01));
        assertThat(taken.get(new Queue(Priority.STANDARD, "t")) / 1_000.0).isCloseTo(0.5, within(0.01));
        assertThat(taken.get(new Queue(Priority.BATCH, "t")) / 1_000.0)
                .as("BATCH keeps its minimum share behind two busier levels")
                .isCloseTo(0.3, within(0.01));
    }

    @Test
    void shouldChargeLevelsByTheSecondsOfVideoTheyAsk() {
        final Queue standard = new Queue(Priority.STANDARD, "t");
        final Queue batch = new Queue(Priority.BATCH, "t");
        // STANDARD asks 15 s videos, BATCH 5 s ones: per second of video, shares stay 50:30.
        final Map<Queue, Integer> taken =
                takeRounds(List.of(standard, batch), 1_400, queue -> queue.equals(standard) ? 15 : 5);

        final double standardSeconds = taken.get(standard) * 15.0;
        final double batchSeconds = taken.get(batch) * 5.0;
        assertThat(standardSeconds / (standardSeconds + batchSeconds)).isCloseTo(50.0 / 80, within(0.01));
    }

    @Test
    void shouldGiveAnIdleLevelNoCreditForItsIdleness() {
        final Queue standard = new Queue(Priority.STANDARD, "t");
        final Queue batch = new Queue(Priority.BATCH, "t");
        takeRounds(List.of(batch), 500, queue -> 5);

        final Map<Queue, Integer> taken = takeRounds(List.of(standard, batch), 80, queue -> 5);

        assertThat(taken.get(batch))
                .as("STANDARD returns at its share, not with 500 submissions of catching up")
                .isBetween(29, 31);
    }

    @Test
    void shouldNotLetAHeadWhoseLevelHasNoSeatHoldOthersBack() {
        sweptAll("0_0", "0_1");
        order.publish("0_0", Priority.INTERACTIVE, "t", NOW - 60_000);
        order.publish("0_1", Priority.BATCH, "t", NOW);
        final DispatchOrder.Permits interactiveOutOfSeats = level -> level == Priority.INTERACTIVE ? 0 : 1;

        assertThat(order.grant("0_1", interactiveOutOfSeats, NOW)).isPresent();
        assertThat(order.grant("0_1", ONE, NOW)).isEmpty();
    }

    @Test
    void shouldTellTheGateOfALevelHeldBackWithAHeadReadyAndOfNoOther() {
        sweptAll("0_0", "0_1");
        order.publish("0_0", Priority.INTERACTIVE, "t", NOW - 1_000);
        order.publish("0_1", Priority.STANDARD, "t", NOW + 60_000); // not due yet
        final List<Priority> heldBack = new ArrayList<>();
        final DispatchOrder.Permits noSeats = new DispatchOrder.Permits() {
            @Override
            public long available(final Priority level) {
                return level == Priority.BATCH ? 1 : 0;
            }

            @Override
            public void heldBack(final Priority level, final long now) {
                heldBack.add(level);
            }
        };

        assertThat(order.grant("0_1", noSeats, NOW)).isEmpty();
        assertThat(heldBack)
                .as("INTERACTIVE's head could go but for its seats; STANDARD's is not due; BATCH has permits")
                .containsExactly(Priority.INTERACTIVE);
    }

    @Test
    void shouldShareALevelBetweenTenantsByWeightAndCost() {
        weigh("one", 1);
        weigh("two", 2);
        weigh("five", 5);
        final List<Queue> tenants = List.of(
                new Queue(Priority.BATCH, "one"), new Queue(Priority.BATCH, "two"), new Queue(Priority.BATCH, "five"));

        final Map<Queue, Integer> taken = takeRounds(tenants, 800, queue -> 5);

        assertThat(taken.get(tenants.get(0)) / 800.0).isCloseTo(1 / 8.0, within(0.005));
        assertThat(taken.get(tenants.get(1)) / 800.0).isCloseTo(2 / 8.0, within(0.005));
        assertThat(taken.get(tenants.get(2)) / 800.0).isCloseTo(5 / 8.0, within(0.005));

        // Tenant "one" now asks 15 s videos: it gets a third of the submissions it had.
        final Map<Queue, Integer> costly =
                takeRounds(tenants, 800, queue -> queue.tenant().equals("one") ? 15 : 5);
        final double oneSeconds = costly.get(tenants.get(0)) * 15.0;
        final double allSeconds = oneSeconds + (costly.get(tenants.get(1)) + costly.get(tenants.get(2))) * 5.0;
        assertThat(oneSeconds / allSeconds).isCloseTo(1 / 8.0, within(0.01));
    }

    @Test
    void shouldApplyAWeightChangeToTheNextSubmissions() {
        final List<Queue> tenants = List.of(new Queue(Priority.BATCH, "a"), new Queue(Priority.BATCH, "b"));
        final Map<Queue, Integer> equal = takeRounds(tenants, 200, queue -> 5);
        assertThat(equal.get(tenants.get(0))).isEqualTo(100);

        weigh("a", 3); // a record of the tenants topic, as the global thread applies it
        final Map<Queue, Integer> changed = takeRounds(tenants, 200, queue -> 5);

        assertThat(changed.get(tenants.get(0))).isBetween(148, 152);
    }

    @Test
    void shouldShareEquallyBetweenAThousandTenants() {
        final List<Queue> tenants = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            tenants.add(new Queue(Priority.STANDARD, "tenant-" + i));
        }

        final Map<Queue, Integer> taken = takeRounds(tenants, 10_000, queue -> 5);

        assertThat(taken.values()).allSatisfy(count -> assertThat(count).isEqualTo(10));
    }

    @Test
    void shouldKeepTenantsEqualWhenPartitionsTakeTheirHeadsOutOfOrder() {
        // Each partition takes its own head when fewer than the permits go before it, so a head of
        // the next round can go before one of this round: that must not cost the latter its turn.
        final List<String> partitions = List.of("0_0", "0_1", "0_2");
        final Map<String, Integer> taken = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            // Received one after the other, so that the partitions' heads interleave in the order.
            order.publish(partitions.get(i % 3), Priority.STANDARD, "tenant-" + i, NOW - 1_000 + i);
            taken.put("tenant-" + i, 0);
        }
        sweptAll(partitions.toArray(String[]::new));
        final DispatchOrder.Permits five = level -> 5;
        int grants = 0;
        for (int sweep = 0; grants < 3_000; sweep++) {
            final String partition = partitions.get(sweep % 3);
            for (int permit = 0; permit < 5; permit++) {
                final Optional<Queue> granted = order.grant(partition, five, NOW);
                if (granted.isEmpty()) {
                    break;
                }
                order.took(Priority.STANDARD, granted.get().tenant(), 5);
                taken.merge(granted.get().tenant(), 1, Integer::sum);
                grants++;
            }
        }

        assertThat(taken.values()).allSatisfy(count -> assertThat(count).isBetween(99, 101));
    }

    @Test
    void shouldGiveAnIdleTenantNoCreditAndItsShareToTheOthers() {
        final Queue busy = new Queue(Priority.STANDARD, "busy");
        final Queue back = new Queue(Priority.STANDARD, "back");
        final Map<Queue, Integer> alone = takeRounds(List.of(busy), 300, queue -> 5);
        assertThat(alone.get(busy))
                .as("the idle tenant's share went to the busy one")
                .isEqualTo(300);

        final Map<Queue, Integer> both = takeRounds(List.of(busy, back), 100, queue -> 5);

        assertThat(both.get(back))
                .as("back at an equal share, not 300 submissions ahead")
                .isBetween(49, 51);
    }

    @Test
    void shouldPassOverATenantAtItsQuotaAndGiveItsTurnToTheNext() {
        sweptAll("0_0", "0_1");
        policies.apply("capped", "{\"max_seats\":1}".getBytes(StandardCharsets.UTF_8));
        order.publish("0_0", Priority.STANDARD, "capped", NOW - 60_000);
        order.publish("0_1", Priority.STANDARD, "other", NOW);
        assertThat(order.grant("0_1", ONE, NOW)).as("the older head goes first").isEmpty();
        assertThat(order.quotas().tryTake("capped", NOW)).isTrue(); // its one seat, in flight

        assertThat(order.grant("0_1", ONE, NOW))
                .as("capped waits for its seat: its turn goes to the next head")
                .contains(new Queue(Priority.STANDARD, "other"));
        assertThat(order.grant("0_0", TWO, NOW)).isEmpty();
        order.quotas().seatLeft("capped");
        assertThat(order.grant("0_0", ONE, NOW)).contains(new Queue(Priority.STANDARD, "capped"));
    }

    /**
     * {@code rounds} single permits among always-waiting queues of one partition; what each got.
     * Queues not in {@code waiting} are withdrawn first.
     */
    private Map<Queue, Integer> takeRounds(
            final List<Queue> waiting, final int rounds, final ToLongFunction<Queue> secondsOfVideo) {
        for (final Priority level : Priority.values()) {
            for (final String tenant : order.waitingTenants(level)) {
                order.withdraw(ONLY, level, tenant);
            }
        }
        final Map<Queue, Integer> taken = new HashMap<>();
        for (final Queue queue : waiting) {
            order.publish(ONLY, queue.level(), queue.tenant(), NOW);
            taken.put(queue, 0);
        }
        order.swept(ONLY, NOW);
        for (int i = 0; i < rounds; i++) {
            final Optional<Queue> granted = order.grant(ONLY, ONE, NOW);
            assertThat(granted).as("round %d", i).isPresent();
            order.took(granted.get().level(), granted.get().tenant(), secondsOfVideo.applyAsLong(granted.get()));
            taken.merge(granted.get(), 1, Integer::sum);
        }
        return taken;
    }

    private void weigh(final String tenant, final int weight) {
        policies.apply(tenant, ("{\"weight\":" + weight + "}").getBytes(StandardCharsets.UTF_8));
    }

    private void sweptAll(final String... partitions) {
        for (final String partition : partitions) {
            order.swept(partition, NOW);
        }
    }
}
