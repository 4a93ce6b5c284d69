package io.hermod.binding.rabbitmq.internal;

import io.hermod.api.ChannelFullException;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Durability;
import io.hermod.api.Message;
import io.hermod.api.MessagingException;
import io.hermod.api.OverflowPolicy;
import io.hermod.api.Receipt;
import io.hermod.spi.Outbound;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Sends a channel's messages: a queue channel's to the default exchange with the queue (or the
 * key's partition queue) as routing key and the mandatory flag, so a message no queue takes fails
 * its send; a topic's to its topic exchange with the message's routing key (prefixed with the
 * partition's word on an ordered topic), without the mandatory flag, since a topic without a
 * matching subscription drops messages by design. Each send completes with its receipt when the
 * broker confirms it (see {@link ConfirmingChannel}).
 *
 * <p>A bounded channel's queue rejects publishes beyond its length ({@code x-overflow =
 * reject-publish}), which the broker reports as a nack: on a {@code REJECT} channel the send fails
 * with {@link ChannelFullException}; on a {@code BLOCK} channel it is published again after a short
 * pause, until there is room or core's send timeout ends it. Thread-safe.
 */
final class RabbitMqOutbound implements Outbound {

  /** The first pause before a {@code BLOCK} channel's rejected publish is tried again. */
  private static final Duration FIRST_RETRY = Duration.ofMillis(20);

  /** The longest pause between tries of a blocked publish. */
  private static final Duration MAX_RETRY = Duration.ofMillis(500);

  private final ChannelSpec channel;
  private final PublisherPool pool;
  private final int partitions;
  private final RabbitMqErrors errors;
  private final RabbitMqTraffic traffic;
  private final ScheduledExecutorService timer;
  private final boolean persistent;
  private final boolean compactWire;

  RabbitMqOutbound(
      ChannelSpec channel,
      PublisherPool pool,
      int partitions,
      RabbitMqErrors errors,
      RabbitMqTraffic traffic,
      ScheduledExecutorService timer,
      boolean compactWire) {
    this.channel = channel;
    this.compactWire = compactWire;
    this.pool = pool;
    this.partitions = partitions;
    this.errors = errors;
    this.traffic = traffic;
    this.timer = timer;
    this.persistent = channel.durability() == Durability.PERSISTENT;
  }

  @Override
  public List<CompletableFuture<Receipt>> send(List<Message<byte[]>> batch) {
    List<CompletableFuture<Receipt>> futures = new ArrayList<>(batch.size());
    for (Message<byte[]> m : batch) {
      CompletableFuture<Receipt> f = new CompletableFuture<>();
      futures.add(f);
      publish(m, f, FIRST_RETRY);
    }
    return futures;
  }

  private void publish(Message<byte[]> m, CompletableFuture<Receipt> f, Duration nextRetry) {
    if (f.isDone()) {
      return; // core's send timeout ended a blocked publish
    }
    int partition = channel.ordered() ? QueueNames.partition(m.key(), partitions) : -1;
    String exchange;
    String routingKey;
    if (channel.kind() == ChannelKind.QUEUE) {
      exchange = "";
      routingKey =
          partition < 0 ? channel.name() : QueueNames.partitionQueue(channel.name(), partition);
    } else {
      exchange = channel.name();
      routingKey = QueueNames.topicRoutingKey(m.routingKey(), partition);
    }
    try {
      pool.channelFor(channel.ordered() ? m.key() : null)
          .publish(
              exchange,
              routingKey,
              channel.kind() == ChannelKind.QUEUE,
              RabbitMqWire.properties(m, persistent, Instant.now(), compactWire),
              m.payload(),
              new Outcome(m, f, nextRetry, exchange + "/" + routingKey));
      traffic.sent(m.payload().length);
    } catch (IOException | RuntimeException e) {
      f.completeExceptionally(errors.translate(e, channel.name(), "sending to " + channel.name()));
    }
  }

  private final class Outcome implements ConfirmingChannel.Outcome {
    private final Message<byte[]> message;
    private final CompletableFuture<Receipt> future;
    private final Duration nextRetry;
    private final String reference;

    Outcome(
        Message<byte[]> message,
        CompletableFuture<Receipt> future,
        Duration nextRetry,
        String reference) {
      this.message = message;
      this.future = future;
      this.nextRetry = nextRetry;
      this.reference = reference;
    }

    @Override
    public void acked(@Nullable MessagingException returned) {
      if (returned != null) {
        future.completeExceptionally(returned);
      } else {
        future.complete(
            new Receipt(
                RabbitMqBindingProvider.NAME,
                channel.name(),
                message.id(),
                reference,
                Instant.now()));
      }
    }

    @Override
    public void nacked() {
      if (channel.maxLength() > 0 && channel.overflow() == OverflowPolicy.BLOCK) {
        Duration after = nextRetry;
        Duration next =
            after.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : after.multipliedBy(2);
        try {
          timer.schedule(
              () -> publish(message, future, next), after.toMillis(), TimeUnit.MILLISECONDS);
          return;
        } catch (RejectedExecutionException e) {
          // The binding is closing: fall through and fail the send.
        }
      }
      if (channel.maxLength() > 0) {
        future.completeExceptionally(
            new ChannelFullException(
                RabbitMqBindingProvider.NAME,
                channel.name(),
                "channel '"
                    + channel.name()
                    + "' is full: its queue holds its maxLength of "
                    + channel.maxLength()
                    + " messages and rejects more (x-overflow=reject-publish); consume some, or"
                    + " declare a larger maxLength",
                null));
      } else {
        future.completeExceptionally(
            new MessagingException(
                RabbitMqBindingProvider.NAME,
                channel.name(),
                "the broker refused the message (basic.nack); see the broker's log for why, and"
                    + " send it again",
                null));
      }
    }

    @Override
    public void lost(MessagingException failure) {
      future.completeExceptionally(failure);
    }

    @Override
    public String messageId() {
      return message.id();
    }

    @Override
    public String channelName() {
      return channel.name();
    }
  }
}
