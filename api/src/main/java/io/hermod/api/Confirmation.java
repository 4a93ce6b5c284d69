package io.hermod.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one consumer says about one message: the subscription it consumed it in processed it, or
 * dead-lettered or dropped it, when, on which instance, after how many attempts — optionally signed
 * with the consumer's Ed25519 key, so that the publisher (or an auditor, later) can prove who said
 * it.
 *
 * <h2>The signed statement</h2>
 *
 * {@link #statement()} is the exact text that is signed and that travels as the confirmation's
 * payload: UTF-8, lines separated by {@code \n}, the first {@code hermod-confirmation/1}, then
 * {@code name=value} lines in this order: {@code message}, {@code channel}, {@code subscription},
 * {@code outcome}, {@code at} (ISO-8601), {@code instance}, {@code attempts}, {@code reason},
 * {@code error-class}; values URL-encoded (UTF-8), absent ones empty. The signature is Ed25519 over
 * those bytes, Base64-encoded. Immutable and thread-safe.
 *
 * @param messageId the confirmed message's id
 * @param channel the channel it was consumed from
 * @param subscription the subscription (on a queue, the competing consumers' name)
 * @param status {@link ProcessingStatus#PROCESSED}, {@link ProcessingStatus#DEAD_LETTERED} or
 *     {@link ProcessingStatus#DROPPED}
 * @param at when the consumer settled the message
 * @param instance the consumer instance ({@code hermod.confirm.instance})
 * @param attempts the delivery attempt that settled it, {@code >= 1}
 * @param reason why it was dead-lettered or dropped ({@code exhausted}, {@code undecodable}), or
 *     {@code null}
 * @param errorClass the class of the last error, or {@code null}
 * @param signature the Base64 Ed25519 signature of {@link #statement()}, or {@code null}
 * @since 0.4
 */
public record Confirmation(
    String messageId,
    String channel,
    String subscription,
    ProcessingStatus status,
    Instant at,
    String instance,
    int attempts,
    @Nullable String reason,
    @Nullable String errorClass,
    @Nullable String signature) {

  /** The first line of every statement: the format and its version. */
  public static final String FORMAT = "hermod-confirmation/1";

  /** The JDK signature algorithm of confirmations. */
  public static final String ALGORITHM = "Ed25519";

  /** Checks the fields. */
  public Confirmation {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(instance, "instance");
    if (status == ProcessingStatus.PENDING || status == ProcessingStatus.UNVERIFIED) {
      throw new IllegalArgumentException(
          "a confirmation says PROCESSED, DEAD_LETTERED or DROPPED, not " + status);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
    }
  }

  /**
   * The text that is signed and sent.
   *
   * @return the statement, never {@code null}
   */
  public String statement() {
    return FORMAT
        + "\nmessage="
        + enc(messageId)
        + "\nchannel="
        + enc(channel)
        + "\nsubscription="
        + enc(subscription)
        + "\noutcome="
        + status.name()
        + "\nat="
        + at
        + "\ninstance="
        + enc(instance)
        + "\nattempts="
        + attempts
        + "\nreason="
        + enc(reason)
        + "\nerror-class="
        + enc(errorClass);
  }

  /**
   * Reads a statement.
   *
   * @param statement the text of {@link #statement()}
   * @param signature its signature, or {@code null}
   * @return the confirmation
   * @throws IllegalArgumentException if the text is not a statement of this format
   */
  public static Confirmation parse(String statement, @Nullable String signature) {
    String[] lines = statement.split("\n", -1);
    if (lines.length != 10 || !lines[0].equals(FORMAT)) {
      throw new IllegalArgumentException(
          "not a " + FORMAT + " statement (" + lines.length + " lines, first '" + lines[0] + "')");
    }
    Map<String, String> v = new LinkedHashMap<>();
    String[] names = {
      "message",
      "channel",
      "subscription",
      "outcome",
      "at",
      "instance",
      "attempts",
      "reason",
      "error-class"
    };
    for (int i = 0; i < names.length; i++) {
      String line = lines[i + 1];
      String prefix = names[i] + "=";
      if (!line.startsWith(prefix)) {
        throw new IllegalArgumentException(
            "line " + (i + 2) + " of a " + FORMAT + " statement should start with " + prefix);
      }
      v.put(names[i], line.substring(prefix.length()));
    }
    try {
      return new Confirmation(
          dec(v.get("message")),
          dec(v.get("channel")),
          dec(v.get("subscription")),
          ProcessingStatus.valueOf(v.get("outcome")),
          Instant.parse(v.get("at")),
          dec(v.get("instance")),
          Integer.parseInt(v.get("attempts")),
          v.get("reason").isEmpty() ? null : dec(v.get("reason")),
          v.get("error-class").isEmpty() ? null : dec(v.get("error-class")),
          signature);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed " + FORMAT + " statement: " + e, e);
    }
  }

  /**
   * This confirmation signed with a consumer's key.
   *
   * @param key an Ed25519 private key
   * @return a copy carrying the signature
   * @throws IllegalArgumentException if the key is not an Ed25519 private key
   */
  public Confirmation signedWith(PrivateKey key) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(statement().getBytes(StandardCharsets.UTF_8));
      return new Confirmation(
          messageId,
          channel,
          subscription,
          status,
          at,
          instance,
          attempts,
          reason,
          errorClass,
          Base64.getEncoder().encodeToString(s.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot sign a confirmation with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
    }
  }

  /**
   * Checks the signature against a consumer's public key.
   *
   * @param key the Ed25519 public key the signer is known by
   * @return {@link SignatureCheck#VALID}, {@link SignatureCheck#MISSING} or {@link
   *     SignatureCheck#INVALID} (also for a malformed signature or a key of another algorithm)
   */
  public SignatureCheck verify(PublicKey key) {
    if (signature == null || signature.isEmpty()) {
      return SignatureCheck.MISSING;
    }
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(statement().getBytes(StandardCharsets.UTF_8));
      return s.verify(Base64.getDecoder().decode(signature))
          ? SignatureCheck.VALID
          : SignatureCheck.INVALID;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return SignatureCheck.INVALID;
    }
  }

  static String enc(@Nullable String value) {
    return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String dec(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
