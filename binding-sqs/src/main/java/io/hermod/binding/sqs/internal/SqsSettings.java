package io.hermod.binding.sqs.internal;

import io.hermod.spi.support.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated {@code hermod.sqs.*} settings. Immutable and thread-safe; secrets are excluded from
 * {@link #toString()}.
 *
 * @param endpoint the SQS endpoint override (an SQS-compatible server), or empty for AWS
 * @param region the region, or empty for the SDK's default region chain
 * @param accessKeyId static credentials' key id, or empty for the default credential chain
 * @param secretAccessKey static credentials' secret, present exactly when {@code accessKeyId} is
 * @param sessionToken a session token for temporary static credentials, or empty
 * @param queuePrefix a prefix for every queue this binding names
 * @param visibilityTimeout how long a received message stays invisible before it is extended
 * @param waitTime how long a receive long-polls, at most 20 s
 * @param maxMessageBytes the largest SQS message (body plus attributes) the endpoint accepts
 * @param subscriptionRefresh how long a publisher caches a topic's subscription queues
 * @param maxConnections the HTTP connection pool size
 * @param pollers the most concurrent receives per consumer while messages flow (one when idle)
 * @param createQueues whether provisioning creates missing queues (else it only verifies them)
 */
record SqsSettings(
    Optional<URI> endpoint,
    Optional<String> region,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey,
    Optional<String> sessionToken,
    String queuePrefix,
    Duration visibilityTimeout,
    Duration waitTime,
    int maxMessageBytes,
    Duration subscriptionRefresh,
    int maxConnections,
    int pollers,
    boolean createQueues) {

  /** The classic SQS limit, accepted by every SQS-compatible server. */
  static final int DEFAULT_MAX_MESSAGE_BYTES = 262_144;

  /** AWS's current limit. */
  static final int AWS_MAX_MESSAGE_BYTES = 1_048_576;

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{0,20}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{2,40}");

  /**
   * Reads and validates every setting, reporting all problems at once.
   *
   * @param s the settings under {@code hermod.sqs.}
   * @return the settings, never {@code null}
   * @throws io.hermod.api.ConfigurationException naming every bad key
   */
  static SqsSettings read(Settings s) {
    Optional<URI> endpoint = s.optional("endpoint").flatMap(v -> endpoint(s, v));
    Optional<String> region = s.optional("region");
    region.ifPresent(
        r -> {
          if (!REGION.matcher(r).matches()) {
            s.problem(
                s.key("region") + " must be an AWS region name such as eu-west-1, was '" + r + "'");
          }
        });
    Optional<String> keyId = s.optional("access-key-id");
    Optional<String> secret = s.secret("secret-access-key");
    Optional<String> token = s.secret("session-token");
    if (keyId.isPresent() != secret.isPresent()) {
      s.problem(
          "set both "
              + s.key("access-key-id")
              + " and "
              + s.key("secret-access-key")
              + " for static credentials, or neither to use the default AWS credential chain");
    }
    if (token.isPresent() && keyId.isEmpty()) {
      s.problem(
          s.key("session-token")
              + " needs "
              + s.key("access-key-id")
              + " and "
              + s.key("secret-access-key"));
    }
    String prefix = s.string("queue-prefix", "");
    if (!PREFIX.matcher(prefix).matches()) {
      s.problem(
          s.key("queue-prefix")
              + " must be at most 20 letters, digits, '-' or '_', was '"
              + prefix
              + "'");
    }
    Duration visibility = s.duration("visibility-timeout", Duration.ofSeconds(30));
    if (visibility.compareTo(Duration.ofSeconds(2)) < 0
        || visibility.compareTo(Duration.ofHours(12)) > 0) {
      s.problem(
          s.key("visibility-timeout")
              + " must be between 2s and 12h (SQS counts whole seconds), was "
              + visibility);
    }
    Duration wait = s.duration("wait-time", Duration.ofSeconds(20));
    if (wait.compareTo(Duration.ofSeconds(20)) > 0) {
      s.problem(s.key("wait-time") + " must be at most 20s (the SQS long-poll limit), was " + wait);
    }
    int maxBytes =
        s.integer("max-message-size", DEFAULT_MAX_MESSAGE_BYTES, 16_384, AWS_MAX_MESSAGE_BYTES);
    Duration refresh = s.duration("subscription-refresh", Duration.ofSeconds(2));
    int connections = s.integer("max-connections", 128, 4, 10_000);
    int pollers = s.integer("pollers", 4, 1, 10);
    boolean create = s.bool("create-queues", true);
    return new SqsSettings(
        endpoint,
        region,
        keyId,
        secret,
        token,
        prefix,
        visibility,
        wait,
        maxBytes,
        refresh,
        connections,
        pollers,
        create);
  }

  private static Optional<URI> endpoint(Settings s, String value) {
    try {
      URI uri = new URI(value);
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new URISyntaxException(value, "not an http(s) URL with a host");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      s.problem(
          s.key("endpoint")
              + " must be an http:// or https:// URL such as http://localhost:9324, was '"
              + value
              + "'");
      return Optional.empty();
    }
  }

  /** Describes the settings without credentials. */
  @Override
  public String toString() {
    return "SqsSettings[endpoint="
        + endpoint.map(URI::toString).orElse("aws")
        + ", region="
        + region.orElse("default chain")
        + ", credentials="
        + (accessKeyId.isPresent() ? "static" : "default chain")
        + ", queuePrefix="
        + queuePrefix
        + ", visibilityTimeout="
        + visibilityTimeout
        + "]";
  }
}
