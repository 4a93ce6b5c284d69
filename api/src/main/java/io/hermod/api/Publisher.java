package io.hermod.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Sends messages to one channel. Every send completes with a {@link Receipt} only once the
 * binding's broker has accepted the message, or exceptionally (with a {@link MessagingException})
 * within the send timeout.
 *
 * <p>Thread-safe; obtained from {@link Messaging#publisher(String, Class)} and closed with it.
 *
 * @param <T> the payload type
 * @since 0.1
 */
public interface Publisher<T> {

  /**
   * The channel this publisher sends to.
   *
   * @return the channel name, never {@code null}
   */
  String channel();

  /**
   * Sends a payload with default attributes.
   *
   * @param payload the payload
   * @return completes with the receipt, never {@code null}
   */
  CompletionStage<Receipt> send(T payload);

  /**
   * Sends a message.
   *
   * @param message the message
   * @return completes with the receipt, never {@code null}
   */
  CompletionStage<Receipt> send(Message<T> message);

  /**
   * Sends a batch; each entry succeeds or fails on its own.
   *
   * @param messages the messages, in order
   * @return completes with one result per entry, in the same order, never exceptionally for a
   *     failure of single entries
   */
  CompletionStage<List<SendResult>> sendAll(List<Message<T>> messages);

  /**
   * Sends a message and asks who processed it: the returned stage completes with a {@link
   * ProcessingReport} holding, for each subscription {@code confirm} names (or whichever consumer
   * takes it, for {@link Confirm#processed()}), processed, dead-lettered, or pending at the
   * deadline. The consumers' code does not change: their Hermod confirms after the handler returned
   * and the message was acknowledged, or after it was dead-lettered.
   *
   * @param message the message
   * @param confirm who must confirm, by when, and what happens otherwise
   * @return the confirmed send: its {@link ConfirmedSend#receipt()} is the broker's receipt
   * @since 0.4
   */
  default ConfirmedSend send(Message<T> message, Confirm confirm) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not support confirmations; use io.hermod.core.Hermod");
  }

  /**
   * Sends a payload with default attributes and asks who processed it ({@link #send(Message,
   * Confirm)}).
   *
   * @param payload the payload
   * @param confirm who must confirm, by when, and what happens otherwise
   * @return the confirmed send
   * @since 0.4
   */
  default ConfirmedSend send(T payload, Confirm confirm) {
    return send(Message.of(payload), confirm);
  }
}
