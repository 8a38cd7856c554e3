package io.seedance.streams.serde;

/**
 * A schema registry call failed. {@link #status()} is the HTTP status (0 when the registry could
 * not be reached) and {@link #errorCode()} the registry's own {@code error_code} (such as 40403
 * for an unknown schema), or 0 when it gave none. Messages never contain credentials.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Confluent's error code for "schema not found". */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent's error code for "subject not found". */
    public static final int SUBJECT_NOT_FOUND = 40401;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(final int status, final int errorCode, final String message) {
        this(status, errorCode, message, null);
    }

    public SchemaRegistryException(final int status, final int errorCode, final String message, final Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    /** True when asking again later may succeed: unreachable, timed out, 5xx, 408 or 429. */
    public boolean isTransient() {
        return status == 0 || status >= 500 || status == 408 || status == 429;
    }

    /** True when the registry was reached and said the schema or subject does not exist. */
    public boolean isNotFound() {
        return status == 404;
    }
}
