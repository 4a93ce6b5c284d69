package io.hermod.binding.artemis.internal;

import io.hermod.api.ChannelStatistics;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.BrokerTraffic;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.jspecify.annotations.Nullable;

/**
 * What the broker tells about a queue, asked over the network through its management address
 * ({@code activemq.management}), with core management messages from a session of its own: the
 * queue's {@code messageCount}, {@code deliveringCount}, {@code messagesAdded} and {@code
 * messagesAcknowledged} attributes, one request each. Waiting is {@code messageCount -
 * deliveringCount} (the message count includes messages delivered and not yet acknowledged), in
 * flight {@code deliveringCount}; enqueued and acknowledged are the broker's counters of the queue
 * (counted since the broker loaded the queue: they start again from zero when it restarts). The
 * four requests are counted as {@code OTHER} traffic of the channel.
 *
 * <p>Each call runs on one thread of its own and is waited for no longer than {@link #TIMEOUT}; a
 * call still stuck on a dead broker (the client's call timeout is the send timeout) makes the next
 * ones fail at once rather than queue behind it. Thread-safe.
 */
final class ArtemisStatistics implements AutoCloseable {

  /** The longest a statistics call is waited for. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static final String[] ATTRIBUTES = {
    "messageCount", "deliveringCount", "messagesAdded", "messagesAcknowledged"
  };

  private final Supplier<Connection> connection;
  private final ArtemisErrors errors;
  private final BrokerTraffic traffic;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "hermod-" + ArtemisBindingProvider.NAME + "-statistics");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean busy = new AtomicBoolean();
  private @Nullable Session session; // used by the statistics thread only

  ArtemisStatistics(Supplier<Connection> connection, ArtemisErrors errors, BrokerTraffic traffic) {
    this.connection = connection;
    this.errors = errors;
    this.traffic = traffic;
  }

  /**
   * The statistics of one queue.
   *
   * @param channel the channel, for errors and traffic
   * @param queue the queue's name on the broker
   * @return the statistics
   * @throws io.hermod.api.MessagingException within {@link #TIMEOUT} if the broker does not answer
   */
  ChannelStatistics of(String channel, String queue) {
    String what = "reading the statistics of queue '" + queue + "'";
    if (!busy.compareAndSet(false, true)) {
      throw errors.translate(
          new TimeoutException("the previous statistics request has not been answered yet"),
          channel,
          what);
    }
    Future<long[]> f;
    try {
      f =
          thread.submit(
              () -> {
                try {
                  return ask(channel, queue);
                } finally {
                  busy.set(false);
                }
              });
    } catch (RuntimeException e) {
      busy.set(false);
      throw errors.translate(e, channel, what);
    }
    long[] v;
    try {
      v = f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw errors.translate(
          new TimeoutException("no answer within " + TIMEOUT.toMillis() + " ms"), channel, what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.translate(e, channel, what);
    } catch (ExecutionException e) {
      throw errors.translate(e.getCause(), channel, what);
    }
    long count = v[0];
    long delivering = v[1];
    return ChannelStatistics.unknown()
        .withWaiting(Math.max(0, count - delivering))
        .withInFlight(Math.max(0, delivering))
        .withEnqueued(Math.max(0, v[2]))
        .withAcknowledged(Math.max(0, v[3]));
  }

  private long[] ask(String channel, String queue) throws Exception {
    ClientSession core = session().getCoreSession();
    long[] values = new long[ATTRIBUTES.length];
    int asked = 0;
    try (ClientRequestor requestor = new ClientRequestor(core, "activemq.management")) {
      for (int i = 0; i < ATTRIBUTES.length; i++) {
        ClientMessage m = core.createMessage(false);
        ManagementHelper.putAttribute(m, ResourceNames.QUEUE + queue, ATTRIBUTES[i]);
        asked++;
        ClientMessage reply = requestor.request(m, TIMEOUT.toMillis());
        if (reply == null) {
          throw new TimeoutException("no management reply within " + TIMEOUT.toMillis() + " ms");
        }
        Object result = ManagementHelper.getResult(reply);
        if (!ManagementHelper.hasOperationSucceeded(reply) || !(result instanceof Number n)) {
          throw new IllegalStateException(
              "the broker's management refused " + ATTRIBUTES[i] + " of " + queue + ": " + result);
        }
        values[i] = n.longValue();
      }
    } finally {
      traffic.record(channel, BrokerOperation.OTHER, asked, asked, 0);
    }
    return values;
  }

  private ActiveMQSession session() throws Exception {
    Session s = session;
    if (s == null) {
      s = connection.get().createSession(false, Session.AUTO_ACKNOWLEDGE);
      session = s;
    }
    return (ActiveMQSession) s;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
