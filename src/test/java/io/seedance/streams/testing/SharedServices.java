package io.seedance.streams.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts each real service once per test run and hands it to any test or lifecycle method that
 * declares a parameter of its type: {@link KafkaCluster}, {@link ApicurioRegistry},
 * {@link KafkaContainerBroker} (only in classes marked {@link RequiresDocker}). JUnit closes them
 * when the run ends.
 */
public final class SharedServices implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedServices.class);

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
        final Class<?> type = parameter.getParameter().getType();
        return type == KafkaCluster.class || type == ApicurioRegistry.class || type == KafkaContainerBroker.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
        final Class<?> type = parameter.getParameter().getType();
        if (type == KafkaCluster.class) {
            return shared(context, KafkaCluster.class, KafkaCluster::start);
        }
        if (type == KafkaContainerBroker.class) {
            return shared(context, KafkaContainerBroker.class, KafkaContainerBroker::start);
        }
        return shared(context, ApicurioRegistry.class, ApicurioRegistry::start);
    }

    private static <T> T shared(final ExtensionContext context, final Class<T> type, final Supplier<T> start) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(type, k -> start.get(), type);
    }
}
