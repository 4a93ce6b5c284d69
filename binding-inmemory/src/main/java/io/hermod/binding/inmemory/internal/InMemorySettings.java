package io.hermod.binding.inmemory.internal;

import io.hermod.spi.support.ConfigKey;
import io.hermod.spi.support.Settings;
import java.util.List;

/**
 * The {@code hermod.inmemory.*} settings, declared once in {@link #KEYS}. Immutable.
 *
 * @param broker the name of the JVM-wide broker to attach to ({@code hermod.inmemory.broker})
 * @param maxPayloadBytes the largest payload accepted ({@code hermod.inmemory.max-payload-bytes})
 * @param maxPayloadKey the full key of {@code maxPayloadBytes}, named in the too-large error
 * @param topicRetention how many messages a topic keeps for subscriptions starting from the
 *     earliest message ({@code hermod.inmemory.topic-retention})
 */
record InMemorySettings(
    String broker, int maxPayloadBytes, String maxPayloadKey, int topicRetention) {

  /** The retention of a topic on a broker created without settings ({@link BrokerClient}). */
  static final int DEFAULT_TOPIC_RETENTION = 10_000;

  static final ConfigKey<String> BROKER =
      ConfigKey.string(
          "broker",
          "default",
          "The JVM-wide broker to attach to: every Messaging instance naming the same broker"
              + " shares its channels.");

  /** Bounded at 256 MiB: beyond that a single in-memory message is surely a mistake. */
  static final ConfigKey<Integer> MAX_PAYLOAD_BYTES =
      ConfigKey.integer(
          "max-payload-bytes",
          1024 * 1024,
          1,
          256 * 1024 * 1024,
          "The largest payload, in bytes, a message may carry.");

  static final ConfigKey<Integer> TOPIC_RETENTION =
      ConfigKey.integer(
          "topic-retention",
          DEFAULT_TOPIC_RETENTION,
          0,
          10_000_000,
          "How many messages a topic keeps for subscriptions that start from the earliest message;"
              + " applies when the broker is created.");

  /** Every key the binding reads, for {@link InMemoryBindingProvider#configKeys()}. */
  static final List<ConfigKey<?>> KEYS = List.of(BROKER, MAX_PAYLOAD_BYTES, TOPIC_RETENTION);

  /**
   * Reads every setting, recording each problem in {@code settings} (core reports them all after
   * {@link InMemoryBindingProvider#create}); never throws for a bad value.
   *
   * @param settings the settings under {@code hermod.inmemory.}
   * @return the settings, with defaults where a value is invalid
   */
  static InMemorySettings read(Settings settings) {
    String broker = settings.get(BROKER);
    if (!broker.matches("[A-Za-z0-9._-]{1,100}")) {
      settings.problem(
          settings.key(BROKER)
              + " must be 1-100 letters, digits, '.', '_' or '-', was '"
              + broker
              + "'; pick a name such as 'default' or 'tests'");
    }
    return new InMemorySettings(
        broker,
        settings.get(MAX_PAYLOAD_BYTES),
        settings.key(MAX_PAYLOAD_BYTES),
        settings.get(TOPIC_RETENTION));
  }
}
