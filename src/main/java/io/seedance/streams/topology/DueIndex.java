package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The time-ordered index of the task store: which request is due when, in one of a few lanes.
 * QUEUED tasks are not in it: they wait in {@link QueuedTasks}, by level and tenant.
 * Keys are {@code lane byte | due time (8 bytes, big-endian) | request id}, so a range scan in
 * the store's byte order returns due tasks oldest first and a sweep reads only what is due, never
 * every pending task. Each lane is scanned on its own, so a lane that is blocked (no submission
 * permits) never hides the work of another (polls).
 */
final class DueIndex {

    /**
     * A queue of due work, scanned independently of the others, in the order declared (a sweep
     * offers the higher levels' submissions first). Each lane's code is its first key byte, kept in
     * the stores: never change one. STANDARD submissions keep code 0, which every submission had
     * before there were levels, so a store written then is read the same way now.
     */
    enum Lane {
        /** SUBMITTING check-backs of the INTERACTIVE level. */
        SUBMIT_INTERACTIVE(3, Priority.INTERACTIVE),
        /**
         * SUBMITTING check-backs of the STANDARD level (and of requests without one); before tenants,
         * QUEUED tasks were here too (see {@link #forgetQueued}).
         */
        SUBMIT_STANDARD(0, Priority.STANDARD),
        /** SUBMITTING check-backs of the BATCH level. */
        SUBMIT_BATCH(4, Priority.BATCH),
        /** PENDING tasks to query. */
        POLL(1, null),
        /** DONE markers whose retention is over. */
        FORGET(2, null),
        /** RESERVING tasks, at their deadline: due only when their ledger never answered in time. */
        RESERVE(5, null),
        /** STORING tasks: a copy to start, or one to look at again. */
        STORE(6, null);

        private final byte code;
        private final Priority level;

        Lane(final int code, final Priority level) {
            this.code = (byte) code;
            this.level = level;
        }

        /** The level whose submissions this lane holds; null for a lane of other work. */
        Priority level() {
            return level;
        }

        static Lane submitting(final Priority level) {
            return switch (level) {
                case INTERACTIVE -> SUBMIT_INTERACTIVE;
                case STANDARD -> SUBMIT_STANDARD;
                case BATCH -> SUBMIT_BATCH;
            };
        }
    }

    record Entry(Lane lane, long dueAt, String requestId) {}

    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;

    DueIndex(final KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** The lane of a task; null for a QUEUED one, which is not indexed. */
    static Lane laneOf(final Task task) {
        return switch (task.phase()) {
            case QUEUED -> null;
            case RESERVING -> Lane.RESERVE;
            case STORING -> Lane.STORE;
            case SUBMITTING -> Lane.submitting(Levels.of(task.request()));
            case PENDING -> Lane.POLL;
            case DONE -> Lane.FORGET;
        };
    }

    /** Moves a task's entry from where {@code before} had it to where {@code after} has it. */
    void move(final Task before, final Task after) {
        if (before != null) {
            remove(before);
        }
        if (after != null && laneOf(after) != null) {
            store.put(key(laneOf(after), after.dueAt(), after.requestId()), PRESENT);
        }
    }

    void remove(final Task task) {
        if (laneOf(task) != null) {
            store.delete(key(laneOf(task), task.dueAt(), task.requestId()));
        }
    }

    /**
     * Removes the entry a QUEUED task had in a store written before queued tasks left the index
     * (in its level's submission lane); nothing when there is none.
     */
    void forgetQueued(final Task queued) {
        store.delete(key(Lane.submitting(Levels.of(queued.request())), queued.dueAt(), queued.requestId()));
    }

    void remove(final Entry entry) {
        store.delete(key(entry.lane(), entry.dueAt(), entry.requestId()));
    }

    /** Up to {@code limit} entries of {@code lane} due at or before {@code now}, oldest first. */
    List<Entry> due(final Lane lane, final long now, final int limit) {
        final List<Entry> due = new ArrayList<>();
        final Bytes from = Bytes.wrap(
                ByteBuffer.allocate(1 + Long.BYTES).put(lane.code).putLong(0).array());
        final Bytes to = Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES)
                .put(lane.code)
                .putLong(now + 1)
                .array());
        try (KeyValueIterator<Bytes, byte[]> entries = store.range(from, to)) {
            while (entries.hasNext() && due.size() < limit) {
                final ByteBuffer key = ByteBuffer.wrap(entries.next().key.get());
                key.get();
                final long dueAt = key.getLong();
                final byte[] id = new byte[key.remaining()];
                key.get(id);
                due.add(new Entry(lane, dueAt, new String(id, StandardCharsets.UTF_8)));
            }
        }
        return due;
    }

    private static Bytes key(final Lane lane, final long dueAt, final String requestId) {
        final byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES + id.length)
                .put(lane.code)
                .putLong(Math.max(0, dueAt))
                .put(id)
                .array());
    }
}
