package io.hermod.core.internal;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Confirm;
import io.hermod.api.Confirmation;
import io.hermod.api.Message;
import io.hermod.api.ProcessingStatus;
import io.hermod.api.Receipt;
import io.hermod.api.StandardHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer side of processing confirmations: after a message that asks for them was settled
 * (acked after its handler returned, dead-lettered or dropped), sends a {@link Confirmation},
 * signed when this instance has a key, to the channel its {@link StandardHeaders#CONFIRM_TO} names,
 * the way a responder sends an RPC reply. Only a subscription the message names confirms, and only
 * on the channel it was sent to. Never blocks the consumer: a failed confirmation send is logged
 * (the publisher sees the subscription pending and may resend). Thread-safe.
 */
final class ConfirmationSender {

  private static final Logger log = LoggerFactory.getLogger(ConfirmationSender.class);

  /** The confirmation's content type: its payload is the signed statement. */
  static final String CONTENT_TYPE = "text/plain; charset=utf-8";

  private final CoreMessaging messaging;
  private final ConfirmSettings settings;
  private final Clock clock;
  private final String threadName;

  /**
   * Where confirmations are sent from, made at the first one. Never the caller's thread: a message
   * settles on a consumer worker or in a broker client's completion callback (after a processed-id
   * record or a dead-letter send), and a send from a client's own I/O thread can block it (Kafka
   * waits there for the metadata of a topic it has not sent to yet).
   */
  private volatile @Nullable ExecutorService executor;

  /** Confirmations not sent yet, and whether a drain is scheduled or running. */
  private final ConcurrentLinkedQueue<Outgoing> queued = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean draining = new AtomicBoolean();

  /** The most confirmations one drain round sends. */
  private static final int MAX_BATCH = 100;

  ConfirmationSender(
      CoreMessaging messaging, ConfirmSettings settings, Clock clock, String bindingName) {
    this.messaging = messaging;
    this.settings = settings;
    this.clock = clock;
    this.threadName = "hermod-" + bindingName + "-confirmations";
  }

  private ExecutorService executor() {
    ExecutorService e = executor;
    if (e != null) {
      return e;
    }
    synchronized (this) {
      if (executor == null) {
        executor =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, threadName);
                  t.setDaemon(true);
                  return t;
                });
      }
      return executor;
    }
  }

  /**
   * Sends what is queued, waiting at most {@code timeout}, then stops; before the outbound
   * endpoints close.
   */
  void close(Duration timeout) {
    ExecutorService e;
    synchronized (this) {
      e = executor;
    }
    if (e == null) {
      return;
    }
    e.shutdown();
    try {
      if (!e.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("closing with processing confirmations still unsent after {}", timeout);
        e.shutdownNow();
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      e.shutdownNow();
    }
  }

  /**
   * Confirms a settled message if it asks for it from this subscription.
   *
   * @param spec the channel it was consumed from
   * @param subscription the subscription it was consumed in
   * @param raw the message as received
   * @param status what became of it
   * @param attempt the attempt that settled it
   * @param reason why it was dead-lettered or dropped, or {@code null}
   * @param error the last error, or {@code null}
   */
  void confirm(
      ChannelSpec spec,
      String subscription,
      Message<byte[]> raw,
      ProcessingStatus status,
      int attempt,
      @Nullable String reason,
      @Nullable Throwable error) {
    String to = raw.header(StandardHeaders.CONFIRM_TO);
    String expect = raw.header(StandardHeaders.CONFIRM_EXPECT);
    if (to == null
        || expect == null
        || !spec.name().equals(raw.header(StandardHeaders.CONFIRM_CHANNEL))
        || !expects(expect, subscription)) {
      return;
    }
    try {
      Confirmation c =
          new Confirmation(
              raw.id(),
              spec.name(),
              subscription,
              status,
              clock.instant(),
              settings.instance(),
              Math.max(1, attempt),
              reason,
              error == null ? null : error.getClass().getName(),
              null);
      if (settings.signingKey() != null) {
        c = c.signedWith(settings.signingKey());
      }
      Message.Builder<byte[]> b =
          Message.builder(c.statement().getBytes(StandardCharsets.UTF_8))
              .correlationId(raw.id())
              .contentType(CONTENT_TYPE);
      if (c.signature() != null) {
        b.header(StandardHeaders.CONFIRM_SIGNATURE, c.signature());
      }
      queued.add(new Outgoing(to, b.build(), spec.name(), subscription, status));
      if (draining.compareAndSet(false, true)) {
        executor().execute(this::drain);
      }
    } catch (RuntimeException e) {
      log.warn(
          "cannot confirm message {} of {} (subscription '{}') to {}: {}",
          raw.id(),
          spec.name(),
          subscription,
          to,
          e.toString());
    }
  }

  /** A confirmation waiting to be sent. */
  private record Outgoing(
      String to,
      Message<byte[]> confirmation,
      String channel,
      String subscription,
      ProcessingStatus status) {}

  /**
   * Sends everything queued, as one batch per confirmation channel: a burst of settled messages
   * costs a few broker calls, not one each (on SQS, say, that is the difference that shows).
   */
  private void drain() {
    while (true) {
      Map<String, List<Outgoing>> byChannel = new LinkedHashMap<>();
      int n = 0;
      for (Outgoing o = queued.poll(); o != null; o = queued.poll()) {
        byChannel.computeIfAbsent(o.to(), k -> new ArrayList<>()).add(o);
        if (++n >= MAX_BATCH) {
          break;
        }
      }
      byChannel.forEach(this::send);
      if (n < MAX_BATCH) {
        draining.set(false);
        // One queued after the poll found nothing and before the flag fell: take it on here.
        if (queued.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
      }
    }
  }

  private void send(String to, List<Outgoing> batch) {
    try {
      List<Message<byte[]>> messages = batch.stream().map(Outgoing::confirmation).toList();
      List<CompletableFuture<Receipt>> sent =
          messaging.sendRaw(messaging.replyChannel(to), messages);
      for (int i = 0; i < sent.size(); i++) {
        Outgoing o = batch.get(i);
        sent.get(i)
            .whenComplete(
                (r, t) -> {
                  if (t != null) {
                    failed(o, SendGuard.unwrap(t));
                  }
                });
      }
    } catch (RuntimeException e) {
      batch.forEach(o -> failed(o, e));
    }
  }

  private static void failed(Outgoing o, Throwable t) {
    log.warn(
        "cannot confirm message {} of {} (subscription '{}', {}) to {}: {}; the publisher sees it"
            + " pending",
        o.confirmation().correlationId(),
        o.channel(),
        o.subscription(),
        o.status(),
        o.to(),
        t.toString());
  }

  private static boolean expects(String expect, String subscription) {
    if (expect.equals(Confirm.ANY_CONSUMER)) {
      return true;
    }
    int from = 0;
    while (from <= expect.length()) {
      int comma = expect.indexOf(',', from);
      int end = comma < 0 ? expect.length() : comma;
      if (end - from == subscription.length() && expect.startsWith(subscription, from)) {
        return true;
      }
      if (comma < 0) {
        return false;
      }
      from = comma + 1;
    }
    return false;
  }
}
