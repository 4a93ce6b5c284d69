package io.hermod.core.internal;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Confirm;
import io.hermod.api.Confirmation;
import io.hermod.api.ConfirmationListener;
import io.hermod.api.ConfirmationTimeoutException;
import io.hermod.api.ConfirmedSend;
import io.hermod.api.Delivery;
import io.hermod.api.Message;
import io.hermod.api.MessagingException;
import io.hermod.api.ProcessingReport;
import io.hermod.api.Receipt;
import io.hermod.api.SignatureCheck;
import io.hermod.api.StandardHeaders;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher side of processing confirmations, one per facade, made at its first confirmed send
 * (or listener): listens on a confirmation channel (a temporary queue, or the durable one of {@code
 * hermod.confirm.channel}), marks each confirmed send with that channel and the expected
 * subscriptions, verifies each arriving confirmation's signature against the configured public
 * keys, merges it into the waiting send's report, and at each deadline resends or ends the send.
 * Confirmations nobody waits for go to the {@link ConfirmationListener} only. Thread-safe.
 */
final class ConfirmationTracker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfirmationTracker.class);

  private final CoreMessaging messaging;
  private final ConfirmSettings settings;
  private final ChannelSpec replySpec;
  private final boolean durable;
  private final Map<String, PendingConfirmation> pending = new ConcurrentHashMap<>();
  private volatile @Nullable ConfirmationListener listener;
  private volatile @Nullable PushSubscription<byte[]> subscription;

  ConfirmationTracker(
      CoreMessaging messaging, ConfirmSettings settings, ChannelSpec replySpec, boolean durable) {
    this.messaging = messaging;
    this.settings = settings;
    this.replySpec = replySpec;
    this.durable = durable;
  }

  void listen(PushSubscription<byte[]> sub) {
    this.subscription = sub;
  }

  ChannelSpec replySpec() {
    return replySpec;
  }

  void listener(ConfirmationListener l) {
    this.listener = l;
  }

  /**
   * Sends a prepared message marked for confirmations.
   *
   * @param spec the channel
   * @param prepared the encoded message
   * @param confirm what the publisher asked
   * @return the confirmed send
   */
  ConfirmedSend send(ChannelSpec spec, Message<byte[]> prepared, Confirm confirm) {
    Message<byte[]> marked =
        prepared.toBuilder()
            .header(StandardHeaders.CONFIRM_TO, replySpec.name())
            .header(
                StandardHeaders.CONFIRM_EXPECT,
                confirm.subscriptions().isEmpty()
                    ? Confirm.ANY_CONSUMER
                    : String.join(",", confirm.subscriptions()))
            .header(StandardHeaders.CONFIRM_CHANNEL, spec.name())
            .build();
    PendingConfirmation p = new PendingConfirmation(marked.id(), spec.name(), confirm);
    // Waiting before sending: a confirmation may arrive before the receipt.
    pending.put(marked.id(), p);
    CompletableFuture<Receipt> sent = messaging.sendRaw(spec, List.of(marked)).get(0);
    sent.whenComplete(
        (r, t) -> {
          if (t == null) {
            p.receiptFuture().complete(r);
          } else {
            Throwable cause = SendGuard.unwrap(t);
            p.receiptFuture().completeExceptionally(cause);
            pending.remove(p.messageId(), p);
            p.completeExceptionally(cause);
          }
        });
    schedule(p, spec, marked);
    return p;
  }

  private void schedule(PendingConfirmation p, ChannelSpec spec, Message<byte[]> marked) {
    try {
      messaging
          .scheduler()
          .schedule(
              () -> deadline(p, spec, marked),
              p.confirm().within().toNanos(),
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      pending.remove(p.messageId(), p);
      p.completeExceptionally(closed(spec));
    }
  }

  private void deadline(PendingConfirmation p, ChannelSpec spec, Message<byte[]> marked) {
    if (p.isDone()) {
      // It completed early; merging late duplicates ends with its deadline.
      pending.remove(p.messageId(), p);
      return;
    }
    if (p.sends() <= p.confirm().resends()) {
      p.resent();
      log.debug(
          "message {} on {}: {} still pending after {}; resending it (same id)",
          p.messageId(),
          spec.name(),
          p.current().pending(),
          Durations.format(p.confirm().within()));
      messaging
          .sendRaw(spec, List.of(marked))
          .get(0)
          .whenComplete(
              (r, t) -> {
                if (t != null) {
                  log.warn(
                      "resending message {} on {} for its confirmations failed: {}",
                      p.messageId(),
                      spec.name(),
                      SendGuard.unwrap(t).toString());
                }
              });
      schedule(p, spec, marked);
      return;
    }
    pending.remove(p.messageId(), p);
    ProcessingReport report = p.current();
    if (p.confirm().onTimeout() == Confirm.OnTimeout.FAIL && !report.complete()) {
      List<String> open = new ArrayList<>(report.pending());
      open.addAll(report.withStatus(io.hermod.api.ProcessingStatus.UNVERIFIED));
      p.completeExceptionally(
          new ConfirmationTimeoutException(
              messaging.bindingName(),
              spec.name(),
              "message "
                  + p.messageId()
                  + " on channel '"
                  + spec.name()
                  + "' sent "
                  + report.sends()
                  + " time(s): no trusted confirmation within "
                  + Durations.format(p.confirm().within())
                  + " from subscription(s) "
                  + open
                  + "; check that they are running and consume '"
                  + spec.name()
                  + "', raise Confirm.within, or resend with Confirm.resendUpTo",
              report));
    } else {
      p.complete(report);
    }
  }

  /** Handles one delivery of the confirmation channel. */
  void onConfirmation(Delivery<byte[]> d) {
    Message<byte[]> raw = d.message();
    Confirmation c;
    try {
      c =
          Confirmation.parse(
              new String(raw.payload(), StandardCharsets.UTF_8),
              raw.header(StandardHeaders.CONFIRM_SIGNATURE));
    } catch (IllegalArgumentException e) {
      log.warn(
          "dropping message {} on confirmation channel {}: {}",
          raw.id(),
          replySpec.name(),
          e.getMessage());
      return;
    }
    PublicKey key = settings.verifyKeys().get(c.subscription());
    SignatureCheck check = key == null ? SignatureCheck.NOT_REQUIRED : c.verify(key);
    ConfirmationListener l = listener;
    if (l != null) {
      try {
        l.onConfirmation(c, check);
      } catch (RuntimeException e) {
        log.warn("confirmation listener failed on {}: {}", c.messageId(), e.toString());
      }
    }
    PendingConfirmation p = pending.get(c.messageId());
    if (p != null && p.channel().equals(c.channel())) {
      p.merge(c, check);
    } else if (l == null) {
      log.debug(
          "confirmation of {} by '{}' on {}: no send waits for it (late or foreign)",
          c.messageId(),
          c.subscription(),
          replySpec.name());
    }
  }

  private MessagingException closed(ChannelSpec spec) {
    return new MessagingException(
        messaging.bindingName(), spec.name(), "messaging is closed; create a new one", null);
  }

  @Override
  public void close() {
    for (PendingConfirmation p : new ArrayList<>(pending.values())) {
      if (pending.remove(p.messageId(), p) && !p.isDone()) {
        p.completeExceptionally(
            new MessagingException(
                messaging.bindingName(),
                p.channel(),
                "messaging closed while message "
                    + p.messageId()
                    + " waited for confirmations; its report so far: "
                    + p.current().outcomes().values(),
                null));
      }
    }
    PushSubscription<byte[]> s = subscription;
    if (s != null) {
      s.close();
    }
    if (!durable) {
      messaging.decommission(replySpec);
    }
  }

  @Override
  public String toString() {
    return "ConfirmationTracker[" + replySpec.name() + "]";
  }
}
