#!/bin/bash
exec /opt/kafka/bin/kafka-run-class.sh -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
