package io.hermod.tck;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Subscribes to a channel's dead-letter queue {@code <channel>.dlq} and keeps what arrives there.
 * Thread-safe.
 *
 * @param <T> the payload type the dead letters are decoded as
 */
final class DeadLetterProbe<T> {

  private final List<Message<T>> messages = new CopyOnWriteArrayList<>();

  private DeadLetterProbe() {}

  /**
   * Starts collecting the dead letters of {@code source}. Declares the dead-letter queue in {@code
   * messaging} if core has not already registered it there.
   *
   * @param messaging the facade to subscribe with
   * @param source the declaration of the channel whose dead letters are collected
   * @param type the payload type to decode them as
   * @return the running probe
   */
  static <T> DeadLetterProbe<T> open(Messaging messaging, ChannelSpec source, Class<T> type) {
    String dlq = source.deadLetterChannel();
    if (messaging.channel(dlq).isEmpty()) {
      messaging.declare(
          ChannelSpec.queue(dlq).durability(source.durability()).deadLetter(false).build());
    }
    DeadLetterProbe<T> probe = new DeadLetterProbe<>();
    messaging.subscribe(dlq, type, d -> probe.messages.add(d.message()));
    return probe;
  }

  /**
   * What arrived so far.
   *
   * @return a snapshot, in arrival order
   */
  List<Message<T>> messages() {
    return List.copyOf(messages);
  }

  /**
   * How many dead letters arrived so far.
   *
   * @return the count
   */
  int size() {
    return messages.size();
  }
}
