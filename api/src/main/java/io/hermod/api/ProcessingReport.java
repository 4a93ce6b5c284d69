package io.hermod.api;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who processed a message: one {@link ProcessingOutcome} per expected subscription, in the order
 * the send named them. Immutable and thread-safe.
 *
 * <h2>Stored form</h2>
 *
 * {@link #toStoredForm()} writes a report as UTF-8 text that {@link #fromStoredForm(String)} reads
 * back and {@link #verify(Map)} checks later, without Hermod running: lines separated by {@code
 * \n}; the first {@code hermod-report/1}; then {@code message=}, {@code channel=}, {@code sends=}
 * and {@code receipt=binding;channel;brokerReference;acceptedAt} (or {@code receipt=}); then one
 * {@code entry=subscription;status;confirmations;problem;statement;signature} line per expected
 * subscription, where {@code statement} is the Base64 of the confirmation's {@link
 * Confirmation#statement()} and {@code signature} its Base64 signature (both empty while pending or
 * unsigned). Every other field is URL-encoded.
 *
 * @param messageId the message's id
 * @param channel the channel it was sent to
 * @param receipt the broker's receipt of the first send, or {@code null} in a report read back
 *     without one
 * @param sends how many times it was sent (1 plus the resends)
 * @param outcomes the entry of each expected subscription, by name, in order
 * @since 0.4
 */
public record ProcessingReport(
    String messageId,
    String channel,
    @Nullable Receipt receipt,
    int sends,
    Map<String, ProcessingOutcome> outcomes) {

  /** The first line of the stored form. */
  public static final String FORMAT = "hermod-report/1";

  /** Copies the outcomes, keeping their order. */
  public ProcessingReport {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(channel, "channel");
    outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
  }

  /**
   * Whether every expected subscription processed the message, with a valid signature where one is
   * required.
   *
   * @return {@code true} if every entry is {@link ProcessingStatus#PROCESSED}
   */
  public boolean allProcessed() {
    return outcomes.values().stream().allMatch(o -> o.status() == ProcessingStatus.PROCESSED);
  }

  /**
   * Whether every expected subscription settled the message one way or another (nothing pending,
   * nothing unverified).
   *
   * @return {@code true} if no entry is pending or unverified
   */
  public boolean complete() {
    return outcomes.values().stream()
        .noneMatch(
            o ->
                o.status() == ProcessingStatus.PENDING
                    || o.status() == ProcessingStatus.UNVERIFIED);
  }

  /**
   * The subscriptions whose entry has a status.
   *
   * @param status the status
   * @return their names, in order
   */
  public List<String> withStatus(ProcessingStatus status) {
    return outcomes.values().stream()
        .filter(o -> o.status() == status)
        .map(ProcessingOutcome::subscription)
        .toList();
  }

  /**
   * The subscriptions that had not confirmed.
   *
   * @return their names, in order
   */
  public List<String> pending() {
    return withStatus(ProcessingStatus.PENDING);
  }

  /**
   * The entry of one subscription.
   *
   * @param subscription an expected subscription
   * @return the entry
   * @throws IllegalArgumentException if it was not expected
   */
  public ProcessingOutcome outcome(String subscription) {
    ProcessingOutcome o = outcomes.get(subscription);
    if (o == null) {
      throw new IllegalArgumentException(
          "subscription '"
              + subscription
              + "' was not asked to confirm message "
              + messageId
              + "; expected: "
              + outcomes.keySet());
    }
    return o;
  }

  /**
   * Checks the signed entries of a stored report again, for an audit.
   *
   * @param keys the Ed25519 public key of each subscription that signs
   * @return a problem per subscription whose entry claims an outcome its signature does not prove
   *     (missing, invalid, or a statement about another message); empty if all verify
   */
  public Map<String, String> verify(Map<String, PublicKey> keys) {
    Map<String, String> problems = new LinkedHashMap<>();
    for (ProcessingOutcome o : outcomes.values()) {
      PublicKey key = keys.get(o.subscription());
      Confirmation c = o.confirmation();
      if (key == null || c == null) {
        continue;
      }
      SignatureCheck check = c.verify(key);
      if (check != SignatureCheck.VALID) {
        problems.put(
            o.subscription(), "signature " + check.name().toLowerCase(java.util.Locale.ROOT));
      } else if (!c.messageId().equals(messageId)) {
        problems.put(o.subscription(), "signed statement is about message " + c.messageId());
      } else if (c.status() != o.status()) {
        problems.put(
            o.subscription(), "entry says " + o.status() + ", signed statement " + c.status());
      }
    }
    return problems;
  }

  /**
   * Writes the documented stored form.
   *
   * @return the text, never {@code null}
   */
  public String toStoredForm() {
    StringBuilder b = new StringBuilder(FORMAT);
    b.append("\nmessage=").append(Confirmation.enc(messageId));
    b.append("\nchannel=").append(Confirmation.enc(channel));
    b.append("\nsends=").append(sends);
    b.append("\nreceipt=");
    if (receipt != null) {
      b.append(Confirmation.enc(receipt.binding()))
          .append(';')
          .append(Confirmation.enc(receipt.channel()))
          .append(';')
          .append(Confirmation.enc(receipt.brokerReference()))
          .append(';')
          .append(receipt.acceptedAt());
    }
    Base64.Encoder base64 = Base64.getEncoder();
    for (ProcessingOutcome o : outcomes.values()) {
      Confirmation c = o.confirmation();
      b.append("\nentry=")
          .append(Confirmation.enc(o.subscription()))
          .append(';')
          .append(o.status().name())
          .append(';')
          .append(o.confirmations())
          .append(';')
          .append(Confirmation.enc(o.problem()))
          .append(';')
          .append(
              c == null
                  ? ""
                  : base64.encodeToString(c.statement().getBytes(StandardCharsets.UTF_8)))
          .append(';')
          .append(c == null || c.signature() == null ? "" : c.signature());
    }
    return b.toString();
  }

  /**
   * Reads the stored form.
   *
   * @param text what {@link #toStoredForm()} wrote
   * @return the report
   * @throws IllegalArgumentException if the text is not a stored report
   */
  public static ProcessingReport fromStoredForm(String text) {
    String[] lines = text.split("\n", -1);
    if (lines.length < 5 || !lines[0].equals(FORMAT)) {
      throw new IllegalArgumentException("not a " + FORMAT + " text");
    }
    try {
      String id = Confirmation.dec(value(lines[1], "message="));
      String channel = Confirmation.dec(value(lines[2], "channel="));
      int sends = Integer.parseInt(value(lines[3], "sends="));
      String r = value(lines[4], "receipt=");
      Receipt receipt = null;
      if (!r.isEmpty()) {
        String[] f = r.split(";", -1);
        receipt =
            new Receipt(
                Confirmation.dec(f[0]),
                Confirmation.dec(f[1]),
                id,
                Confirmation.dec(f[2]),
                Instant.parse(f[3]));
      }
      Map<String, ProcessingOutcome> outcomes = new LinkedHashMap<>();
      List<String> entries = new ArrayList<>(List.of(lines).subList(5, lines.length));
      for (String line : entries) {
        String[] f = value(line, "entry=").split(";", -1);
        String sub = Confirmation.dec(f[0]);
        Confirmation c =
            f[4].isEmpty()
                ? null
                : Confirmation.parse(
                    new String(Base64.getDecoder().decode(f[4]), StandardCharsets.UTF_8),
                    f[5].isEmpty() ? null : f[5]);
        outcomes.put(
            sub,
            new ProcessingOutcome(
                sub,
                ProcessingStatus.valueOf(f[1]),
                c,
                Integer.parseInt(f[2]),
                f[3].isEmpty() ? null : Confirmation.dec(f[3])));
      }
      return new ProcessingReport(id, channel, receipt, sends, outcomes);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed " + FORMAT + " text: " + e.getMessage(), e);
    }
  }

  private static String value(String line, String prefix) {
    if (!line.startsWith(prefix)) {
      throw new IllegalArgumentException("expected a line starting with " + prefix);
    }
    return line.substring(prefix.length());
  }
}
