package io.seedance.streams.cli;

import io.seedance.streams.schemas.VideoCancellation;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cancel}: produce one VideoCancellation for a request_id. */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Produce one VideoCancellation to the cancellations topic.",
            "A request not yet submitted then ends with video-failed CANCELLED and causes no upstream call;"
                    + " one already submitted cannot be taken back and its video is still delivered."
        })
final class CancelCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(names = "--request-id", required = true, description = "The request_id of the request to cancel.")
    private String requestId;

    @Option(
            names = "--tenant",
            description = "The tenant that cancels: the service refuses the cancel unless it is the request's"
                    + " (default: none, any tenant).")
    private String tenant;

    @Option(names = "--reason", description = "Why, for a person: copied into the video-failed message.")
    private String reason;

    @Override
    public Integer call() {
        if (requestId.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--request-id must not be blank");
        }
        final VideoCancellation cancel = VideoCancellation.newBuilder()
                .setRequestId(requestId)
                .setTenant(tenant)
                .setReason(reason)
                .setRequestedAt(Instant.now())
                .build();
        return RecordSender.send(spec, cluster, cluster.cancellationsTopic, requestId, cancel);
    }
}
