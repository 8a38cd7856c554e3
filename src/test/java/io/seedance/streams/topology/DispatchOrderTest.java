package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatchOrderTest {

    private static final long NOW = 1_000_000L;

    private final DispatchOrder order = new DispatchOrder(Duration.ofMillis(200));

    @Test
    void shouldLeaveScarcePermitsToOlderHeadsOfOtherPartitions() {
        order.publish("0_0", NOW - 60_000, NOW); // waiting a minute
        order.publish("0_1", NOW - 1_000, NOW); // a second

        assertThat(order.mayTake("0_1", NOW - 1_000, 1, NOW))
                .as("one permit: the older head goes first")
                .isFalse();
        assertThat(order.mayTake("0_0", NOW - 60_000, 1, NOW)).isTrue();
        assertThat(order.mayTake("0_1", NOW - 1_000, 2, NOW))
                .as("two permits: one for each")
                .isTrue();
    }

    @Test
    void shouldLetOnlyOneOfTwoEqualHeadsYield() {
        order.publish("0_0", NOW, NOW);
        order.publish("0_1", NOW, NOW);

        assertThat(order.mayTake("0_0", NOW, 1, NOW)).isTrue();
        assertThat(order.mayTake("0_1", NOW, 1, NOW)).isFalse();
    }

    @Test
    void shouldIgnoreAHeadThatWasWithdrawnOrNotRefreshed() {
        order.publish("0_0", NOW - 60_000, NOW);
        order.publish("0_2", NOW - 30_000, NOW);
        order.withdraw("0_0");

        assertThat(order.mayTake("0_1", NOW, 1, NOW)).isFalse();
        assertThat(order.mayTake("0_1", NOW, 1, NOW + 5 * 200 + 1))
                .as("0_2 has not swept for five intervals: its thread is busy elsewhere")
                .isTrue();
    }

    @Test
    void shouldGrantNothingWithoutPermits() {
        assertThat(order.mayTake("0_0", NOW, 0, NOW)).isFalse();
        assertThat(order.mayTake("0_0", NOW, 1, NOW)).isTrue();
    }

    @Test
    void shouldMakeAJustAcceptedRequestAHeadUnlessAnOlderOneIsFresh() {
        order.offer("0_1", NOW - 1_000, NOW - 1_000);

        assertThat(order.mayTake("0_0", NOW, 1, NOW))
                .as("0_1 accepted a request a second ago and has not swept since: it still goes first")
                .isFalse();

        order.offer("0_1", NOW, NOW);
        assertThat(order.mayTake("0_0", NOW - 500, 1, NOW))
                .as("a newer request does not hide the partition's older head")
                .isFalse();

        order.offer("0_1", NOW + 5 * 200 + 1, NOW + 5 * 200 + 1);
        assertThat(order.mayTake("0_0", NOW, 1, NOW + 5 * 200 + 1))
                .as("a stale head is replaced by the newly offered one")
                .isTrue();
    }
}
