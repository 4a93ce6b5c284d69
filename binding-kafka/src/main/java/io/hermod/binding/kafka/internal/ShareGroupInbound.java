package io.hermod.binding.kafka.internal;

import io.hermod.api.Message;
import io.hermod.spi.support.AbstractInbound;
import io.hermod.spi.support.SettleOnceDelivery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a share group (KIP-932) consuming a queue: the broker hands out records to any
 * number of members regardless of partitions, acknowledges each record on its own and counts its
 * deliveries. Uses explicit acknowledgement, where every record of a poll must be acknowledged
 * before the next poll; records beyond the prefetch wait in a buffer meanwhile. A nack releases the
 * record after its delay (the record stays acquired, within the broker's lock duration).
 * Thread-safe; the share consumer itself is used by the poll thread only.
 */
final class ShareGroupInbound extends AbstractInbound {

  private static final Logger LOG = LoggerFactory.getLogger(ShareGroupInbound.class);
  private static final Duration POLL = Duration.ofMillis(100);

  /** A settlement to hand to the consumer on the poll thread. */
  private record Settlement(ConsumerRecord<byte[], byte[]> record, AcknowledgeType type) {}

  private final InboundEndpoint endpoint;
  private final KafkaShareConsumer<byte[], byte[]> consumer;
  private final ScheduledExecutorService scheduler;
  private final Thread thread;
  private final KafkaTraffic.FetchMeter fetches;
  private final LinkedBlockingQueue<Settlement> settlements = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  // Owned by the poll thread.
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
  private int unacknowledged;

  ShareGroupInbound(
      InboundEndpoint endpoint,
      KafkaShareConsumer<byte[], byte[]> consumer,
      ScheduledExecutorService scheduler) {
    this.endpoint = endpoint;
    this.consumer = consumer;
    this.scheduler = scheduler;
    this.thread = new Thread(this::run, endpoint.clientId());
    this.thread.setDaemon(true);
    this.fetches = endpoint.traffic().fetchMeter(endpoint.topic(), consumer::metrics);
  }

  void start() {
    thread.start();
  }

  /**
   * Wakes the poll thread, which settles what it can, commits and leaves, and waits for it. On the
   * poll thread itself (a handler closing its endpoint) nothing blocks: the loop sees {@link
   * #isClosed()} when the handler returns.
   */
  @Override
  protected void doClose() {
    if (Thread.currentThread() == thread) {
      return;
    }
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(15).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.subscribe(List.of(endpoint.topic()));
      while (!isClosed()) {
        try {
          fetches.maybeTick();
          applySettlements();
          handOver();
          if (unacknowledged > 0 || isPaused()) {
            Settlement s = settlements.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            if (s != null) {
              acknowledge(s);
            }
            continue;
          }
          // Every record of the last poll is acknowledged: the next poll commits them.
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            buffer.add(r);
            unacknowledged++;
          }
        } catch (WakeupException e) {
          // close() woke us up
        } catch (RuntimeException e) {
          if (!isClosed()) {
            LOG.warn(
                "share consumer of {} in group {} failed, retrying: {}",
                endpoint.topic(),
                endpoint.group(),
                e.toString());
            Settlement s = settlements.poll(500, TimeUnit.MILLISECONDS);
            if (s != null) {
              acknowledge(s);
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close(); // the loop may also end on its own: from now on settlements are ignored
      try {
        applySettlements();
        endpoint.traffic().settled(endpoint.topic(), 1);
        consumer.commitSync(Duration.ofSeconds(5));
        fetches.tick();
      } catch (RuntimeException e) {
        LOG.warn(
            "final acknowledgement of {} for share group {} failed: {}; the records acknowledged"
                + " since the last acknowledgement will be delivered again when their locks expire",
            endpoint.topic(),
            endpoint.group(),
            e.toString());
      }
      try {
        // Records still acquired and not acknowledged are released to other members.
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.debug("closing share consumer of {} failed: {}", endpoint.group(), e.toString());
      }
      endpoint.onClosed().accept(this);
    }
  }

  private void handOver() {
    while (!isPaused() && inFlight.get() < endpoint.prefetch() && !buffer.isEmpty()) {
      ConsumerRecord<byte[], byte[]> r = buffer.poll();
      Message<byte[]> message;
      try {
        message = KafkaWire.toMessage(r);
      } catch (RuntimeException e) {
        message =
            Message.builder(r.value() == null ? new byte[0] : r.value())
                .id(KafkaWire.reference(r))
                .build();
      }
      int count = r.deliveryCount().map(Short::intValue).orElse(1);
      inFlight.incrementAndGet();
      Delivery d = new Delivery(r, message, count);
      try {
        endpoint.handler().onDelivery(d);
      } catch (RuntimeException e) {
        LOG.error("handler rejected {}, releasing it: {}", KafkaWire.reference(r), e.toString(), e);
        d.nack(Duration.ZERO);
      }
    }
  }

  private void applySettlements() {
    Settlement s;
    while ((s = settlements.poll()) != null) {
      acknowledge(s);
    }
  }

  private void acknowledge(Settlement s) {
    consumer.acknowledge(s.record(), s.type());
    unacknowledged--;
  }

  /** A record handed to core; settled once, from any thread. */
  private final class Delivery extends SettleOnceDelivery {
    private final ConsumerRecord<byte[], byte[]> record;

    Delivery(ConsumerRecord<byte[], byte[]> record, Message<byte[]> message, int count) {
      super(message, count);
      this.record = record;
    }

    @Override
    protected void onAck() {
      if (!isClosed()) {
        inFlight.decrementAndGet();
        settlements.add(new Settlement(record, AcknowledgeType.ACCEPT));
      }
    }

    @Override
    protected void onNack(Duration redeliverAfter) {
      if (!isClosed()) {
        inFlight.decrementAndGet();
        Settlement release = new Settlement(record, AcknowledgeType.RELEASE);
        if (redeliverAfter.isZero()) {
          settlements.add(release);
        } else {
          // Kept acquired until the delay is over, so it is not redelivered sooner.
          scheduler.schedule(
              () -> settlements.add(release), redeliverAfter.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }
  }
}
