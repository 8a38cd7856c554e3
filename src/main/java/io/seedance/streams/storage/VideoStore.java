package io.seedance.streams.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where the service keeps a durable copy of each video, under its request's id: the same id is the
 * same object, so a copy made again after a crash replaces the first, never adds a second.
 */
public interface VideoStore {

    /**
     * Streams {@code body} into the object of {@code requestId} with bounded memory, replacing it
     * whole or not at all; a {@link VideoTooLargeException} past {@code maxBytes} (nothing is kept).
     */
    StoredVideo put(String requestId, InputStream body, long maxBytes) throws IOException;

    /** Where the store is, for a log line (never a credential). */
    String describe();

    /**
     * Checks at start that the store can be written to, so a wrong bucket, directory or credential
     * is one line then rather than a failed copy hours later; an {@link IOException} saying what
     * is wrong otherwise.
     */
    void check() throws IOException;
}
