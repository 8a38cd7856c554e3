package io.seedance.streams.serde;

/** Confluent's TopicNameStrategy: the subject of a topic's values is {@code <topic>-value}. */
final class Subjects {

    private Subjects() {}

    static String of(final String topic, final boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
