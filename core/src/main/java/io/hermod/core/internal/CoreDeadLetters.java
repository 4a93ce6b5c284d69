package io.hermod.core.internal;

import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeadLetter;
import io.hermod.api.DeadLetterFilter;
import io.hermod.api.DeadLetterPage;
import io.hermod.api.DeadLetterResult;
import io.hermod.api.DeadLetters;
import io.hermod.api.Message;
import io.hermod.api.MessagingException;
import io.hermod.api.Receipt;
import io.hermod.api.StandardHeaders;
import io.hermod.api.UnsupportedCapabilityException;
import io.hermod.spi.QueueInspection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter tools of one channel, once for every binding: the binding only browses its queue
 * and removes what it is told ({@link QueueInspection}); filtering, counting, the redriven
 * message's headers and the order "confirmed on the channel, then removed from the dead-letter
 * queue" live here. Thread-safe (each operation opens its own inspection session).
 */
final class CoreDeadLetters implements DeadLetters {

  private static final Logger log = LoggerFactory.getLogger(CoreDeadLetters.class);

  /** Messages sent, confirmed and removed together; a crash duplicates at most one batch. */
  static final int BATCH = 20;

  /** Pages are ordered oldest failure first, then by id. */
  private static final Comparator<DeadLetter> ORDER =
      Comparator.comparing(
              DeadLetter::lastFailedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
          .thenComparing(DeadLetter::id);

  private final CoreMessaging messaging;
  private final ChannelSpec spec;
  private final ChannelSpec dlq;

  CoreDeadLetters(CoreMessaging messaging, ChannelSpec spec, ChannelSpec dlq) {
    this.messaging = messaging;
    this.spec = spec;
    this.dlq = dlq;
  }

  @Override
  public String channel() {
    return spec.name();
  }

  @Override
  public String deadLetterChannel() {
    return dlq.name();
  }

  @Override
  public DeadLetterPage browse(DeadLetterFilter filter, int offset, int limit) {
    if (offset < 0 || limit <= 0) {
      throw new IllegalArgumentException(
          "browse of "
              + dlq.name()
              + ": offset must be >= 0 and limit > 0, got offset "
              + offset
              + ", limit "
              + limit);
    }
    // Every page browses the whole queue and sorts it: a broker's browse order is not stable
    // (SQS hands out messages in no fixed order), a sorted snapshot is.
    List<DeadLetter> selected = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    try (QueueInspection session = open()) {
      session.browse(
          m -> {
            DeadLetter letter = letter(m);
            if (filter.matches(letter) && ids.add(letter.id())) {
              selected.add(letter);
            }
            return true;
          });
    }
    selected.sort(ORDER);
    int from = Math.min(offset, selected.size());
    int to = (int) Math.min((long) from + limit, selected.size());
    return new DeadLetterPage(selected.subList(from, to), offset, to < selected.size());
  }

  @Override
  public Optional<DeadLetter> find(String id) {
    List<DeadLetter> found =
        browse(DeadLetterFilter.builder().ids(List.of(id)).build(), 0, 1).letters();
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public int count(DeadLetterFilter filter) {
    try (QueueInspection session = open()) {
      return selected(session, filter).size();
    }
  }

  @Override
  public DeadLetterResult redrive(DeadLetterFilter filter, Progress progress) {
    QueueInspection session = open();
    int done = 0;
    int failed = 0;
    int total = 0;
    try {
      List<Message<byte[]>> selected = selected(session, filter);
      total = selected.size();
      progress.progress(0, total);
      for (int from = 0; from < total; from += BATCH) {
        List<Message<byte[]>> batch = selected.subList(from, Math.min(total, from + BATCH));
        List<Message<byte[]>> outgoing = new ArrayList<>(batch.size());
        for (Message<byte[]> m : batch) {
          outgoing.add(redriven(m));
        }
        Set<String> confirmed = confirmedOnChannel(outgoing);
        // Told before the removal, so what a caller sees confirmed is on the channel even if the
        // removal below never happens (a crash here leaves a duplicate, never a loss).
        progress.progress(done + confirmed.size(), total);
        Set<String> removed = confirmed.isEmpty() ? Set.of() : session.remove(confirmed);
        done += removed.size();
        failed += batch.size() - removed.size();
      }
    } catch (RuntimeException e) {
      throw new MessagingException(
          messaging.bindingName(),
          dlq.name(),
          "redrive of "
              + dlq.name()
              + " to "
              + spec.name()
              + " stopped after "
              + done
              + " of "
              + total
              + " ("
              + e.getMessage()
              + "); every message not removed is still in "
              + dlq.name()
              + ", and one confirmed on "
              + spec.name()
              + " but not yet removed is sent again by the next redrive (a duplicate, dropped on"
              + " exactly-once channels) — run the redrive again once the cause is fixed",
          e);
    } finally {
      closeQuietly(session);
    }
    log.info(
        "redrove {} of {} dead letters from {} to {} ({} left)",
        done,
        total,
        dlq.name(),
        spec.name(),
        failed);
    return new DeadLetterResult(total, done, failed);
  }

  @Override
  public DeadLetterResult purge(DeadLetterFilter filter) {
    try (QueueInspection session = open()) {
      List<Message<byte[]>> selected = selected(session, filter);
      Set<String> ids = new HashSet<>();
      for (Message<byte[]> m : selected) {
        ids.add(m.id());
      }
      int removed = ids.isEmpty() ? 0 : session.remove(ids).size();
      log.info("purged {} of {} dead letters from {}", removed, ids.size(), dlq.name());
      return new DeadLetterResult(ids.size(), removed, ids.size() - removed);
    }
  }

  /** The selected messages, one per message id (a redrive repeated after a crash may leave two). */
  private List<Message<byte[]>> selected(QueueInspection session, DeadLetterFilter filter) {
    Map<String, Message<byte[]>> byId = new LinkedHashMap<>();
    session.browse(
        m -> {
          if (filter.matches(letter(m))) {
            byId.putIfAbsent(m.id(), m);
          }
          return true;
        });
    return new ArrayList<>(byId.values());
  }

  /** Sends a batch and waits for the receipts; the ids the broker confirmed. */
  private Set<String> confirmedOnChannel(List<Message<byte[]>> outgoing) {
    messaging.ensureOpen();
    List<CompletableFuture<Receipt>> receipts = messaging.sendRaw(spec, outgoing);
    Set<String> confirmed = new HashSet<>();
    MessagingException firstFailure = null;
    for (int i = 0; i < receipts.size(); i++) {
      try {
        receipts.get(i).join();
        confirmed.add(outgoing.get(i).id());
      } catch (CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        log.warn(
            "redrive of message {} from {} to {} failed; it stays in {}: {}",
            outgoing.get(i).id(),
            dlq.name(),
            spec.name(),
            dlq.name(),
            cause.toString());
        if (firstFailure == null
            && cause instanceof MessagingException me
            && messaging.isClosed()) {
          firstFailure = me;
        }
      }
    }
    if (firstFailure != null && confirmed.isEmpty()) {
      throw firstFailure;
    }
    return confirmed;
  }

  /** The message as it goes back: same id, no failure headers, one more redrive counted. */
  static Message<byte[]> redriven(Message<byte[]> dead) {
    Message.Builder<byte[]> b = dead.toBuilder();
    for (String name : dead.headers().keySet()) {
      if (name.startsWith("hermod_dlq_") && !name.equals(StandardHeaders.DLQ_FIRST_FAILED_AT)) {
        b.removeHeader(name);
      }
    }
    return b.header(StandardHeaders.REDRIVE_COUNT, Integer.toString(redriveCount(dead) + 1))
        .build();
  }

  /** What a dead letter tells about itself. */
  static DeadLetter letter(Message<byte[]> m) {
    String reason = m.header(StandardHeaders.DLQ_REASON);
    return new DeadLetter(
        m.id(),
        orEmpty(m.header(StandardHeaders.DLQ_ORIGINAL_CHANNEL)),
        m.header(StandardHeaders.DLQ_SUBSCRIPTION),
        reason == null ? "unknown" : reason,
        parseInt(m.header(StandardHeaders.DLQ_ATTEMPTS)),
        orEmpty(m.header(StandardHeaders.DLQ_ERROR_CLASS)),
        orEmpty(m.header(StandardHeaders.DLQ_ERROR_MESSAGE)),
        instant(m.header(StandardHeaders.DLQ_FIRST_FAILED_AT)),
        instant(m.header(StandardHeaders.DLQ_FAILED_AT)),
        redriveCount(m),
        m.payload().length,
        preview(m.payload()),
        m.headers());
  }

  static String preview(byte[] payload) {
    String text =
        new String(
            payload,
            0,
            Math.min(payload.length, DeadLetter.PREVIEW_CHARS * 4),
            StandardCharsets.UTF_8);
    StringBuilder s = new StringBuilder(Math.min(text.length(), DeadLetter.PREVIEW_CHARS));
    text.codePoints()
        .limit(DeadLetter.PREVIEW_CHARS)
        .forEach(c -> s.appendCodePoint(Character.isISOControl(c) || c == 0xFFFD ? '·' : c));
    return s.toString();
  }

  private static int redriveCount(Message<byte[]> m) {
    return parseInt(m.header(StandardHeaders.REDRIVE_COUNT));
  }

  private static int parseInt(@Nullable String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static @Nullable Instant instant(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String orEmpty(@Nullable String value) {
    return value == null ? "" : value;
  }

  private QueueInspection open() {
    messaging.ensureOpen();
    return messaging
        .binding()
        .inspect(dlq)
        .orElseThrow(
            () ->
                new UnsupportedCapabilityException(
                    messaging.bindingName(),
                    dlq.name(),
                    Capability.DEAD_LETTER,
                    "binding '"
                        + messaging.bindingName()
                        + "' cannot browse the queue "
                        + dlq.name()
                        + " without consuming it, so its dead letters cannot be browsed, redriven"
                        + " or purged through Hermod; use the broker's own tools, or a binding"
                        + " whose Binding.inspect is implemented"));
  }

  private void closeQuietly(QueueInspection session) {
    try {
      session.close();
    } catch (RuntimeException e) {
      log.warn(
          "closing the inspection of {} failed (messages it held return to the queue when the"
              + " broker notices): {}",
          dlq.name(),
          e.toString());
    }
  }
}
