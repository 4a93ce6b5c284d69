package io.hermod.binding.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.MessagingTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What the broker tells about the queues a subscription consumes, asked over AMQP with a passive
 * {@code queue.declare} per queue (one per partition of an ordered channel) on a short-lived
 * channel of its own: the ready message count, summed, is the backlog ({@code waiting}). AMQP 0-9-1
 * tells nothing more (unacknowledged, enqueued and acknowledged counts need the management plugin's
 * HTTP API, which a binding speaking AMQP cannot count on), so those stay unknown. Each request is
 * counted as {@code OTHER} traffic of the channel.
 *
 * <p>Each call runs on one thread of its own and is waited for no longer than {@link #TIMEOUT}; a
 * call still stuck on a dead broker makes the next ones fail at once rather than queue behind it.
 * Thread-safe.
 */
final class RabbitMqStatistics implements AutoCloseable {

  /** The longest a statistics call is waited for. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Supplier<Connection> connection;
  private final RabbitMqErrors errors;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "hermod-" + RabbitMqBindingProvider.NAME + "-statistics");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean busy = new AtomicBoolean();

  RabbitMqStatistics(Supplier<Connection> connection, RabbitMqErrors errors) {
    this.connection = connection;
    this.errors = errors;
  }

  ChannelStatistics of(String channelName, List<String> queues, RabbitMqTraffic traffic) {
    if (!busy.compareAndSet(false, true)) {
      throw new MessagingTimeoutException(
          RabbitMqBindingProvider.NAME,
          channelName,
          "an earlier statistics request to the broker has not answered yet; is the broker up?",
          null);
    }
    Future<Long> waiting;
    try {
      waiting =
          thread.submit(
              () -> {
                try (Channel ch = connection.get().createChannel()) {
                  long sum = 0;
                  for (String q : queues) {
                    sum += ch.queueDeclarePassive(q).getMessageCount();
                  }
                  return sum;
                } finally {
                  traffic.other(queues.size());
                  busy.set(false);
                }
              });
    } catch (RuntimeException e) {
      busy.set(false);
      throw errors.translate(e, channelName, "asking the broker for statistics");
    }
    try {
      return ChannelStatistics.unknown()
          .withWaiting(waiting.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      throw new MessagingTimeoutException(
          RabbitMqBindingProvider.NAME,
          channelName,
          "the broker did not answer a statistics request within " + TIMEOUT.toMillis() + " ms",
          e);
    } catch (ExecutionException e) {
      throw errors.translate(e.getCause(), channelName, "asking the broker for statistics");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.translate(e, channelName, "asking the broker for statistics");
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
