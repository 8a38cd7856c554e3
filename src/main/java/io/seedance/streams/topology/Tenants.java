package io.seedance.streams.topology;

/** Who asks: a request's tenant, {@value #DEFAULT} when it names none. */
public final class Tenants {

    /** The tenant of a request that names none. */
    public static final String DEFAULT = "default";

    /** The longest tenant name, in characters. */
    public static final int MAX_LENGTH = 64;

    private Tenants() {}

    public static String of(final TaskRequest request) {
        return request == null || request.tenant() == null ? DEFAULT : request.tenant();
    }
}
