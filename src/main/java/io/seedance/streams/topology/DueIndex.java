package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The time-ordered index of the task store: which request is due when, in one of a few lanes.
 * Keys are {@code lane byte | due time (8 bytes, big-endian) | request id}, so a range scan in
 * the store's byte order returns due tasks oldest first and a sweep reads only what is due, never
 * every pending task. Each lane is scanned on its own, so a lane that is blocked (no submission
 * permits) never hides the work of another (polls).
 */
public final class DueIndex {

    /**
     * A queue of due work, scanned independently of the others, in the order declared (a sweep
     * offers the higher levels' submissions first). Each lane's code is its first key byte, kept in
     * the stores: never change one. STANDARD submissions keep code 0, which every submission had
     * before there were levels, so a store written then is read the same way now.
     */
    enum Lane {
        /** QUEUED tasks and SUBMITTING check-backs of the INTERACTIVE level. */
        SUBMIT_INTERACTIVE(3, Priority.INTERACTIVE),
        /** QUEUED tasks and SUBMITTING check-backs of the STANDARD level (and of requests without one). */
        SUBMIT_STANDARD(0, Priority.STANDARD),
        /** QUEUED tasks and SUBMITTING check-backs of the BATCH level. */
        SUBMIT_BATCH(4, Priority.BATCH),
        /** PENDING tasks to query. */
        POLL(1, null),
        /** DONE markers whose retention is over. */
        FORGET(2, null);

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

    static Lane laneOf(final Task task) {
        return switch (task.phase()) {
            case QUEUED, SUBMITTING -> Lane.submitting(Levels.of(task.request()));
            case PENDING -> Lane.POLL;
            case DONE -> Lane.FORGET;
        };
    }

    /** Moves a task's entry from where {@code before} had it to where {@code after} has it. */
    void move(final Task before, final Task after) {
        if (before != null) {
            remove(before);
        }
        if (after != null) {
            store.put(key(laneOf(after), after.dueAt(), after.requestId()), PRESENT);
        }
    }

    void remove(final Task task) {
        store.delete(key(laneOf(task), task.dueAt(), task.requestId()));
    }

    void remove(final Entry entry) {
        store.delete(key(entry.lane(), entry.dueAt(), entry.requestId()));
    }

    /**
     * How many entries of {@code task}'s lane in {@code index} come before it (due earlier), counted
     * up to {@code cap}: a QUEUED task's place in its level's queue on this instance. Read through an
     * interactive query, off the stream thread; bounded, so a deep backlog costs {@code cap} at most.
     */
    public static long ahead(final ReadOnlyKeyValueStore<Bytes, byte[]> index, final Task task, final long cap) {
        final Lane lane = laneOf(task);
        final Bytes from = Bytes.wrap(
                ByteBuffer.allocate(1 + Long.BYTES).put(lane.code).putLong(0).array());
        long ahead = 0;
        try (KeyValueIterator<Bytes, byte[]> entries = index.range(from, key(lane, task.dueAt(), task.requestId()))) {
            while (entries.hasNext() && ahead < cap) {
                final Bytes key = entries.next().key;
                if (!key.equals(key(lane, task.dueAt(), task.requestId()))) {
                    ahead++;
                }
            }
        }
        return ahead;
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
