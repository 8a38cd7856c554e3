package io.seedance.streams.storage;

/**
 * A video the store holds.
 *
 * @param url    where to read it: the service's own URL (filesystem) or an {@code s3://} URI
 * @param sha256 its SHA-256, lowercase hex
 * @param bytes  its size
 */
public record StoredVideo(String url, String sha256, long bytes) {}
