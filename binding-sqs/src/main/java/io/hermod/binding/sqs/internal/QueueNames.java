package io.hermod.binding.sqs.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Maps Hermod channel and subscription names to SQS queue names, deterministically, so every
 * process computes the same queue without asking anyone.
 *
 * <p>SQS queue names are at most 80 letters, digits, {@code -} or {@code _} (FIFO names end in
 * {@code .fifo}); Hermod names also allow {@code .} and 200 characters. A name that is already a
 * valid queue name is used as is; any other gets its dots replaced and a short hash of the original
 * appended, so {@code a.b} and {@code a_b} never share a queue. Immutable and thread-safe.
 *
 * @param prefix prepended to every queue name (e.g. an environment), possibly empty
 */
record QueueNames(String prefix) {

  static final String FIFO_SUFFIX = ".fifo";
  private static final int MAX = 80;
  private static final int HASH_CHARS = 8;

  /** Room left for the prefixed head when a hash is appended, keeping space for {@code .fifo}. */
  private static final int HEAD = MAX - FIFO_SUFFIX.length() - 1 - HASH_CHARS;

  /**
   * The queue of a queue channel (or of a dead-letter / reply channel).
   *
   * @param channel the channel
   * @return the SQS queue name, never {@code null}
   */
  String queue(ChannelSpec channel) {
    if (channel.kind() != ChannelKind.QUEUE) {
      throw new IllegalArgumentException("not a queue: " + channel.name());
    }
    return queue(channel.name(), channel.ordered());
  }

  /**
   * The queue of a queue channel by name.
   *
   * @param channel the channel name
   * @param fifo whether the queue is a FIFO queue (exactly-once channels)
   * @return the SQS queue name, never {@code null}
   */
  String queue(String channel, boolean fifo) {
    String plain = prefix + channel;
    String base =
        isValid(plain) && plain.length() <= MAX - FIFO_SUFFIX.length()
            ? plain
            : head(prefix + sanitize(channel)) + "-" + hash(channel);
    return fifo ? base + FIFO_SUFFIX : base;
  }

  /**
   * The queue holding one topic subscription's copies.
   *
   * @param topic the topic
   * @param subscription the subscription name
   * @return the SQS queue name, never {@code null}
   */
  String subscriptionQueue(ChannelSpec topic, String subscription) {
    String base =
        head(subscriptionPrefix(topic.name()) + sanitize(subscription))
            + "-"
            + hash(topic.name() + "\u0000" + subscription);
    return topic.ordered() ? base + FIFO_SUFFIX : base;
  }

  /**
   * What every subscription queue of a topic starts with, for listing them. Other queues may share
   * the prefix; their tags tell them apart.
   *
   * @param topic the topic name
   * @return the prefix, never {@code null}
   */
  String subscriptionListingPrefix(String topic) {
    return head(subscriptionPrefix(topic));
  }

  private String subscriptionPrefix(String topic) {
    return prefix + sanitize(topic) + "--";
  }

  private static String head(String s) {
    return s.length() <= HEAD ? s : s.substring(0, HEAD);
  }

  private static boolean isValid(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static String sanitize(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append((Character.isLetterOrDigit(c) && c < 128) || c == '-' ? c : '_');
    }
    return b.toString();
  }

  /**
   * A short, stable hash of {@code s}.
   *
   * @param s the text
   * @return 8 lower-case hex digits
   */
  static String hash(String s) {
    return HexFormat.of().formatHex(sha256(s)).substring(0, HASH_CHARS);
  }

  /**
   * The SHA-256 of {@code s} as 64 hex digits, for SQS ids that must be at most 128 safe
   * characters.
   *
   * @param s the text
   * @return the digest in hex
   */
  static String fullHash(String s) {
    return HexFormat.of().formatHex(sha256(s));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
