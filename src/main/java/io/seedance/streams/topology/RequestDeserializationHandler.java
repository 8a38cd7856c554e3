package io.seedance.streams.topology;

import io.seedance.streams.serde.RegistryUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do with a request that could not be deserialized. A record that is undecodable goes to
 * the dead-letter topic (Kafka Streams' own handling, KIP-1034) and the stream goes on. But when
 * the schema registry could not be asked, the record is probably fine: setting it aside would lose
 * a good request, so the stream thread fails instead, is replaced, and reads the record again.
 */
public final class RequestDeserializationHandler extends LogAndContinueExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeserializationHandler.class);

    @Override
    public Response handleError(
            final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record, final Exception exception) {
        if (RegistryUnavailableException.isCauseOf(exception)) {
            LOG.error(
                    "The schema registry is unavailable ({}); record {}-{}@{} will be read again",
                    exception.getMessage(),
                    record.topic(),
                    record.partition(),
                    record.offset());
            return Response.fail();
        }
        return super.handleError(context, record, exception);
    }
}
