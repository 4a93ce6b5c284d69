package io.hermod.binding.inmemory.internal;

import io.hermod.spi.support.Settings;

/**
 * The validated {@code hermod.inmemory.*} settings. Immutable.
 *
 * @param broker the name of the JVM-wide broker to attach to ({@code hermod.inmemory.broker})
 * @param maxPayloadBytes the largest payload accepted ({@code hermod.inmemory.max-payload-bytes})
 * @param topicRetention how many messages a topic keeps for subscriptions starting from the
 *     earliest message ({@code hermod.inmemory.topic-retention})
 */
record InMemorySettings(String broker, int maxPayloadBytes, int topicRetention) {

  static final String BROKER = "broker";
  static final String MAX_PAYLOAD_BYTES = "max-payload-bytes";
  static final String TOPIC_RETENTION = "topic-retention";

  static final String DEFAULT_BROKER = "default";
  static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
  static final int DEFAULT_TOPIC_RETENTION = 10_000;

  /** Beyond this a single in-memory message is surely a mistake, not a payload. */
  private static final int MAX_MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

  private static final int MAX_TOPIC_RETENTION = 10_000_000;

  /**
   * Reads and validates every setting, reporting all problems at once.
   *
   * @param settings the settings under {@code hermod.inmemory.}
   * @return the settings
   * @throws io.hermod.api.ConfigurationException naming every invalid or unknown key
   */
  static InMemorySettings read(Settings settings) {
    String broker = settings.string(BROKER, DEFAULT_BROKER);
    if (!broker.matches("[A-Za-z0-9._-]{1,100}")) {
      settings.problem(
          settings.key(BROKER)
              + " must be 1-100 letters, digits, '.', '_' or '-', was '"
              + broker
              + "'; pick a name such as 'default' or 'tests'");
    }
    int maxPayload =
        settings.integer(MAX_PAYLOAD_BYTES, DEFAULT_MAX_PAYLOAD_BYTES, 1, MAX_MAX_PAYLOAD_BYTES);
    int retention =
        settings.integer(TOPIC_RETENTION, DEFAULT_TOPIC_RETENTION, 0, MAX_TOPIC_RETENTION);
    settings.validate();
    return new InMemorySettings(broker, maxPayload, retention);
  }
}
