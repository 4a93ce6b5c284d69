package io.hermod.binding.artemis.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConnectionException;
import io.hermod.api.Durability;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.ProcessedIdStore;
import io.hermod.spi.SubscriptionSpec;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processed ids of one exactly-once consumer queue, kept by the broker itself in a queue of
 * their own ({@link #queueName}): one small message per processed id, carrying the id as the
 * property {@value #ID_PROPERTY} and expiring after the channel's dedup window.
 *
 * <p>{@link #record} is an asynchronous send through the binding's producer pool, persistent for a
 * persistent channel, so it completes (like a publisher confirm) once the broker has journaled it.
 * {@link #isProcessed} answers {@code false} at once for a first delivery (the broker's duplicate
 * detection already drops resends, and a message delivered for the first time cannot have been
 * processed); only a redelivery browses the store queue with a selector on the id, which the broker
 * evaluates by scanning the queue. Records are never consumed: the broker removes them when they
 * expire.
 *
 * <p>Thread-safe: lookups share one browsing session under a lock; records go through the producer
 * pool. Lifecycle: created by {@link ArtemisBinding#processedIdStore} for one inbound endpoint,
 * closed by core after that endpoint (or by the binding's close).
 */
final class ArtemisProcessedIdStore implements ProcessedIdStore {

  private static final Logger LOG = LoggerFactory.getLogger(ArtemisProcessedIdStore.class);

  /** The property carrying the processed message's id. */
  static final String ID_PROPERTY = JmsNames.INTERNAL_PREFIX + "pid";

  /**
   * The prefix of every store queue. Channel names start with a letter or digit, so no channel (nor
   * its dead-letter queue) can be named like a store, and one broker address setting ({@code
   * $hermod.processed.#}) covers every store.
   */
  static final String PREFIX = "$hermod.processed.";

  private final ChannelSpec channel;
  private final String queueName;
  private final Queue destination;
  private final Connection connection;
  private final ProducerPool producers;
  private final ArtemisErrors errors;
  private final int deliveryMode;
  private final Object lookupLock = new Object();
  private @Nullable Session lookupSession;
  private volatile boolean closed;

  ArtemisProcessedIdStore(
      ChannelSpec channel,
      SubscriptionSpec subscription,
      Connection connection,
      ProducerPool producers,
      ArtemisErrors errors) {
    this.channel = channel;
    this.queueName = queueName(channel, subscription);
    this.destination = ActiveMQDestination.createQueue(queueName);
    this.connection = connection;
    this.producers = producers;
    this.errors = errors;
    this.deliveryMode =
        channel.durability() == Durability.PERSISTENT
            ? DeliveryMode.PERSISTENT
            : DeliveryMode.NON_PERSISTENT;
  }

  /**
   * The store queue of a consumer queue: {@code $hermod.processed.<queue>}, where {@code <queue>}
   * is the broker queue the instances compete on: the channel's own queue for a queue channel (all
   * its consumers share its messages, whatever subscription name they give), the subscription's
   * queue {@code <topic>:<subscription>} for a topic.
   *
   * @param channel the channel
   * @param subscription the subscription
   * @return the queue (and address) name, never {@code null}
   */
  static String queueName(ChannelSpec channel, SubscriptionSpec subscription) {
    return PREFIX
        + (channel.kind() == ChannelKind.TOPIC
            ? JmsNames.subscriptionQueue(channel.name(), subscription.name())
            : channel.name());
  }

  String queueName() {
    return queueName;
  }

  @Override
  public boolean isProcessed(InboundDelivery delivery) {
    if (delivery.deliveryCount() <= 1) {
      // A first delivery was never handed to a handler before. A resent copy of a processed
      // message is a first delivery too, but the broker's duplicate detection (_AMQ_DUPL_ID)
      // drops it before it is queued.
      return false;
    }
    String selector = ID_PROPERTY + " = '" + delivery.message().id().replace("'", "''") + "'";
    synchronized (lookupLock) {
      if (closed) {
        throw closedError();
      }
      try {
        Session s = lookupSession;
        if (s == null) {
          s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
          lookupSession = s;
        }
        // Every call below is a blocking round trip bounded by the client's call timeout,
        // which the binding sets to the send timeout.
        QueueBrowser browser = s.createBrowser(destination, selector);
        try {
          return browser.getEnumeration().hasMoreElements();
        } finally {
          browser.close();
        }
      } catch (JMSException | RuntimeException e) {
        closeLookupSession();
        throw errors.translate(
            e,
            channel.name(),
            "looking up message "
                + delivery.message().id()
                + " in the processed-id store "
                + queueName);
      }
    }
  }

  @Override
  public CompletionStage<Void> record(InboundDelivery delivery) {
    String id = delivery.message().id();
    CompletableFuture<Void> done = new CompletableFuture<>();
    producers.track(
        done,
        () ->
            new MessagingTimeoutException(
                ArtemisBindingProvider.NAME,
                channel.name(),
                "the broker did not confirm the record of message "
                    + id
                    + " in the processed-id store "
                    + queueName
                    + " within "
                    + producers.sendTimeout()
                    + "; check that the broker is reachable, or raise hermod.send-timeout",
                null));
    try {
      producers.execute(
          producers.slotFor(null),
          new ProducerPool.Work() {
            @Override
            public void run(Session session, MessageProducer producer) {
              send(session, producer, id, done);
            }

            @Override
            public void fail(Exception cause) {
              done.completeExceptionally(
                  errors.translate(cause, channel.name(), "recording " + id));
            }
          });
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(closedError());
    }
    return done;
  }

  private void send(
      Session session, MessageProducer producer, String id, CompletableFuture<Void> done) {
    if (done.isDone()) {
      return;
    }
    try {
      jakarta.jms.Message record = session.createMessage();
      record.setStringProperty(ID_PROPERTY, id);
      producer.setDeliveryDelay(0);
      // Asynchronous, like every send of the binding: the listener runs once the broker has
      // journaled the record (for a persistent channel). The time-to-live makes the broker drop
      // it after the dedup window; nothing ever consumes it.
      producer.send(
          destination,
          record,
          deliveryMode,
          jakarta.jms.Message.DEFAULT_PRIORITY,
          channel.dedupWindow().toMillis(),
          new CompletionListener() {
            @Override
            public void onCompletion(jakarta.jms.Message m) {
              done.complete(null);
            }

            @Override
            public void onException(jakarta.jms.Message m, Exception e) {
              done.completeExceptionally(errors.translate(e, channel.name(), "recording " + id));
            }
          });
    } catch (JMSException | RuntimeException e) {
      done.completeExceptionally(errors.translate(e, channel.name(), "recording " + id));
    }
  }

  private ConnectionException closedError() {
    return new ConnectionException(
        ArtemisBindingProvider.NAME,
        channel.name(),
        "the processed-id store " + queueName + " is closed; its endpoint or the binding closed",
        null);
  }

  private void closeLookupSession() {
    Session s = lookupSession;
    lookupSession = null;
    if (s != null) {
      try {
        s.close();
      } catch (JMSException | RuntimeException e) {
        LOG.debug("closing the lookup session of {} failed: {}", queueName, e.toString());
      }
    }
  }

  @Override
  public void close() {
    synchronized (lookupLock) {
      closed = true;
      closeLookupSession();
    }
  }

  @Override
  public String toString() {
    return "ArtemisProcessedIdStore[" + queueName + "]";
  }
}
