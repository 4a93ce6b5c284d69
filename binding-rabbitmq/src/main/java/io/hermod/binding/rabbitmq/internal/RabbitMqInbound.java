package io.hermod.binding.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.support.AbstractInbound;
import io.hermod.spi.support.SettleOnceDelivery;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one channel or subscription: one AMQP channel per queue it reads (one, or one per
 * partition of an ordered channel), each with {@code basic.qos} set to the subscription's prefetch
 * (shared out over the partitions) and a manual-ack consumer whose deliveries go straight to core.
 *
 * <p>Settling: an ack is {@code basic.ack}; a nack is {@code basic.nack} with requeue, after the
 * redelivery delay (the delivery stays unacknowledged, and so counts against the prefetch, until
 * then); the message goes back to its place in the queue. Delivery tags belong to one channel
 * incarnation: after the client's automatic recovery reopens a channel, a settlement of a delivery
 * of the old one is dropped (the broker has already returned that message to the queue), never sent
 * with a tag that now means another message.
 *
 * <p>Delivery count: a quorum queue counts returns itself ({@code x-delivery-count}); a classic
 * queue only flags a redelivery, so this consumer counts the redeliveries it sees of each message
 * (at least 2 once the broker flags one). Pausing cancels the consumers and resuming consumes
 * again; closing closes the channels, which cancels the consumers and returns every unsettled
 * delivery to its queue. Thread-safe.
 */
final class RabbitMqInbound extends AbstractInbound {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqInbound.class);

  /** How many classic-queue redelivery counts are remembered before they are forgotten. */
  private static final int MAX_COUNTED = 100_000;

  private final Connection connection;
  private final ChannelSpec channel;
  private final List<String> queues;
  private final boolean quorum;
  private final int prefetch;
  private final InboundHandler handler;
  private final RabbitMqTraffic traffic;
  private final ScheduledExecutorService timer;
  private final Consumer<RabbitMqInbound> onClose;
  private final List<QueueConsumer> consumers = new ArrayList<>();

  RabbitMqInbound(
      Connection connection,
      ChannelSpec channel,
      SubscriptionSpec subscription,
      List<String> queues,
      boolean quorum,
      InboundHandler handler,
      RabbitMqTraffic traffic,
      ScheduledExecutorService timer,
      Consumer<RabbitMqInbound> onClose) {
    this.connection = connection;
    this.channel = channel;
    this.queues = queues;
    this.quorum = quorum;
    this.prefetch = Math.max(1, subscription.prefetch() / queues.size());
    this.handler = handler;
    this.traffic = traffic;
    this.timer = timer;
    this.onClose = onClose;
  }

  /** Opens the channels and starts consuming. */
  synchronized void start() throws IOException {
    for (String q : queues) {
      Channel ch = connection.createChannel();
      ch.basicQos(prefetch);
      QueueConsumer c = new QueueConsumer(ch, q);
      ch.addShutdownListener(cause -> c.epoch.incrementAndGet());
      consumers.add(c);
      c.consume();
    }
  }

  @Override
  protected void onPause() {
    inBackground(
        () -> {
          for (QueueConsumer c : consumers) {
            c.cancel();
          }
        });
  }

  @Override
  protected void onResume() {
    inBackground(
        () -> {
          for (QueueConsumer c : consumers) {
            if (!isPaused() && !isClosed()) {
              c.consume();
            }
          }
        });
  }

  private void inBackground(IoAction action) {
    try {
      timer.execute(
          () -> {
            synchronized (this) {
              try {
                action.run();
              } catch (IOException | RuntimeException e) {
                LOG.warn("pausing or resuming {} failed: {}", channel.name(), e.toString());
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // The binding is closing.
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  @Override
  protected synchronized void doClose() {
    // No basic.cancel first: with a single active consumer the broker would hand the next messages
    // to another consumer while this one still holds earlier messages of their keys (TCK C12 found
    // 91 order violations). Closing the channel cancels the consumer and returns its unsettled
    // deliveries in one step, in front of the rest.
    for (QueueConsumer c : consumers) {
      try {
        if (c.getChannel().isOpen()) {
          c.getChannel().close(); // returns every unacknowledged delivery to its queue
        }
      } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
        LOG.debug("closing a channel of {} failed: {}", channel.name(), e.toString());
      }
    }
    onClose.accept(this);
  }

  /** The consumer of one queue on its own channel. */
  private final class QueueConsumer extends DefaultConsumer {
    private final String queue;
    final AtomicLong epoch = new AtomicLong();
    private volatile @Nullable String tag;
    private final Map<String, Integer> redeliveries = new ConcurrentHashMap<>();

    QueueConsumer(Channel ch, String queue) {
      super(ch);
      this.queue = queue;
    }

    void consume() throws IOException {
      if (tag == null) {
        tag = getChannel().basicConsume(queue, false, this);
      }
    }

    void cancel() {
      String t = tag;
      tag = null;
      if (t != null && getChannel().isOpen()) {
        try {
          getChannel().basicCancel(t);
        } catch (IOException | RuntimeException e) {
          LOG.debug("cancelling the consumer of {} failed: {}", queue, e.toString());
        }
      }
    }

    @Override
    public void handleDelivery(
        String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      if (isClosed()) {
        return; // the channel's close returns it
      }
      traffic.received(body.length);
      Message<byte[]> m =
          RabbitMqWire.message(properties, body, queue + "#" + envelope.getDeliveryTag());
      int count;
      if (quorum) {
        count =
            (int) Math.min(Integer.MAX_VALUE - 1, RabbitMqWire.earlierDeliveries(properties)) + 1;
      } else if (!envelope.isRedeliver()) {
        count = 1;
      } else {
        if (redeliveries.size() > MAX_COUNTED) {
          redeliveries.clear();
        }
        count = redeliveries.merge(m.id(), 2, (a, b) -> a + 1);
      }
      handler.onDelivery(new Delivery(this, m, count, envelope.getDeliveryTag(), epoch.get()));
    }

    @Override
    public void handleCancel(String consumerTag) {
      // The broker cancelled the consumer (its queue was deleted): nothing more will arrive.
      tag = null;
      LOG.warn("the broker cancelled the consumer of queue {} (was it deleted?)", queue);
    }

    void settle(long deliveryTag, long deliveryEpoch, boolean ack, @Nullable String id) {
      if (epoch.get() != deliveryEpoch) {
        return; // the channel was reopened: the broker has returned this delivery already
      }
      Channel ch = getChannel();
      try {
        synchronized (ch) {
          if (ack) {
            ch.basicAck(deliveryTag, false);
          } else {
            ch.basicNack(deliveryTag, false, true);
          }
        }
        traffic.settled();
        if (ack && id != null && !quorum) {
          redeliveries.remove(id);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("settling a delivery of {} failed: {}", queue, e.toString());
      }
    }
  }

  /** One delivery, settled once. */
  private final class Delivery extends SettleOnceDelivery implements ReceivedDelivery {
    private final QueueConsumer consumer;
    private final long tag;
    private final long epoch;
    private final long receivedNanos = System.nanoTime();

    Delivery(QueueConsumer consumer, Message<byte[]> message, int count, long tag, long epoch) {
      super(message, count);
      this.consumer = consumer;
      this.tag = tag;
      this.epoch = epoch;
    }

    @Override
    public long receivedNanos() {
      return receivedNanos;
    }

    @Override
    protected void onAck() {
      consumer.settle(tag, epoch, true, message().id());
    }

    /**
     * On an ordered channel a released delivery stays unacknowledged: a {@code basic.nack} would
     * put it back before the channel's close returns the deliveries a handler still held, so a
     * later message of a key could come back ahead of an earlier one (TCK C12). The close returns
     * all of them together, in queue order.
     */
    @Override
    protected void onRelease() {
      if (!channel.ordered()) {
        onNack(Duration.ZERO);
      }
    }

    @Override
    protected void onNack(Duration redeliverAfter) {
      if (redeliverAfter.isZero() || isClosed()) {
        consumer.settle(tag, epoch, false, null);
        return;
      }
      try {
        timer.schedule(
            () -> consumer.settle(tag, epoch, false, null),
            redeliverAfter.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        consumer.settle(tag, epoch, false, null);
      }
    }
  }
}
