package io.hermod.binding.artemis.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConnectionException;
import io.hermod.api.Durability;
import io.hermod.api.Message;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.Receipt;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;

/**
 * Sends to one channel: a queue channel's ANYCAST address or a topic's MULTICAST address. Every
 * send is an asynchronous JMS send (Jakarta JMS {@link CompletionListener}) run on a producer
 * slot's thread: the receipt completes when the broker confirms the message, after the journal
 * write for persistent messages, so it is a real publisher confirm; the caller never blocks, and a
 * slot keeps many sends in flight, which the broker's journal writes together. Thread-safe.
 */
final class ArtemisOutbound implements io.hermod.spi.Outbound {

  private static final int DEFAULT_PRIORITY = 4;

  private final ChannelSpec channel;
  private final ProducerPool pool;
  private final Destination destination;
  private final int deliveryMode;
  private final ArtemisErrors errors;
  private final ArtemisTraffic traffic;
  private final boolean compactWire;

  ArtemisOutbound(
      ChannelSpec channel,
      ProducerPool pool,
      ArtemisErrors errors,
      ArtemisTraffic traffic,
      boolean compactWire) {
    this.channel = channel;
    this.compactWire = compactWire;
    this.traffic = traffic;
    this.pool = pool;
    this.errors = errors;
    this.destination =
        channel.kind() == ChannelKind.TOPIC
            ? ActiveMQDestination.createTopic(channel.name())
            : ActiveMQDestination.createQueue(channel.name());
    this.deliveryMode =
        channel.durability() == Durability.PERSISTENT
            ? DeliveryMode.PERSISTENT
            : DeliveryMode.NON_PERSISTENT;
  }

  @Override
  public List<CompletableFuture<Receipt>> send(List<Message<byte[]>> batch) {
    List<CompletableFuture<Receipt>> futures = new ArrayList<>(batch.size());
    if (batch.size() == 1) {
      // The common case (one publisher.send): no grouping by slot.
      Message<byte[]> m = batch.get(0);
      CompletableFuture<Receipt> f = withTimeout(new CompletableFuture<>(), m);
      futures.add(f);
      hand(pool.slotFor(channel.ordered() ? m.key() : null), batch, List.of(0), futures);
      return futures;
    }
    // Group by slot, keeping each slot's messages in batch order.
    Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      Message<byte[]> m = batch.get(i);
      futures.add(withTimeout(new CompletableFuture<>(), m));
      int slot = pool.slotFor(channel.ordered() ? m.key() : null);
      bySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<Integer, List<Integer>> e : bySlot.entrySet()) {
      hand(e.getKey(), batch, e.getValue(), futures);
    }
    return futures;
  }

  /** Hands the messages at {@code indexes} to a slot's thread, which sends them in order. */
  private void hand(
      int slot,
      List<Message<byte[]>> batch,
      List<Integer> indexes,
      List<CompletableFuture<Receipt>> futures) {
    try {
      pool.execute(
          slot,
          new ProducerPool.Work() {
            @Override
            public void run(Session session, MessageProducer producer) {
              for (int i : indexes) {
                sendOne(session, producer, batch.get(i), futures.get(i));
              }
            }

            @Override
            public void fail(Exception cause) {
              MessagingException error = errors.translate(cause, channel.name(), "send");
              for (int i : indexes) {
                futures.get(i).completeExceptionally(error);
              }
            }
          });
    } catch (RejectedExecutionException ex) {
      for (int i : indexes) {
        futures
            .get(i)
            .completeExceptionally(
                new ConnectionException(
                    ArtemisBindingProvider.NAME,
                    channel.name(),
                    "the binding is closed; create a new Messaging to send",
                    ex));
      }
    }
  }

  private void sendOne(
      Session session,
      MessageProducer producer,
      Message<byte[]> message,
      CompletableFuture<Receipt> future) {
    if (future.isDone()) {
      return;
    }
    try {
      Instant now = Instant.now();
      long ttl = 0;
      if (message.expiresAt() != null) {
        ttl = Math.max(1, Duration.between(now, message.expiresAt()).toMillis());
      }
      long delay = 0;
      if (message.deliverAt() != null) {
        delay = Math.max(0, Duration.between(now, message.deliverAt()).toMillis());
      }
      BytesMessage jms = ArtemisWire.toJms(session, channel, message, compactWire);
      producer.setDeliveryDelay(delay);
      // An asynchronous send: the listener runs when the broker answers, which it does only
      // after the journal write for a persistent message (or after routing a non-persistent
      // one), so a receipt is a real publisher confirm. If the connection drops first, the
      // Artemis client fails the listener and the binding fails every unconfirmed future.
      producer.send(
          destination, jms, deliveryMode, DEFAULT_PRIORITY, ttl, new Confirmation(message, future));
      traffic.sent(jms);
    } catch (JMSException | RuntimeException e) {
      future.completeExceptionally(errors.translate(e, channel.name(), "send"));
    }
  }

  /**
   * Completes a receipt from the broker's answer. Runs on an Artemis client thread, so it only
   * completes the future: it must not use the session (JMS forbids it in a completion listener).
   */
  private final class Confirmation implements CompletionListener {
    private final Message<byte[]> message;
    private final CompletableFuture<Receipt> future;

    Confirmation(Message<byte[]> message, CompletableFuture<Receipt> future) {
      this.message = message;
      this.future = future;
    }

    @Override
    public void onCompletion(jakarta.jms.Message sent) {
      future.complete(receipt(message, sent));
    }

    @Override
    public void onException(jakarta.jms.Message sent, Exception exception) {
      future.completeExceptionally(errors.translate(exception, channel.name(), "send"));
    }
  }

  /**
   * Fails {@code future} once the send timeout has passed since the message was handed over,
   * whether it still waits for its slot, for producer credit (the broker is away), or for the
   * broker's confirmation: a send never hangs.
   */
  private CompletableFuture<Receipt> withTimeout(
      CompletableFuture<Receipt> future, Message<byte[]> message) {
    pool.track(
        future,
        () ->
            new MessagingTimeoutException(
                ArtemisBindingProvider.NAME,
                channel.name(),
                "the broker did not confirm message "
                    + message.id()
                    + " within "
                    + pool.sendTimeout()
                    + "; it may or may not have been stored. Check that the broker is reachable,"
                    + " or raise hermod.send-timeout",
                null));
    return future;
  }

  private Receipt receipt(Message<byte[]> message, jakarta.jms.Message sent) {
    String ref = null;
    try {
      ref = sent.getJMSMessageID();
    } catch (JMSException e) {
      // the broker reference is informative only
    }
    return new Receipt(
        ArtemisBindingProvider.NAME,
        channel.name(),
        message.id(),
        ref == null ? "" : ref,
        Instant.now());
  }
}
