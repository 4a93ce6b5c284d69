package io.hermod.binding.artemis.internal;

import io.hermod.spi.support.CompactAttributes;
import io.hermod.spi.support.ConfigKey;
import io.hermod.spi.support.Settings;
import io.hermod.spi.support.TlsSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@code hermod.artemis.*} settings, read through the keys declared here ({@link #KEYS}, which
 * the provider hands to core for validation, environment mapping and the configuration reference).
 * Immutable; {@link #toString()} never shows a secret.
 *
 * @param url the broker URL as configured, without Hermod's parameters; empty when it is missing
 *     (core then reports it and discards the binding unstarted)
 * @param username the user, or {@code null} for an unauthenticated connection
 * @param password the password, or {@code null}
 * @param tls the TLS settings
 * @param producerSessions how many producer sessions there may be (each created on first use)
 * @param maxPayloadBytes the largest payload declared in the capabilities
 * @param reconnectInterval the first delay between reconnect attempts
 * @param maxReconnectInterval the longest delay between reconnect attempts
 * @param clientParameters native connection-factory URL parameters ({@code client.*})
 */
record ArtemisSettings(
    String url,
    @Nullable String username,
    @Nullable String password,
    TlsSettings tls,
    int producerSessions,
    int maxPayloadBytes,
    Duration reconnectInterval,
    Duration maxReconnectInterval,
    boolean compactWire,
    Map<String, String> clientParameters) {

  /** 4 MiB: Artemis streams anything above 100 KiB as a large message, so this is a policy. */
  static final int DEFAULT_MAX_PAYLOAD = 4 * 1024 * 1024;

  static final ConfigKey<String> URL =
      ConfigKey.required(
          "url",
          "set it to the broker's URL, e.g. tcp://localhost:61616 (or"
              + " (tcp://a:61616,tcp://b:61616) for several)",
          "the Artemis connection URL, e.g. tcp://host:61616 or (tcp://a:61616,tcp://b:61616) for"
              + " several; URL parameters are allowed");
  static final ConfigKey<String> USERNAME =
      ConfigKey.string(
          "username",
          null,
          "the user to authenticate as; without one the connection is unauthenticated");
  static final ConfigKey<String> PASSWORD = ConfigKey.secret("password", "the user's password");
  static final ConfigKey<Boolean> TLS_ENABLED =
      ConfigKey.bool("tls.enabled", false, "whether to connect with TLS");
  static final ConfigKey<Integer> PRODUCER_SESSIONS =
      ConfigKey.integer(
          "producer-sessions",
          8,
          1,
          64,
          "how many producer sessions there may be, each created on its first send; messages of"
              + " one ordering key always use the same one");
  static final ConfigKey<Integer> MAX_PAYLOAD_BYTES =
      ConfigKey.integer(
          "max-payload-bytes",
          DEFAULT_MAX_PAYLOAD,
          1,
          512 * 1024 * 1024,
          "the largest payload accepted, declared as the LIMITS capability so that core rejects a"
              + " larger one before it reaches the broker");
  static final ConfigKey<Duration> RECONNECT_INTERVAL =
      ConfigKey.duration(
          "reconnect-interval",
          Duration.ofMillis(200),
          "the first delay between reconnect attempts, each next one 1.5 times longer");
  static final ConfigKey<Duration> MAX_RECONNECT_INTERVAL =
      ConfigKey.duration(
          "max-reconnect-interval",
          Duration.ofSeconds(2),
          "the longest delay between reconnect attempts");
  static final ConfigKey<Map<String, String>> CLIENT =
      ConfigKey.passThrough(
          "client.",
          "parameters passed untouched to the Artemis connection URLs, winning over the binding's"
              + " own, e.g. client.consumerWindowSize=0; client.confirmationWindowSize must be"
              + " positive");

  /** Every key the binding reads, in the order the reference shows them. */
  static final List<ConfigKey<?>> KEYS =
      Stream.of(
              List.of(URL, USERNAME, PASSWORD, TLS_ENABLED),
              TlsSettings.STORE_KEYS,
              List.of(
                  PRODUCER_SESSIONS,
                  MAX_PAYLOAD_BYTES,
                  RECONNECT_INTERVAL,
                  MAX_RECONNECT_INTERVAL,
                  CompactAttributes.WIRE_FORMAT,
                  CLIENT))
          .<ConfigKey<?>>flatMap(List::stream)
          .toList();

  /**
   * The full name of a key, for messages written outside {@link #read} (which has {@link
   * Settings#key}).
   *
   * @param key a key of {@link #KEYS}
   * @return e.g. {@code hermod.artemis.url}, never {@code null}
   */
  static String fullKey(ConfigKey<?> key) {
    return "hermod." + ArtemisBindingProvider.NAME + "." + key.name();
  }

  /** The Artemis URL parameter of the producers' confirmation window. */
  static final String CONFIRMATION_WINDOW_SIZE = "confirmationWindowSize";

  /**
   * 1 MiB, Artemis's advice: the bytes of sends the client keeps for resending until the broker
   * confirms them; also how often the broker sends a batch confirmation.
   */
  static final int DEFAULT_CONFIRMATION_WINDOW = 1024 * 1024;

  ArtemisSettings {
    clientParameters = Map.copyOf(clientParameters);
  }

  /**
   * Reads the settings, recording in {@code s} every problem across keys (core reports them all
   * with the problems of single keys once the binding is created). Never throws for a bad value.
   *
   * @param s the settings under {@code hermod.artemis.}, made with {@link #KEYS}
   * @return the settings, never {@code null}; meaningful only if {@code s} has no problem
   */
  static ArtemisSettings read(Settings s) {
    String url = s.get(URL);
    Optional<String> username = s.find(USERNAME);
    Optional<String> password = s.find(PASSWORD);
    if (password.isPresent() && username.isEmpty()) {
      s.problem(
          s.key(PASSWORD)
              + " is set but "
              + s.key(USERNAME)
              + " is not: set both to authenticate, or neither");
    }
    TlsSettings tls = TlsSettings.read(s, TLS_ENABLED, s.get(TLS_ENABLED), "=true");
    Duration reconnect = s.get(RECONNECT_INTERVAL);
    if (reconnect.isZero()) {
      s.problem(s.key(RECONNECT_INTERVAL) + " must be positive, was 0");
    }
    Map<String, String> client = s.get(CLIENT);
    String window = client.get(CONFIRMATION_WINDOW_SIZE);
    if (window != null && !isPositiveInt(window)) {
      s.problem(
          s.key(CLIENT)
              + CONFIRMATION_WINDOW_SIZE
              + " must be a positive number of bytes (sends are confirmed asynchronously within"
              + " that window), was '"
              + window
              + "'");
    }
    ArtemisSettings settings =
        new ArtemisSettings(
            url == null ? "" : url,
            username.orElse(null),
            password.orElse(null),
            tls,
            s.get(PRODUCER_SESSIONS),
            s.get(MAX_PAYLOAD_BYTES),
            reconnect,
            s.get(MAX_RECONNECT_INTERVAL),
            s.get(CompactAttributes.WIRE_FORMAT).equals(CompactAttributes.COMPACT),
            client);
    if (url != null) {
      checkUrl(s, settings);
    }
    return settings;
  }

  /**
   * The URL as the Artemis client parses it (without connecting). The timeouts are placeholders:
   * the core ones are added by the binding, and only the URL's syntax is checked here.
   */
  private static void checkUrl(Settings s, ArtemisSettings settings) {
    Duration any = Duration.ofSeconds(1);
    try (ActiveMQConnectionFactory probe =
        new ActiveMQConnectionFactory(settings.brokerUrl(any, any))) {
      probe.getServerLocator();
    } catch (Exception | LinkageError e) {
      s.problem(
          s.key(URL)
              + " must be an Artemis URL such as tcp://localhost:61616, was '"
              + redact(settings.url())
              + "' ("
              + e.getMessage()
              + ")");
    }
  }

  /**
   * The URL handed to the connection factory: the configured URL plus Hermod's reconnect and
   * timeout parameters, TLS parameters and the {@code client.*} pass-through (which wins). Contains
   * secrets: never log it.
   *
   * @param sendTimeout core's send timeout, also the client's call and failover timeouts
   * @param connectTimeout core's connect timeout
   * @return the full URL, never {@code null}
   */
  String brokerUrl(Duration sendTimeout, Duration connectTimeout) {
    return url(Map.of(), sendTimeout, connectTimeout);
  }

  /**
   * The URL of the producers' connection: {@link #brokerUrl} plus a confirmation window, which
   * asynchronous sends need (without one, Artemis never confirms them). Contains secrets: never log
   * it.
   *
   * @param sendTimeout core's send timeout
   * @param connectTimeout core's connect timeout
   * @return the full URL, never {@code null}
   */
  String producerBrokerUrl(Duration sendTimeout, Duration connectTimeout) {
    return url(
        Map.of(CONFIRMATION_WINDOW_SIZE, Integer.toString(DEFAULT_CONFIRMATION_WINDOW)),
        sendTimeout,
        connectTimeout);
  }

  private String url(Map<String, String> defaults, Duration sendTimeout, Duration connectTimeout) {
    Map<String, String> p = new LinkedHashMap<>(defaults);
    // Reconnect forever: the binding must come back by itself when the broker does.
    p.put("reconnectAttempts", "-1");
    p.put("initialConnectAttempts", "1");
    p.put("retryInterval", Long.toString(reconnectInterval.toMillis()));
    p.put("retryIntervalMultiplier", "1.5");
    p.put("maxRetryInterval", Long.toString(maxReconnectInterval.toMillis()));
    // A blocked send or ack fails after the send timeout, also while failing over.
    p.put("callTimeout", Long.toString(sendTimeout.toMillis()));
    p.put("callFailoverTimeout", Long.toString(sendTimeout.toMillis()));
    p.put("connectTimeoutMillis", Long.toString(connectTimeout.toMillis()));
    // A closed connection (broker stopped or crashed) is noticed at once; a silent one after the
    // TTL. Short TTLs cause false failovers on a loaded machine, so keep it at 30 s.
    p.put("clientFailureCheckPeriod", "1000");
    p.put("connectionTTL", "30000");
    // A send without a completion listener (a nack's copy) returns only once the broker has
    // accepted (and persisted) the message. The producers' sends are asynchronous and confirmed
    // through their listeners instead (see producerBrokerUrl).
    p.put("blockOnDurableSend", "true");
    p.put("blockOnNonDurableSend", "true");
    if (tls.enabled()) {
      p.put("sslEnabled", "true");
      p.put("verifyHost", Boolean.toString(tls.verifyHost()));
      putIfSet(p, "trustStorePath", tls.trustStore());
      putIfSet(p, "trustStorePassword", tls.trustStorePassword());
      if (tls.trustStore() != null) {
        p.put("trustStoreType", tls.trustStoreType());
      }
      putIfSet(p, "keyStorePath", tls.keyStore());
      putIfSet(p, "keyStorePassword", tls.keyStorePassword());
      if (tls.keyStore() != null) {
        p.put("keyStoreType", tls.keyStoreType());
      }
    }
    p.putAll(clientParameters);
    StringBuilder sb = new StringBuilder(url);
    char sep = url.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> e : p.entrySet()) {
      sb.append(sep)
          .append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return sb.toString();
  }

  /**
   * A URL with the values of any {@code ...password=} parameter hidden, for messages.
   *
   * @param url the URL
   * @return the URL with passwords as {@code ****}
   */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;)]*", "$1****");
  }

  private static boolean isPositiveInt(String value) {
    try {
      return Integer.parseInt(value.trim()) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void putIfSet(Map<String, String> p, String name, @Nullable String value) {
    if (value != null) {
      p.put(name, value);
    }
  }

  /** The settings without secrets. */
  @Override
  public String toString() {
    return "ArtemisSettings[url="
        + redact(url)
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "****")
        + ", tls="
        + tls
        + ", producerSessions="
        + producerSessions
        + ", maxPayloadBytes="
        + maxPayloadBytes
        + ", clientParameters="
        + List.copyOf(clientParameters.keySet())
        + "]";
  }
}
