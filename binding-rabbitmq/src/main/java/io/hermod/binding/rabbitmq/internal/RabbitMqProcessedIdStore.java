package io.hermod.binding.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.hermod.api.ChannelSpec;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.ProcessedIdStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processed ids of one exactly-once consumer queue, kept by the broker in a stream of their own
 * ({@code hermod.processed.<queue>}, {@code x-queue-type=stream}, retained for twice the channel's
 * dedup window): one small persistent message per processed id, its AMQP message id the processed
 * message's id. RabbitMQ has no broker-side deduplication, so every instance of the subscription
 * reads the whole stream (from a dedup window ago) into memory and follows it as it grows; ids
 * older than the window are dropped from memory as it reads.
 *
 * <p>{@link #record} publishes with a publisher confirm: it completes once the stream has the
 * record (a majority of the nodes, on a cluster). {@link #isProcessed} answers from memory when the
 * id is there; when it is not, it first makes sure this reader has seen everything recorded so far
 * by any instance: it appends a marker of its own to the stream and waits until the marker comes
 * back through its reader (a read barrier). Concurrent lookups share one marker, and a lookup for a
 * delivery that arrived before the marker of a barrier already passed was sent needs none: the cost
 * is one round trip per batch of deliveries, not per message. What a barrier cannot see either way
 * is a record made while the lookup runs: that is another instance handling the same message at the
 * same moment, which the broker only allows after it gave the message up (a lost connection), and
 * which core's in-process memory cannot catch. Thread-safe.
 *
 * <p>Lifecycle: opened by {@link RabbitMqBinding#processedIdStore} for one inbound endpoint (it
 * reads to the end before the endpoint starts), closed by core after that endpoint.
 */
final class RabbitMqProcessedIdStore implements ProcessedIdStore {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqProcessedIdStore.class);

  /** The prefix of every store stream. */
  static final String PREFIX = "hermod.processed.";

  /** The header of a read-barrier marker; its value is the marker's id. */
  private static final String MARKER = "hermod.marker";

  private final ChannelSpec channel;
  private final String stream;
  private final Duration timeout;
  private final RabbitMqErrors errors;
  private final long windowMillis;
  private final Map<String, Long> processed = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> markers = new ConcurrentHashMap<>();
  private final ConfirmingChannel writer;
  private final Channel reader;
  private final Object barrierLock = new Object();
  private @Nullable CompletableFuture<Void> nextBarrier;

  /**
   * When the marker of the latest barrier that came back was sent ({@link System#nanoTime()}):
   * everything recorded before then is in memory. Only grows.
   */
  private volatile long coveredNanos = System.nanoTime() - Long.MAX_VALUE / 2;

  private volatile boolean closed;

  /**
   * Opens the store and reads it to its end.
   *
   * @param channel the channel
   * @param stream the stream's name
   * @param consuming the consuming connection, for the reader
   * @param publishing the publishing connection, for records and markers
   * @param timeout how long a record or a read barrier may take (core's send timeout)
   * @param errors the error translation
   * @throws IOException if the stream cannot be read or written
   */
  RabbitMqProcessedIdStore(
      ChannelSpec channel,
      String stream,
      Connection consuming,
      Connection publishing,
      Duration timeout,
      RabbitMqErrors errors)
      throws IOException {
    this.channel = channel;
    this.stream = stream;
    this.timeout = timeout;
    this.errors = errors;
    this.windowMillis = channel.dedupWindow().toMillis();
    this.writer = new ConfirmingChannel(publishing);
    this.reader = consuming.createChannel();
    reader.basicQos(1000); // a stream consumer needs a prefetch: it is its credit
    Date from = new Date(System.currentTimeMillis() - windowMillis);
    reader.basicConsume(stream, false, Map.of("x-stream-offset", from), new Reader(reader));
    awaitBarrier();
  }

  /**
   * The arguments of a store stream: retention of twice the dedup window (at least a minute), in
   * small segments so that retention, which drops whole segments, keeps close to it.
   *
   * @param channel the channel
   * @return the queue arguments
   */
  static Map<String, Object> streamArguments(ChannelSpec channel) {
    long seconds = Math.max(60, channel.dedupWindow().toSeconds() * 2);
    return Map.of(
        "x-queue-type",
        "stream",
        "x-max-age",
        seconds + "s",
        "x-stream-max-segment-size-bytes",
        4_000_000);
  }

  /** How many records are read between two removals of the ids older than the window. */
  private static final int PRUNE_EVERY = 4096;

  private final class Reader extends DefaultConsumer {
    private int readSincePrune; // the reader runs on one client thread at a time

    Reader(Channel ch) {
      super(ch);
    }

    @Override
    public void handleDelivery(
        String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
        throws IOException {
      Map<String, Object> headers = properties.getHeaders();
      Object marker = headers == null ? null : headers.get(MARKER);
      if (marker != null) {
        CompletableFuture<Void> f = markers.remove(marker.toString());
        if (f != null) {
          f.complete(null);
        }
      } else if (properties.getMessageId() != null) {
        long at =
            properties.getTimestamp() == null
                ? System.currentTimeMillis()
                : properties.getTimestamp().getTime();
        processed.put(properties.getMessageId(), at);
        if (++readSincePrune >= PRUNE_EVERY) {
          readSincePrune = 0;
          long horizon = System.currentTimeMillis() - windowMillis;
          processed.values().removeIf(t -> t < horizon);
        }
      }
      getChannel().basicAck(envelope.getDeliveryTag(), false);
    }
  }

  @Override
  public boolean isProcessed(InboundDelivery delivery) {
    String id = delivery.message().id();
    if (known(id)) {
      return true;
    }
    long received = delivery instanceof ReceivedDelivery r ? r.receivedNanos() : System.nanoTime();
    if (received - coveredNanos < 0) {
      // A barrier whose marker went out after this delivery arrived has come back: every record
      // made before the delivery arrived is in memory already. With a prefetch, the deliveries
      // waiting behind the one being handled share its barrier instead of one round trip each.
      return known(id);
    }
    awaitBarrier();
    return known(id);
  }

  private boolean known(String id) {
    Long at = processed.get(id);
    return at != null && at >= System.currentTimeMillis() - windowMillis;
  }

  /** Waits until this reader has seen everything recorded before the call. */
  private void awaitBarrier() {
    CompletableFuture<Void> barrier;
    boolean send = false;
    synchronized (barrierLock) {
      if (nextBarrier == null) {
        nextBarrier = new CompletableFuture<>();
        send = true;
      }
      barrier = nextBarrier;
    }
    if (send) {
      sendMarker();
    }
    try {
      barrier.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new MessagingTimeoutException(
          RabbitMqBindingProvider.NAME,
          channel.name(),
          "the processed-id stream "
              + stream
              + " did not answer within "
              + timeout.toMillis()
              + " ms, so whether the message was processed is unknown; it is delivered again later",
          e);
    } catch (ExecutionException e) {
      throw errors.translate(
          e.getCause(), channel.name(), "reading the processed-id stream " + stream);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.translate(e, channel.name(), "reading the processed-id stream " + stream);
    }
  }

  /**
   * Publishes the pending barrier's marker. Lookups that joined the barrier before this took it are
   * covered: the marker is appended after they asked.
   */
  private void sendMarker() {
    CompletableFuture<Void> barrier;
    synchronized (barrierLock) {
      barrier = nextBarrier;
      nextBarrier = null;
    }
    if (barrier == null) {
      return;
    }
    String id = UUID.randomUUID().toString();
    long sentNanos = System.nanoTime();
    barrier.thenRun(() -> cover(sentNanos));
    markers.put(id, barrier);
    AMQP.BasicProperties p =
        new AMQP.BasicProperties.Builder()
            .messageId("marker:" + id)
            .headers(Map.of(MARKER, id))
            .deliveryMode(1)
            .build();
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    publish(p, confirmed, "marker:" + id);
    confirmed.whenComplete(
        (v, e) -> {
          if (e != null) {
            markers.remove(id);
            barrier.completeExceptionally(e);
          }
        });
  }

  private void cover(long sentNanos) {
    synchronized (barrierLock) {
      if (sentNanos - coveredNanos > 0) {
        coveredNanos = sentNanos;
      }
    }
  }

  @Override
  public CompletionStage<Void> record(InboundDelivery delivery) {
    String id = delivery.message().id();
    AMQP.BasicProperties p =
        new AMQP.BasicProperties.Builder()
            .messageId(id)
            .timestamp(new Date())
            .deliveryMode(2)
            .build();
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    publish(p, confirmed, id);
    return confirmed.thenRun(() -> processed.put(id, System.currentTimeMillis()));
  }

  private void publish(AMQP.BasicProperties p, CompletableFuture<Void> confirmed, String id) {
    if (closed) {
      confirmed.completeExceptionally(
          new MessagingException(
              RabbitMqBindingProvider.NAME,
              channel.name(),
              "the processed-id store is closed",
              null));
      return;
    }
    try {
      writer.publish(
          "",
          stream,
          false,
          p,
          id.getBytes(StandardCharsets.UTF_8),
          new ConfirmingChannel.Outcome() {
            @Override
            public void acked(@Nullable MessagingException returned) {
              confirmed.complete(null);
            }

            @Override
            public void nacked() {
              confirmed.completeExceptionally(
                  new MessagingException(
                      RabbitMqBindingProvider.NAME,
                      channel.name(),
                      "the broker refused a record of the processed-id stream " + stream,
                      null));
            }

            @Override
            public void lost(MessagingException failure) {
              confirmed.completeExceptionally(failure);
            }

            @Override
            public String messageId() {
              return id;
            }

            @Override
            public String channelName() {
              return channel.name();
            }
          });
    } catch (IOException | RuntimeException e) {
      confirmed.completeExceptionally(
          errors.translate(e, channel.name(), "writing the processed-id stream " + stream));
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close(e -> LOG.debug("closing the store writer of {}: {}", stream, e.toString()));
    try {
      if (reader.isOpen()) {
        reader.close();
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      LOG.debug("closing the store reader of {}: {}", stream, e.toString());
    }
    for (CompletableFuture<Void> f : markers.values()) {
      f.completeExceptionally(
          new MessagingException(
              RabbitMqBindingProvider.NAME,
              channel.name(),
              "the processed-id store is closed",
              null));
    }
  }
}
