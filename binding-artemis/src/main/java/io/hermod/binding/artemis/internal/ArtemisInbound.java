package io.hermod.binding.artemis.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.support.AbstractInbound;
import io.hermod.spi.support.SettleOnceDelivery;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSConstants;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one queue channel, or one topic subscription's queue, with its own JMS session in
 * individual-acknowledge mode, driven by one thread.
 *
 * <p>JMS sessions are single-threaded, so core's settlements (from any thread) are queued and
 * carried out by the consuming thread between receives. That thread hands over at most {@code
 * prefetch} unsettled deliveries. A nack sends a copy of the message back to the same queue
 * (through its fully qualified name, so a topic's other subscriptions never see it) with the
 * requested delivery delay, then acknowledges the original: JMS has no per-message negative
 * acknowledgement. A release (a delivery core buffered but never started, given back when it
 * closes) is not acknowledged at all, so the session close returns it to its place at the head of
 * the queue. Thread-safe.
 */
final class ArtemisInbound extends AbstractInbound {

  private static final Logger LOG = LoggerFactory.getLogger(ArtemisInbound.class);
  private static final long RECEIVE_MILLIS = 25;

  private final Connection connection;
  private final ChannelSpec channel;
  private final String subscription;
  private final int prefetch;
  private final InboundHandler handler;
  private final ArtemisErrors errors;
  private final Consumer<ArtemisInbound> onClose;
  private final BlockingQueue<Settlement> settlements = new LinkedBlockingQueue<>();
  private final Destination source;
  private final Thread thread;
  private final ArtemisTraffic traffic;
  private @Nullable Session session;
  private @Nullable MessageConsumer consumer;
  private @Nullable MessageProducer redeliverer;
  private int unsettled;

  /**
   * A settlement queued for the consuming thread: an ack, a nack (with {@code redeliverAfter}), or
   * a release, which leaves the message unacknowledged.
   */
  private record Settlement(
      jakarta.jms.Message message,
      int deliveryCount,
      @Nullable Duration redeliverAfter,
      boolean release) {

    boolean acknowledges() {
      return !release;
    }
  }

  ArtemisInbound(
      Connection connection,
      ChannelSpec channel,
      SubscriptionSpec subscription,
      InboundHandler handler,
      ArtemisErrors errors,
      Consumer<ArtemisInbound> onClose,
      ArtemisTraffic traffic) {
    this.connection = connection;
    this.traffic = traffic;
    this.channel = channel;
    this.subscription = subscription.name();
    // At least one unsettled delivery, whatever the prefetch, or nothing would ever be handed over.
    this.prefetch = Math.max(1, subscription.prefetch());
    this.handler = handler;
    this.errors = errors;
    this.onClose = onClose;
    this.source =
        channel.kind() == ChannelKind.TOPIC
            ? ActiveMQDestination.createQueue(
                JmsNames.fqqn(
                    channel.name(),
                    JmsNames.subscriptionQueue(channel.name(), subscription.name())))
            : ActiveMQDestination.createQueue(channel.name());
    this.thread =
        new Thread(
            this::run, "hermod-" + ArtemisBindingProvider.NAME + "-consume-" + channel.name());
    thread.setDaemon(true);
  }

  /** Opens the session and consumer (so errors surface to the caller), then starts the thread. */
  void start() {
    try {
      Session s = connection.createSession(false, ActiveMQJMSConstants.INDIVIDUAL_ACKNOWLEDGE);
      session = s;
      // A topic subscription's filter lives on its queue (see Selectors). A queue consumer takes
      // no selector: a JMS selector would leave non-matching messages on the queue forever,
      // while Hermod's promise (kept by core's client-side filter) is that they are dropped.
      consumer = s.createConsumer(source);
      redeliverer = s.createProducer(null);
    } catch (JMSException | RuntimeException e) {
      closeSession();
      throw errors.translate(e, channel.name(), "subscribing " + subscription);
    }
    thread.start();
  }

  private void run() {
    while (!isClosed()) {
      try {
        drainSettlements();
        if (!isPaused() && unsettled < prefetch) {
          MessageConsumer c = consumer;
          if (c == null) {
            return;
          }
          // Settlements waiting: take only what is already here, so they are not delayed.
          jakarta.jms.Message m =
              settlements.isEmpty() ? c.receive(RECEIVE_MILLIS) : c.receiveNoWait();
          if (m != null) {
            traffic.received(m);
            handOver(m);
          }
        } else {
          Settlement s = settlements.poll(RECEIVE_MILLIS, TimeUnit.MILLISECONDS);
          if (s != null) {
            settleAll(s);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (JMSException | RuntimeException e) {
        if (isClosed()) {
          return;
        }
        LOG.warn(
            "consuming {} ({}) failed, retrying: {}", channel.name(), subscription, e.toString());
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void handOver(jakarta.jms.Message m) throws JMSException {
    int count = Math.max(1, m.getIntProperty("JMSXDeliveryCount"));
    if (m.propertyExists(JmsNames.ATTEMPTS_BEFORE)) {
      count += m.getIntProperty(JmsNames.ATTEMPTS_BEFORE);
    }
    Message<byte[]> message;
    try {
      message = ArtemisWire.fromJms(m);
    } catch (JMSException | RuntimeException e) {
      // Left unacknowledged: the broker delivers it again when this session closes or fails
      // over. Never acknowledge what core has not seen.
      LOG.error(
          "cannot read message {} on {}: {}", m.getJMSMessageID(), channel.name(), e.toString());
      return;
    }
    unsettled++;
    Delivery d = new Delivery(m, message, count);
    try {
      handler.onDelivery(d);
    } catch (RuntimeException e) {
      LOG.error("the inbound handler of {} threw; returning the message", channel.name(), e);
      d.nack(Duration.ZERO);
    }
  }

  /** Carries out every queued settlement (see {@link #settleAll}). */
  private void drainSettlements() {
    Settlement s = settlements.poll();
    if (s != null) {
      settleAll(s);
    }
  }

  /**
   * Carries out {@code first} and every settlement queued behind it, then commits their
   * acknowledgements at once. In individual-acknowledge mode, a JMS {@code acknowledge()} is an
   * acknowledgement of that one message plus a commit of the session's acknowledgement transaction
   * (a journal record on the broker), so every acknowledgement but the last only acknowledges, and
   * the last one's {@code acknowledge()} commits them all. An acknowledgement not yet committed
   * when the connection drops is lost, and the broker delivers the message again (at-least-once). A
   * released message is not acknowledged at all, and no later acknowledgement covers it: individual
   * acknowledgements (unlike {@code CLIENT_ACKNOWLEDGE}) name one message each, and the commit only
   * makes those durable.
   */
  private void settleAll(Settlement first) {
    List<Settlement> batch = new ArrayList<>();
    batch.add(first);
    settlements.drainTo(batch);
    int lastAck = -1;
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).acknowledges()) {
        lastAck = i;
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      settle(batch.get(i), i == lastAck);
    }
  }

  private void settle(Settlement s, boolean commit) {
    unsettled--;
    if (s.release()) {
      // Left unacknowledged, in its place on the broker: closing the session cancels it back to
      // the head of the queue, ahead of every later message of its group (see Delivery).
      return;
    }
    try {
      if (s.redeliverAfter() != null) {
        redeliver(s);
      }
      if (commit) {
        // The acknowledgement and the commit of the session's acknowledgements: two packets.
        traffic.settled(2);
        s.message().acknowledge();
      } else {
        traffic.settled(1);
        ((ActiveMQMessage) s.message()).getCoreMessage().individualAcknowledge();
      }
    } catch (JMSException | ActiveMQException | RuntimeException e) {
      // After a reconnect, a message delivered before it can no longer be settled: the broker
      // redelivers it, which at-least-once allows and core's dedup absorbs on exactly-once.
      LOG.debug("settling a message on {} failed: {}", channel.name(), e.toString());
    }
  }

  private void redeliver(Settlement s) throws JMSException {
    Session ses = session;
    MessageProducer p = redeliverer;
    if (ses == null || p == null) {
      return;
    }
    jakarta.jms.Message original = s.message();
    long ttl = 0;
    if (original.getJMSExpiration() > 0) {
      ttl = original.getJMSExpiration() - System.currentTimeMillis();
      if (ttl <= 0) {
        return; // expired: acknowledging the original is all that is left to do
      }
    }
    BytesMessage copy = ArtemisWire.copyForRedelivery(ses, original, s.deliveryCount());
    Duration after = s.redeliverAfter();
    p.setDeliveryDelay(after == null ? 0 : after.toMillis());
    p.send(source, copy, original.getJMSDeliveryMode(), original.getJMSPriority(), ttl);
    traffic.sent(copy);
  }

  /**
   * Stops the consuming thread (it sees {@link #isClosed()}), carries out the settlements core made
   * before, and closes the session, which returns every unacknowledged message.
   */
  @Override
  protected void doClose() {
    if (Thread.currentThread() != thread) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Settlements that core made before closing still count.
    drainSettlementsQuietly();
    closeSession();
    onClose.accept(this);
  }

  private void drainSettlementsQuietly() {
    try {
      drainSettlements();
    } catch (RuntimeException e) {
      LOG.debug("settling on close failed: {}", e.toString());
    }
  }

  private void closeSession() {
    Session s = session;
    session = null;
    consumer = null;
    redeliverer = null;
    if (s != null) {
      returnUnacknowledged(s);
      try {
        s.close();
      } catch (JMSException | RuntimeException e) {
        LOG.debug("closing the session of {} failed: {}", channel.name(), e.toString());
      }
    }
  }

  /**
   * Gives every unacknowledged message of the session (released ones, and those still in the
   * client's buffer) back to the head of the queue while the consumer still holds its message
   * groups. Closing the consumer alone does it the other way round: the broker removes the
   * consumer, which frees its groups, and only then cancels its messages back to the queue, so in
   * between the queue hands later messages of a group to another consumer, ahead of the returned
   * ones (TCK C12 saw every key's returned run handled after the key's last message). Stopped
   * first, so the broker delivers nothing to this session again before it closes.
   */
  private void returnUnacknowledged(Session s) {
    try {
      ClientSession core = ((ActiveMQSession) s).getCoreSession();
      core.stop();
      core.rollback(false);
    } catch (ActiveMQException | RuntimeException e) {
      LOG.debug(
          "returning the unacknowledged messages of {} failed: {}", channel.name(), e.toString());
    }
  }

  @Override
  public String toString() {
    return "ArtemisInbound[" + channel.name() + ", " + subscription + "]";
  }

  /** One delivery handed to core; settles once, through the consuming thread. */
  private final class Delivery extends SettleOnceDelivery {
    private final jakarta.jms.Message jms;

    Delivery(jakarta.jms.Message jms, Message<byte[]> message, int count) {
      super(message, count);
      this.jms = jms;
    }

    @Override
    protected void onAck() {
      if (!isClosed()) {
        settlements.add(new Settlement(jms, deliveryCount(), null, false));
      }
    }

    @Override
    protected void onNack(Duration redeliverAfter) {
      if (!isClosed()) {
        settlements.add(new Settlement(jms, deliveryCount(), redeliverAfter, false));
      }
    }

    /**
     * Gives the message back in its place, by not acknowledging it. A nack would send a copy to the
     * tail of the queue, behind later messages of the same key; an unacknowledged message instead
     * goes back when this endpoint's session closes, and Artemis (2.56, {@code
     * ServerConsumerImpl.close}) cancels a closing consumer's unacknowledged deliveries back to the
     * head of the queue, in delivery order, before it removes the consumer and so unbinds its
     * message groups: the next consumer of a {@code JMSXGroupID} gets the released messages first.
     * Core releases only deliveries of a subscription or receiver that is closing, so the session
     * close follows. After close, nothing needs doing: the session close returns it.
     */
    @Override
    protected void onRelease() {
      if (!isClosed()) {
        settlements.add(new Settlement(jms, deliveryCount(), null, true));
      }
    }
  }
}
