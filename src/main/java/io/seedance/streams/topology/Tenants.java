package io.seedance.streams.topology;

/** Who asks: a request's tenant, {@value #DEFAULT} when it names none. */
public final class Tenants {

    /** The tenant of a request that names none. */
    public static final String DEFAULT = "default";

    private Tenants() {}

    public static String of(final TaskRequest request) {
        return request == null || request.tenant() == null ? DEFAULT : request.tenant();
    }
}
