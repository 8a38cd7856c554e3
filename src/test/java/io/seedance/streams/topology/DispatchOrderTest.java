package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.seedance.streams.schemas.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class DispatchOrderTest {

    private static final long NOW = 1_000_000L;
    private static final ToLongFunction<Priority> ONE = level -> 1;
    private static final ToLongFunction<Priority> TWO = level -> 2;

    private final DispatchOrder order = new DispatchOrder(Duration.ofMillis(200), Levels.defaults());

    @Test
    void shouldLeaveScarcePermitsToOlderHeadsOfOtherPartitions() {
        order.publish("0_0", Priority.STANDARD, NOW - 60_000, NOW); // waiting a minute
        order.publish("0_1", Priority.STANDARD, NOW - 1_000, NOW); // a second

        assertThat(order.mayTake("0_1", Priority.STANDARD, NOW - 1_000, ONE, NOW))
                .as("one permit: the older head goes first")
                .isFalse();
        assertThat(order.mayTake("0_0", Priority.STANDARD, NOW - 60_000, ONE, NOW))
                .isTrue();
        assertThat(order.mayTake("0_1", Priority.STANDARD, NOW - 1_000, TWO, NOW))
                .as("two permits: one for each")
                .isTrue();
    }

    @Test
    void shouldLetOnlyOneOfTwoEqualHeadsYield() {
        order.publish("0_0", Priority.STANDARD, NOW, NOW);
        order.publish("0_1", Priority.STANDARD, NOW, NOW);

        assertThat(order.mayTake("0_0", Priority.STANDARD, NOW, ONE, NOW)).isTrue();
        assertThat(order.mayTake("0_1", Priority.STANDARD, NOW, ONE, NOW)).isFalse();
    }

    @Test
    void shouldIgnoreAHeadThatWasWithdrawnOrNotRefreshed() {
        order.publish("0_0", Priority.STANDARD, NOW - 60_000, NOW);
        order.publish("0_2", Priority.STANDARD, NOW - 30_000, NOW);
        order.withdraw("0_0", Priority.STANDARD);

        assertThat(order.mayTake("0_1", Priority.STANDARD, NOW, ONE, NOW)).isFalse();
        assertThat(order.mayTake("0_1", Priority.STANDARD, NOW, ONE, NOW + 5 * 200 + 1))
                .as("0_2 has not swept for five intervals: its thread is busy elsewhere")
                .isTrue();
    }

    @Test
    void shouldGrantNothingWithoutPermits() {
        assertThat(order.mayTake("0_0", Priority.STANDARD, NOW, level -> 0, NOW))
                .isFalse();
        assertThat(order.mayTake("0_0", Priority.STANDARD, NOW, ONE, NOW)).isTrue();
    }

    @Test
    void shouldMakeAJustAcceptedRequestAHeadUnlessAnOlderOneIsFresh() {
        order.offer("0_1", Priority.STANDARD, NOW - 1_000, NOW - 1_000);

        assertThat(order.mayTake("0_0", Priority.STANDARD, NOW, ONE, NOW))
                .as("0_1 accepted a request a second ago and has not swept since: it still goes first")
                .isFalse();

        order.offer("0_1", Priority.STANDARD, NOW, NOW);
        assertThat(order.mayTake("0_0", Priority.STANDARD, NOW - 500, ONE, NOW))
                .as("a newer request does not hide the partition's older head")
                .isFalse();

        order.offer("0_1", Priority.STANDARD, NOW + 5 * 200 + 1, NOW + 5 * 200 + 1);
        assertThat(order.mayTake("0_0", Priority.STANDARD, NOW, ONE, NOW + 5 * 200 + 1))
                .as("a stale head is replaced by the newly offered one")
                .isTrue();
    }

    @Test
    void shouldLetAnInteractiveRequestPassAnOlderBatchBacklog() {
        takeRounds(List.of(Priority.BATCH), 50, level -> 5);
        order.publish("0_2", Priority.BATCH, NOW - 3_600_000, NOW); // an hour of backlog
        order.publish("0_0", Priority.INTERACTIVE, NOW, NOW);

        assertThat(order.mayTake("0_2", Priority.BATCH, NOW - 3_600_000, ONE, NOW))
                .isFalse();
        assertThat(order.mayTake("0_0", Priority.INTERACTIVE, NOW, ONE, NOW)).isTrue();
    }

    @Test
    void shouldGiveWaitingLevelsTheirSharesNeverStarvingTheLowest() {
        final Map<Priority, Integer> taken = takeRounds(List.of(Priority.values()), 1_000, level -> 5);

        assertThat(taken.get(Priority.INTERACTIVE) / 1_000.0).isCloseTo(0.2, within(0.01));
        assertThat(taken.get(Priority.STANDARD) / 1_000.0).isCloseTo(0.5, within(0.01));
        assertThat(taken.get(Priority.BATCH) / 1_000.0)
                .as("BATCH keeps its minimum share behind two busier levels")
                .isCloseTo(0.3, within(0.01));
    }

    @Test
    void shouldChargeLevelsByTheSecondsOfVideoTheyAsk() {
        // STANDARD asks 15 s videos, BATCH 5 s ones: per second of video, shares stay 50:30.
        final Map<Priority, Integer> taken = takeRounds(
                List.of(Priority.STANDARD, Priority.BATCH), 1_400, level -> level == Priority.STANDARD ? 15 : 5);

        final double standardSeconds = taken.get(Priority.STANDARD) * 15.0;
        final double batchSeconds = taken.get(Priority.BATCH) * 5.0;
        assertThat(standardSeconds / (standardSeconds + batchSeconds)).isCloseTo(50.0 / 80, within(0.01));
    }

    @Test
    void shouldGiveAnIdleLevelNoCreditForItsIdleness() {
        takeRounds(List.of(Priority.BATCH), 500, level -> 5);

        final Map<Priority, Integer> taken = takeRounds(List.of(Priority.STANDARD, Priority.BATCH), 80, level -> 5);

        assertThat(taken.get(Priority.BATCH))
                .as("STANDARD returns at its share, not with 500 submissions of catching up")
                .isBetween(29, 31);
    }

    @Test
    void shouldNotLetAHeadWhoseLevelHasNoSeatHoldOthersBack() {
        order.publish("0_0", Priority.INTERACTIVE, NOW - 60_000, NOW);
        order.publish("0_1", Priority.BATCH, NOW, NOW);
        final ToLongFunction<Priority> interactiveOutOfSeats = level -> level == Priority.INTERACTIVE ? 0 : 1;

        assertThat(order.mayTake("0_1", Priority.BATCH, NOW, interactiveOutOfSeats, NOW))
                .isTrue();
        assertThat(order.mayTake("0_1", Priority.BATCH, NOW, ONE, NOW)).isFalse();
    }

    /** {@code rounds} single permits among one always-waiting head per level; what each level got. */
    private Map<Priority, Integer> takeRounds(
            final List<Priority> waiting, final int rounds, final ToLongFunction<Priority> secondsOfVideo) {
        final Map<Priority, Integer> taken = new EnumMap<>(Priority.class);
        for (final Priority level : waiting) {
            order.publish("0_" + level.ordinal(), level, NOW, NOW);
            taken.put(level, 0);
        }
        for (int i = 0; i < rounds; i++) {
            taken.merge(takeNext(waiting, secondsOfVideo), 1, Integer::sum);
        }
        return taken;
    }

    /** Exactly one of the waiting heads may take a single permit; it takes it. */
    private Priority takeNext(final List<Priority> waiting, final ToLongFunction<Priority> secondsOfVideo) {
        final List<Priority> allowed = waiting.stream()
                .filter(level -> order.mayTake("0_" + level.ordinal(), level, NOW, ONE, NOW))
                .toList();
        assertThat(allowed).as("heads allowed one permit").hasSize(1);
        order.took(allowed.get(0), secondsOfVideo.applyAsLong(allowed.get(0)));
        return allowed.get(0);
    }
}
