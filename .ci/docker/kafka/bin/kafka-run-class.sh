#!/bin/bash
# Runs a Kafka class with every jar of the image on the classpath.
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} -cp '/opt/kafka/libs/*' "$@"
