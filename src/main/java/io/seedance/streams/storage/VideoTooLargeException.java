package io.seedance.streams.storage;

import java.io.IOException;

/** A video longer than the store's cap: nothing of it is kept. */
public final class VideoTooLargeException extends IOException {

    public VideoTooLargeException(final long maxBytes) {
        super("the video is larger than the cap of " + maxBytes + " bytes (STORAGE_MAX_BYTES)");
    }
}
