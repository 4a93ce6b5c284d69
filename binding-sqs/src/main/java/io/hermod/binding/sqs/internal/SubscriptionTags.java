package io.hermod.binding.sqs.internal;

import io.hermod.api.Filter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A subscription queue's identity and routing filter, kept in the queue's tags so that every
 * publisher of the topic, in any process, can find the subscription and apply its filter at
 * fan-out. Tag values are limited to 256 characters, so the filter is serialised, base64url encoded
 * and split over {@code hermod.filter.0}, {@code hermod.filter.1}, ... Immutable and thread-safe.
 *
 * @param topic the topic channel name
 * @param subscription the subscription name
 * @param filter the subscription's filter
 */
record SubscriptionTags(String topic, String subscription, Filter filter) {

  static final String TOPIC = "hermod.topic";
  static final String SUBSCRIPTION = "hermod.subscription";
  static final String FILTER = "hermod.filter.";
  private static final int CHUNK = 256;

  /** SQS allows 50 tags; two are taken by topic and subscription. */
  static final int MAX_FILTER_CHUNKS = 48;

  /**
   * The tags describing this subscription.
   *
   * @return the tags, never {@code null}
   * @throws IllegalArgumentException if the filter does not fit in the tags
   */
  Map<String, String> toTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(TOPIC, topic);
    tags.put(SUBSCRIPTION, subscription);
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(serialize(filter));
    int chunks = (encoded.length() + CHUNK - 1) / CHUNK;
    if (chunks > MAX_FILTER_CHUNKS) {
      throw new IllegalArgumentException(
          "the filter is too large to store with the subscription queue: "
              + encoded.length()
              + " encoded characters, at most "
              + MAX_FILTER_CHUNKS * CHUNK);
    }
    for (int i = 0; i < chunks; i++) {
      tags.put(
          FILTER + i, encoded.substring(i * CHUNK, Math.min(encoded.length(), (i + 1) * CHUNK)));
    }
    return tags;
  }

  /**
   * Reads a subscription back from a queue's tags.
   *
   * @param tags the queue's tags
   * @return the subscription, or empty if the tags do not describe a Hermod subscription
   */
  static Optional<SubscriptionTags> fromTags(Map<String, String> tags) {
    String topic = tags.get(TOPIC);
    String subscription = tags.get(SUBSCRIPTION);
    if (topic == null || subscription == null) {
      return Optional.empty();
    }
    StringBuilder encoded = new StringBuilder();
    for (int i = 0; tags.containsKey(FILTER + i); i++) {
      encoded.append(tags.get(FILTER + i));
    }
    Filter filter =
        encoded.length() == 0
            ? Filter.none()
            : deserialize(Base64.getUrlDecoder().decode(encoded.toString()));
    return Optional.of(new SubscriptionTags(topic, subscription, filter));
  }

  private static byte[] serialize(Filter filter) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      String pattern = filter.routingPattern();
      out.writeBoolean(pattern != null);
      if (pattern != null) {
        write(out, pattern);
      }
      out.writeInt(filter.headers().size());
      for (Map.Entry<String, String> e : filter.headers().entrySet()) {
        write(out, e.getKey());
        write(out, e.getValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static Filter deserialize(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      @Nullable String pattern = in.readBoolean() ? read(in) : null;
      int n = in.readInt();
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        headers.put(read(in), read(in));
      }
      return new Filter(pattern, headers);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable subscription filter in queue tags", e);
    }
  }

  private static void write(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String read(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0 || len > in.available()) {
      throw new IOException("bad length " + len);
    }
    return new String(in.readNBytes(len), StandardCharsets.UTF_8);
  }
}
