package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.topology.QueuedTasks.Queue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who submits next, for all the partitions of one instance: by priority level in fair shares, then
 * by tenant in weighted fair shares, then by age; never in the order punctuations happen to run.
 *
 * <p>Each partition keeps its queued tasks in a queue per level and tenant ({@link QueuedTasks})
 * and publishes here each queue's <em>head</em>: when its first task is due. A partition asks for a
 * grant at its sweep; it gets one for a head of its own only while fewer eligible heads go before
 * it than there are permits for its level, and otherwise leaves the permits in the pace for the
 * partitions whose heads go first (they take them at their own sweep, within one sweep interval).
 *
 * <p>Both levels of the order are start-time fair queuing (SFQ), charged by cost (seconds of
 * video): a flow's next start tag is the larger of the virtual time and the finish tag of its last
 * submission, and each submission moves the finish tag on by {@code cost / weight}; the virtual time
 * follows the start tags of what was submitted. Between levels the weight is the level's {@linkplain
 * Levels#share share}; between the tenants of a level it is the tenant's weight. A flow that had
 * nothing waiting starts again at the virtual time, so idleness earns no credit and an idle flow's
 * share goes to the others; every waiting flow gets at least its share, so none starves. Equal tags
 * go to the higher level, then the older head, then the smaller partition name.
 *
 * <p>A partition that has not swept for {@link #STALE_AFTER_SWEEPS} sweep intervals is passed over:
 * one whose stream thread is busy elsewhere (or gone) must not hold the others back. A grant costs
 * the number of heads looked at, which is bounded by the permits to be had (plus heads passed
 * over), not by the number of tenants. Thread-safe: every stream thread of the instance publishes
 * and asks.
 */
public final class DispatchOrder {

    static final int STALE_AFTER_SWEEPS = 5;

    /** Heads looked at, at most, to tell whether a level without permits has one ready. */
    static final int HELD_BACK_SCAN = 64;

    /** What each level may submit now: the gate's side of a grant. */
    @FunctionalInterface
    interface Permits {
        /** Submissions {@code level} could make now (its seats and the pace). */
        long available(Priority level);

        /** {@code level} has a head ready that its permits hold back (the gate learns its demand for seats). */
        default void heldBack(final Priority level, final long now) {}

        /** The gate's permits, telling it the levels held back. */
        static Permits of(final UpstreamGate gate) {
            return new Permits() {
                @Override
                public long available(final Priority level) {
                    return gate.submissionsAvailable(level);
                }

                @Override
                public void heldBack(final Priority level, final long now) {
                    gate.seatWanted(level, now);
                }
            };
        }
    }

    /** A head: the first task of one partition's queue, with the start tag its tenant had then. */
    private record Head(double tag, long readySince, String partition, String tenant) {}

    private static final Comparator<Head> ORDER = Comparator.comparingDouble(Head::tag)
            .thenComparingLong(Head::readySince)
            .thenComparing(Head::partition)
            .thenComparing(Head::tenant);

    /** The tenants of one level: their SFQ tags and their heads, in order. */
    private static final class Level {
        final Map<String, Double> finishTags = new HashMap<>();
        final TreeSet<Head> heads = new TreeSet<>(ORDER);
        final Map<String, Map<String, Head>> headsByTenant = new HashMap<>();
        double virtualTime;

        double startTag(final String tenant) {
            return Math.max(virtualTime, finishTags.getOrDefault(tenant, 0.0));
        }
    }

    private final long staleAfterMillis;
    private final Levels levels;
    private final TenantPolicies policies;
    private final TenantQuotas quotas;
    private final Map<Priority, Level> byLevel = new EnumMap<>(Priority.class);
    private final double[] levelFinishTags = new double[Priority.values().length];
    private final Map<String, Long> sweptAt = new ConcurrentHashMap<>();
    private final Map<String, QueuedTasks> partitions = new ConcurrentHashMap<>();
    private double levelVirtualTime;

    /**
     * An order in which tenants weigh what their policies say, as they say it now, and are held to
     * their {@code quotas}.
     */
    public DispatchOrder(final Duration sweepInterval, final Levels levels, final TenantQuotas quotas) {
        this.staleAfterMillis = sweepInterval.toMillis() * STALE_AFTER_SWEEPS;
        this.levels = levels;
        this.policies = quotas.policies();
        this.quotas = quotas;
        for (final Priority level : Priority.values()) {
            byLevel.put(level, new Level());
        }
    }

    /** The tenants' policies this order weighs them by. */
    public TenantPolicies policies() {
        return policies;
    }

    /** This instance's share of the tenants' quotas, which the order holds tenants to. */
    public TenantQuotas quotas() {
        return quotas;
    }

    /** The queues of a partition this instance now owns, so that a lookup can find a task's place. */
    void register(final String partition, final QueuedTasks queued) {
        partitions.put(partition, queued);
    }

    void unregister(final String partition) {
        partitions.remove(partition);
        sweptAt.remove(partition);
    }

    /**
     * How many tasks of the same level and tenant are queued before {@code task} in its partition,
     * counted up to {@code cap}; empty when it is not queued on this instance.
     */
    public Optional<Long> queuedAhead(final Task task, final long cap) {
        for (final QueuedTasks queued : partitions.values()) {
            final Optional<Long> ahead = queued.ahead(task, cap);
            if (ahead.isPresent()) {
                return ahead;
            }
        }
        return Optional.empty();
    }

    /** {@code partition} is sweeping now: its heads count. */
    void swept(final String partition, final long now) {
        sweptAt.put(partition, now);
    }

    /** The first task of {@code partition}'s queue of {@code level} and {@code tenant} is due at {@code readySince}. */
    synchronized void publish(
            final String partition, final Priority level, final String tenant, final long readySince) {
        final Level tenants = byLevel.get(level);
        final Map<String, Head> ofTenant = tenants.headsByTenant.computeIfAbsent(tenant, t -> new HashMap<>());
        final Head previous = ofTenant.get(partition);
        if (previous != null) {
            tenants.heads.remove(previous);
        }
        // A tenant's heads share its start tag: kept when it already waits, the SFQ rule when it starts to.
        final double tag = previous != null ? previous.tag() : tagOfWaiting(tenants, tenant, ofTenant);
        final Head head = new Head(tag, readySince, partition, tenant);
        ofTenant.put(partition, head);
        tenants.heads.add(head);
    }

    /** {@code partition} has no queued task of {@code level} and {@code tenant} (or no longer owns it). */
    synchronized void withdraw(final String partition, final Priority level, final String tenant) {
        final Level tenants = byLevel.get(level);
        final Map<String, Head> ofTenant = tenants.headsByTenant.get(tenant);
        if (ofTenant == null) {
            return;
        }
        final Head head = ofTenant.remove(partition);
        if (head != null) {
            tenants.heads.remove(head);
        }
        if (ofTenant.isEmpty()) {
            tenants.headsByTenant.remove(tenant);
            // Idle from now on: a tag at or below the virtual time says nothing the SFQ rule does not.
            if (tenants.finishTags.getOrDefault(tenant, 0.0) <= tenants.virtualTime) {
                tenants.finishTags.remove(tenant);
            }
        }
    }

    /**
     * The queue of {@code partition} that may take one of the permits to be had now, if any: the
     * first of its heads in the order, when fewer eligible heads go before it than {@code permits}
     * allows its level. {@code permits} tells how many submissions each level could make now (its
     * seats and the pace); the heads of a level that can make none are passed over, as are heads not
     * yet due, heads of partitions that stopped sweeping and heads of tenants at their quota; a
     * level that can make none while one of its heads could go is told to {@code permits}.
     */
    synchronized Optional<Queue> grant(final String partition, final Permits permits, final long now) {
        final long[] permitsByLevel = new long[Priority.values().length];
        long most = 0;
        for (final Priority level : Priority.values()) {
            permitsByLevel[level.ordinal()] = permits.available(level);
            most = Math.max(most, permitsByLevel[level.ordinal()]);
        }
        long before = 0;
        for (final Priority level : levelsInOrder()) {
            final long mine = permitsByLevel[level.ordinal()];
            if (mine <= 0) {
                // Bounded: a level whose first heads are all held by quotas is not worth a full scan
                // at every grant, and its demand for seats is then not the question.
                if (byLevel.get(level).heads.stream().limit(HELD_BACK_SCAN).anyMatch(head -> isEligible(head, now))) {
                    permits.heldBack(level, now);
                }
                continue;
            }
            for (final Head head : byLevel.get(level).heads) {
                if (before >= most) {
                    return Optional.empty();
                }
                if (!isEligible(head, now)) {
                    continue;
                }
                if (head.partition().equals(partition) && before < mine) {
                    return Optional.of(new Queue(level, head.tenant()));
                }
                before++;
            }
        }
        return Optional.empty();
    }

    /** A task of {@code level} and {@code tenant} costing {@code cost} (seconds of video) took a permit. */
    synchronized void took(final Priority level, final String tenant, final double cost) {
        final double levelStart = levelStartTag(level);
        levelVirtualTime = Math.max(levelVirtualTime, levelStart);
        levelFinishTags[level.ordinal()] = levelStart + cost / levels.share(level);

        final Level tenants = byLevel.get(level);
        final Map<String, Head> ofTenant = tenants.headsByTenant.get(tenant);
        // A waiting tenant starts at the tag its heads carry: a partition may take a head of the next
        // round while heads of this one still wait elsewhere, and the virtual time it moved on must
        // not cost those their turn. Only a tenant that was not waiting starts at the virtual time.
        final double start = ofTenant == null || ofTenant.isEmpty()
                ? tenants.startTag(tenant)
                : ofTenant.values().iterator().next().tag();
        tenants.virtualTime = Math.max(tenants.virtualTime, start);
        final double finish = start + cost / policies.weight(tenant);
        tenants.finishTags.put(tenant, finish);
        // The tenant's heads move to its new start tag.
        if (ofTenant != null) {
            final List<Head> moved = new ArrayList<>(ofTenant.values());
            for (final Head head : moved) {
                tenants.heads.remove(head);
                final Head retagged = new Head(finish, head.readySince(), head.partition(), tenant);
                ofTenant.put(head.partition(), retagged);
                tenants.heads.add(retagged);
            }
        }
    }

    /** Heads waiting at {@code level}, for tests and the status page. */
    synchronized int heads(final Priority level) {
        return byLevel.get(level).heads.size();
    }

    /** Tenants with a head at {@code level}. */
    synchronized Set<String> waitingTenants(final Priority level) {
        return new HashSet<>(byLevel.get(level).headsByTenant.keySet());
    }

    /** The tag of a tenant's new head: that of its heads in other partitions, or the SFQ start tag. */
    private static double tagOfWaiting(final Level tenants, final String tenant, final Map<String, Head> ofTenant) {
        return ofTenant.values().stream().findAny().map(Head::tag).orElseGet(() -> tenants.startTag(tenant));
    }

    private List<Priority> levelsInOrder() {
        final List<Priority> order = new ArrayList<>(List.of(Priority.values()));
        order.sort(Comparator.comparingDouble(this::levelStartTag).thenComparingInt(Priority::ordinal));
        return order;
    }

    private double levelStartTag(final Priority level) {
        return Math.max(levelVirtualTime, levelFinishTags[level.ordinal()]);
    }

    /** A head that could go now: due, of a partition still sweeping, of a tenant within its quota. */
    private boolean isEligible(final Head head, final long now) {
        return head.readySince() <= now && !isStale(head.partition(), now) && quotas.allows(head.tenant(), now);
    }

    private boolean isStale(final String partition, final long now) {
        final Long swept = sweptAt.get(partition);
        return swept == null || now - swept > staleAfterMillis;
    }
}
