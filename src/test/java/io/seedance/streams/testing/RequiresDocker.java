package io.seedance.streams.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test class only where a Docker engine answers; elsewhere it is skipped with a message
 * saying why and how to get one. Where {@code SEEDANCE_TEST_DOCKER_REQUIRED=true} (CI, which
 * starts an engine itself) it always runs, so a broken engine fails the build instead of
 * silently skipping the suite.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDocker.Condition.class)
public @interface RequiresDocker {

    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context) {
            if (Boolean.parseBoolean(System.getenv("SEEDANCE_TEST_DOCKER_REQUIRED"))) {
                return ConditionEvaluationResult.enabled("SEEDANCE_TEST_DOCKER_REQUIRED=true: runs, or fails");
            }
            return DockerClientFactory.instance().isDockerAvailable()
                    ? ConditionEvaluationResult.enabled("a Docker engine answers")
                    : ConditionEvaluationResult.disabled("Skipped: no Docker engine answers here. On Debian, "
                            + "`.ci/docker/engine.sh` installs and starts one and `.ci/docker/images.sh` builds "
                            + "the images; `bash .ci/run` does both.");
        }
    }
}
