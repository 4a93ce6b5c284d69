package io.hermod.core.internal;

import io.hermod.api.Confirm;
import io.hermod.api.Confirmation;
import io.hermod.api.ConfirmedSend;
import io.hermod.api.ProcessingOutcome;
import io.hermod.api.ProcessingReport;
import io.hermod.api.ProcessingStatus;
import io.hermod.api.Receipt;
import io.hermod.api.SignatureCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * One send waiting for its processing confirmations: merges each arriving {@link Confirmation} into
 * the entry of its subscription (a redelivery's second confirmation replaces the first's details,
 * never adds an entry), and completes once every entry is settled, or is told so at the deadline by
 * {@link ConfirmationTracker}. Thread-safe: merging and snapshots hold this object's lock.
 */
final class PendingConfirmation extends CompletableFuture<ProcessingReport>
    implements ConfirmedSend {

  private final String messageId;
  private final String channel;
  private final Confirm confirm;
  private final CompletableFuture<Receipt> receipt = new CompletableFuture<>();
  private final Map<String, ProcessingOutcome> outcomes = new LinkedHashMap<>();
  private int sends = 1;

  PendingConfirmation(String messageId, String channel, Confirm confirm) {
    this.messageId = messageId;
    this.channel = channel;
    this.confirm = confirm;
    if (confirm.subscriptions().isEmpty()) {
      outcomes.put(Confirm.ANY_CONSUMER, ProcessingOutcome.pending(Confirm.ANY_CONSUMER));
    } else {
      for (String s : confirm.subscriptions()) {
        outcomes.put(s, ProcessingOutcome.pending(s));
      }
    }
  }

  String messageId() {
    return messageId;
  }

  String channel() {
    return channel;
  }

  Confirm confirm() {
    return confirm;
  }

  CompletableFuture<Receipt> receiptFuture() {
    return receipt;
  }

  synchronized int sends() {
    return sends;
  }

  synchronized void resent() {
    sends++;
  }

  @Override
  public CompletionStage<Receipt> receipt() {
    return receipt.minimalCompletionStage();
  }

  @Override
  public synchronized ProcessingReport current() {
    // A failed send has no receipt; getNow would throw its cause instead of reporting that.
    Receipt r = receipt.isCompletedExceptionally() ? null : receipt.getNow(null);
    return new ProcessingReport(messageId, channel, r, sends, outcomes);
  }

  /**
   * Merges a confirmation of this message; completes the stage when it settled the last entry.
   *
   * @param c the confirmation
   * @param check how its signature was judged
   */
  void merge(Confirmation c, SignatureCheck check) {
    synchronized (this) {
      String key = confirm.subscriptions().isEmpty() ? Confirm.ANY_CONSUMER : c.subscription();
      ProcessingOutcome old = outcomes.get(key);
      if (old == null) {
        return; // a subscription the send did not ask
      }
      int count = old.confirmations() + 1;
      boolean trusted = check == SignatureCheck.VALID || check == SignatureCheck.NOT_REQUIRED;
      ProcessingOutcome next;
      if (!trusted) {
        // A forged or unsigned confirmation never replaces what a trusted one settled.
        next =
            settled(old)
                ? new ProcessingOutcome(key, old.status(), old.confirmation(), count, null)
                : new ProcessingOutcome(
                    key,
                    ProcessingStatus.UNVERIFIED,
                    c,
                    count,
                    "signature "
                        + check.name().toLowerCase(java.util.Locale.ROOT)
                        + ": does not prove subscription '"
                        + c.subscription()
                        + "' "
                        + c.status()
                        + " it");
      } else if (!settled(old) || better(c, old.confirmation())) {
        next = new ProcessingOutcome(key, c.status(), c, count, null);
      } else {
        next = new ProcessingOutcome(key, old.status(), old.confirmation(), count, null);
      }
      outcomes.put(key, next);
      if (isDone() || !outcomes.values().stream().allMatch(PendingConfirmation::settled)) {
        return;
      }
    }
    // A consumer's confirmation can overtake the broker's receipt (RabbitMQ confirms a publish
    // after routing it, and the consumers may be quicker): the report settles once the receipt
    // did too, so a complete report always carries it (or its absence, when the send failed).
    receipt.whenComplete((r, e) -> complete(current()));
  }

  private static boolean settled(ProcessingOutcome o) {
    return o.status() != ProcessingStatus.PENDING && o.status() != ProcessingStatus.UNVERIFIED;
  }

  /**
   * Whether a confirmation tells more than the one kept: processed beats dead-lettered beats
   * dropped (another instance did process it), and within one status the later attempt wins.
   */
  private static boolean better(Confirmation c, @Nullable Confirmation kept) {
    if (kept == null) {
      return true;
    }
    if (c.status() != kept.status()) {
      return rank(c.status()) > rank(kept.status());
    }
    return c.attempts() > kept.attempts();
  }

  private static int rank(ProcessingStatus s) {
    return switch (s) {
      case PROCESSED -> 3;
      case DEAD_LETTERED -> 2;
      case DROPPED -> 1;
      default -> 0;
    };
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }

  @Override
  public String toString() {
    return "ConfirmedSend[" + messageId + " on " + channel + ", " + confirm + "]";
  }
}
