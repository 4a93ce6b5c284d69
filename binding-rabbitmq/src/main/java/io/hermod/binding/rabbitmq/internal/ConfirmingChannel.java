package io.hermod.binding.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessagingException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One AMQP channel in confirm mode, shared by publishers: each publish is remembered by its
 * sequence number until the broker acks it (the message is queued, and written to disk for a
 * persistent one: quorum queues confirm once a majority has it), nacks it (a full queue with {@code
 * x-overflow=reject-publish}), or returns it first (a mandatory message no queue took).
 *
 * <p>When the channel or its connection goes down, every publish not yet confirmed fails at once:
 * the broker may or may not have it, and a confirmation can never arrive on a new channel (the
 * client's automatic recovery reopens it with sequence numbers starting over). Thread-safe:
 * publishes are serialised on the channel, which also keeps the order of one key's messages.
 */
final class ConfirmingChannel {

  /** What to do with the outcome of one publish. */
  interface Outcome {
    /** The broker acked it; {@code returned} is set if it returned the message first. */
    void acked(@Nullable MessagingException returned);

    /** The broker nacked it. */
    void nacked();

    /** The channel went down before the outcome was known. */
    void lost(MessagingException failure);

    /** The message id, to match a return to its publish. */
    String messageId();

    /** The channel name, for the error of a returned message. */
    String channelName();
  }

  private static final class Entry {
    final Outcome outcome;
    @Nullable MessagingException returned;

    Entry(Outcome outcome) {
      this.outcome = outcome;
    }
  }

  private final Channel channel;
  private final ConcurrentNavigableMap<Long, Entry> pending = new ConcurrentSkipListMap<>();

  ConfirmingChannel(Connection connection) throws IOException {
    this.channel = connection.createChannel();
    channel.confirmSelect();
    channel.addConfirmListener(
        (tag, multiple) -> settle(tag, multiple, true),
        (tag, multiple) -> settle(tag, multiple, false));
    channel.addReturnListener(this::returned);
    channel.addShutdownListener(this::down);
  }

  /**
   * Publishes a message and remembers it until its outcome.
   *
   * @throws IOException if the channel is down (the outcome is then never called)
   */
  synchronized void publish(
      String exchange,
      String routingKey,
      boolean mandatory,
      AMQP.BasicProperties properties,
      byte[] body,
      Outcome outcome)
      throws IOException {
    long seq = channel.getNextPublishSeqNo();
    pending.put(seq, new Entry(outcome));
    try {
      channel.basicPublish(exchange, routingKey, mandatory, properties, body);
    } catch (IOException | RuntimeException e) {
      pending.remove(seq);
      throw e;
    }
  }

  private void settle(long tag, boolean multiple, boolean ack) {
    if (multiple) {
      ConcurrentNavigableMap<Long, Entry> head = pending.headMap(tag, true);
      for (Map.Entry<Long, Entry> e : head.entrySet()) {
        if (pending.remove(e.getKey()) != null) {
          outcome(e.getValue(), ack);
        }
      }
    } else {
      Entry e = pending.remove(tag);
      if (e != null) {
        outcome(e, ack);
      }
    }
  }

  private static void outcome(Entry e, boolean ack) {
    if (ack) {
      e.outcome.acked(e.returned);
    } else {
      e.outcome.nacked();
    }
  }

  /** A return comes before the ack of the same publish, on the connection's thread. */
  private void returned(Return r) {
    String id = r.getProperties().getMessageId();
    for (Entry e : pending.values()) {
      if (e.returned == null && e.outcome.messageId().equals(id)) {
        e.returned =
            new MessagingException(
                RabbitMqBindingProvider.NAME,
                e.outcome.channelName(),
                "the broker could not route the message to any queue ("
                    + r.getReplyText()
                    + ", routing key '"
                    + r.getRoutingKey()
                    + "'): the channel's queue does not exist; declare the channel before"
                    + " sending to it",
                null);
        return;
      }
    }
  }

  private void down(ShutdownSignalException cause) {
    failAll(
        new ConnectionException(
            RabbitMqBindingProvider.NAME,
            null,
            "the connection to the broker was lost before it confirmed the send ("
                + RabbitMqErrors.replyText(cause)
                + "); the message may or may not be stored: send it again",
            cause));
  }

  private void failAll(MessagingException failure) {
    for (Long seq : pending.keySet()) {
      Entry e = pending.remove(seq);
      if (e != null) {
        e.outcome.lost(
            new ConnectionException(
                failure.binding(), e.outcome.channelName(), failure.detail(), failure.getCause()));
      }
    }
  }

  /** Fails what is pending and closes the channel. */
  void close(Consumer<Exception> onError) {
    try {
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      onError.accept(e);
    }
    failAll(
        new ConnectionException(
            RabbitMqBindingProvider.NAME,
            null,
            "the binding was closed before the broker confirmed the send",
            null));
  }
}
