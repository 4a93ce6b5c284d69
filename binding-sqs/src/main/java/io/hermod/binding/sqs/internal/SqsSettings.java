package io.hermod.binding.sqs.internal;

import io.hermod.spi.support.ConfigKey;
import io.hermod.spi.support.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code hermod.sqs.*} settings, read through the keys declared here ({@link #KEYS}), which
 * core also validates and the configuration reference is generated from. Immutable and thread-safe;
 * secrets are excluded from {@link #toString()}.
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

  /** The SQS long-poll limit. */
  static final Duration MAX_WAIT_TIME = Duration.ofSeconds(20);

  static final ConfigKey<String> ENDPOINT =
      ConfigKey.string(
              "endpoint",
              null,
              "an SQS-compatible server to use instead of AWS, an http:// or https:// URL such as"
                  + " http://localhost:9324")
          .defaultShownAs("AWS");
  static final ConfigKey<String> REGION =
      ConfigKey.string(
              "region",
              null,
              "the AWS region, e.g. eu-west-1; with an endpoint and no region found, us-east-1 is"
                  + " used for signing")
          .defaultShownAs("the default AWS region chain");
  static final ConfigKey<String> ACCESS_KEY_ID =
      ConfigKey.secret(
              "access-key-id",
              "the key id of static credentials, set together with secret-access-key; without both"
                  + " the default AWS credential chain is used")
          .defaultShownAs("the default AWS credential chain");
  static final ConfigKey<String> SECRET_ACCESS_KEY =
      ConfigKey.secret(
          "secret-access-key", "the secret of static credentials, set together with access-key-id");
  static final ConfigKey<String> SESSION_TOKEN =
      ConfigKey.secret("session-token", "the session token of temporary static credentials");
  static final ConfigKey<String> QUEUE_PREFIX =
      ConfigKey.string(
          "queue-prefix",
          "",
          "prepended to every queue name, e.g. an environment (at most 20 of [A-Za-z0-9_-])");
  static final ConfigKey<Duration> VISIBILITY_TIMEOUT =
      ConfigKey.duration(
          "visibility-timeout",
          Duration.ofSeconds(30),
          "how long a received message stays invisible to other consumers (2s to 12h), extended"
              + " while its handler runs");
  static final ConfigKey<Duration> WAIT_TIME =
      ConfigKey.duration(
              "wait-time",
              MAX_WAIT_TIME,
              "how long each receive long-polls (at most 20s, the SQS long-poll limit)")
          .atMost(MAX_WAIT_TIME);
  static final ConfigKey<Integer> MAX_MESSAGE_SIZE =
      ConfigKey.integer(
          "max-message-size",
          DEFAULT_MAX_MESSAGE_BYTES,
          16_384,
          AWS_MAX_MESSAGE_BYTES,
          "the endpoint's message size limit in bytes, body and attributes (AWS allows up to"
              + " 1048576)");
  static final ConfigKey<Duration> SUBSCRIPTION_REFRESH =
      ConfigKey.duration(
          "subscription-refresh",
          Duration.ofSeconds(2),
          "how long publishers cache a topic's subscription queues");
  static final ConfigKey<Integer> MAX_CONNECTIONS =
      ConfigKey.integer("max-connections", 128, 4, 10_000, "the HTTP connection pool size");
  static final ConfigKey<Integer> POLLERS =
      ConfigKey.integer(
          "pollers",
          4,
          1,
          10,
          "concurrent long polls per consumer while messages flow (capped by prefetch / 10); an"
              + " idle consumer keeps a single one");
  static final ConfigKey<Boolean> CREATE_QUEUES =
      ConfigKey.bool(
          "create-queues",
          true,
          "whether provisioning creates missing queues; false only verifies that they exist");

  /** Every key the binding reads under {@code hermod.sqs.}. */
  static final List<ConfigKey<?>> KEYS =
      List.of(
          ENDPOINT,
          REGION,
          ACCESS_KEY_ID,
          SECRET_ACCESS_KEY,
          SESSION_TOKEN,
          QUEUE_PREFIX,
          VISIBILITY_TIMEOUT,
          WAIT_TIME,
          MAX_MESSAGE_SIZE,
          SUBSCRIPTION_REFRESH,
          MAX_CONNECTIONS,
          POLLERS,
          CREATE_QUEUES);

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{0,20}");
  private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9-]{2,40}");

  /**
   * Reads every setting, recording each problem (including those across keys) in {@code s} rather
   * than throwing; core reports them all when the binding is created. An invalid value reads as its
   * default.
   *
   * @param s the settings under {@code hermod.sqs.}, made with {@link #KEYS}
   * @return the settings, never {@code null}
   */
  static SqsSettings read(Settings s) {
    Optional<URI> endpoint = s.find(ENDPOINT).flatMap(v -> endpoint(s, v));
    Optional<String> region = s.find(REGION);
    region.ifPresent(
        r -> {
          if (!REGION_NAME.matcher(r).matches()) {
            s.problem(
                s.key(REGION) + " must be an AWS region name such as eu-west-1, was '" + r + "'");
          }
        });
    Optional<String> keyId = s.find(ACCESS_KEY_ID);
    Optional<String> secret = s.find(SECRET_ACCESS_KEY);
    Optional<String> token = s.find(SESSION_TOKEN);
    if (keyId.isPresent() != secret.isPresent()) {
      s.problem(
          "set both "
              + s.key(ACCESS_KEY_ID)
              + " and "
              + s.key(SECRET_ACCESS_KEY)
              + " for static credentials, or neither to use the default AWS credential chain");
    }
    if (token.isPresent() && keyId.isEmpty()) {
      s.problem(
          s.key(SESSION_TOKEN)
              + " needs "
              + s.key(ACCESS_KEY_ID)
              + " and "
              + s.key(SECRET_ACCESS_KEY));
    }
    String prefix = s.get(QUEUE_PREFIX);
    if (!PREFIX.matcher(prefix).matches()) {
      s.problem(
          s.key(QUEUE_PREFIX)
              + " must be at most 20 letters, digits, '-' or '_', was '"
              + prefix
              + "'");
    }
    Duration visibility = s.get(VISIBILITY_TIMEOUT);
    if (visibility.compareTo(Duration.ofSeconds(2)) < 0
        || visibility.compareTo(Duration.ofHours(12)) > 0) {
      s.problem(
          s.key(VISIBILITY_TIMEOUT)
              + " must be between 2s and 12h (SQS counts whole seconds), was "
              + visibility);
    }
    return new SqsSettings(
        endpoint,
        region,
        keyId,
        secret,
        token,
        prefix,
        visibility,
        s.get(WAIT_TIME),
        s.get(MAX_MESSAGE_SIZE),
        s.get(SUBSCRIPTION_REFRESH),
        s.get(MAX_CONNECTIONS),
        s.get(POLLERS),
        s.get(CREATE_QUEUES));
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
          s.key(ENDPOINT)
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
