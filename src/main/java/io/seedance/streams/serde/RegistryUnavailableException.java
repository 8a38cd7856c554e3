package io.seedance.streams.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The record may be fine: the schema registry could not be asked (unreachable, timed out, 5xx,
 * 429). Unlike other serialization errors this says nothing about the record, so a service should
 * try it again later rather than set it aside as undecodable.
 */
public class RegistryUnavailableException extends SerializationException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }

    /** True when {@code failure} or one of its causes is a registry that could not be asked. */
    public static boolean isCauseOf(final Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
