package io.hermod.binding.artemis.internal;

import io.hermod.spi.BindingContext;
import io.hermod.spi.support.Settings;
import io.hermod.spi.support.TlsStoreFiles;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * The validated {@code hermod.artemis.*} settings. Immutable; {@link #toString()} never shows a
 * secret.
 *
 * @param url the broker URL as configured, without Hermod's parameters
 * @param username the user, or {@code null} for an unauthenticated connection
 * @param password the password, or {@code null}
 * @param tls the TLS settings
 * @param producerSessions how many producer sessions there may be (each created on first use)
 * @param maxPayloadBytes the largest payload declared in the capabilities
 * @param reconnectInterval the first delay between reconnect attempts
 * @param maxReconnectInterval the longest delay between reconnect attempts
 * @param clientParameters native connection-factory URL parameters ({@code client.*})
 * @param sendTimeout the send timeout from core
 * @param connectTimeout the connect timeout from core
 */
record ArtemisSettings(
    String url,
    @Nullable String username,
    @Nullable String password,
    Tls tls,
    int producerSessions,
    int maxPayloadBytes,
    Duration reconnectInterval,
    Duration maxReconnectInterval,
    Map<String, String> clientParameters,
    Duration sendTimeout,
    Duration connectTimeout) {

  /** Keys under {@code hermod.artemis.} (relative). */
  static final String URL = "url";

  static final String USERNAME = "username";
  static final String PASSWORD = "password";
  static final String TLS_ENABLED = "tls.enabled";
  static final String TLS_TRUST_STORE = "tls.trust-store";
  static final String TLS_TRUST_STORE_PASSWORD = "tls.trust-store-password";
  static final String TLS_TRUST_STORE_TYPE = "tls.trust-store-type";
  static final String TLS_KEY_STORE = "tls.key-store";
  static final String TLS_KEY_STORE_PASSWORD = "tls.key-store-password";
  static final String TLS_KEY_STORE_TYPE = "tls.key-store-type";
  static final String TLS_VERIFY_HOST = "tls.verify-host";
  static final String PRODUCER_SESSIONS = "producer-sessions";
  static final String MAX_PAYLOAD_BYTES = "max-payload-bytes";
  static final String RECONNECT_INTERVAL = "reconnect-interval";
  static final String MAX_RECONNECT_INTERVAL = "max-reconnect-interval";
  static final String CLIENT_PREFIX = "client.";

  /** The Artemis URL parameter of the producers' confirmation window. */
  static final String CONFIRMATION_WINDOW_SIZE = "confirmationWindowSize";

  /**
   * 1 MiB, Artemis's advice: the bytes of sends the client keeps for resending until the broker
   * confirms them; also how often the broker sends a batch confirmation.
   */
  static final int DEFAULT_CONFIRMATION_WINDOW = 1024 * 1024;

  /** 4 MiB: Artemis streams anything above 100 KiB as a large message, so this is a policy. */
  static final int DEFAULT_MAX_PAYLOAD = 4 * 1024 * 1024;

  ArtemisSettings {
    clientParameters = Map.copyOf(clientParameters);
  }

  /**
   * TLS settings.
   *
   * @param enabled whether to connect with TLS
   * @param trustStore the trust store path, or {@code null} for the JVM default
   * @param trustStorePassword its password, or {@code null}
   * @param trustStoreType its type
   * @param keyStore the key store path for client authentication, or {@code null}
   * @param keyStorePassword its password, or {@code null}
   * @param keyStoreType its type
   * @param verifyHost whether the server certificate must name the host connected to
   */
  record Tls(
      boolean enabled,
      @Nullable String trustStore,
      @Nullable String trustStorePassword,
      String trustStoreType,
      @Nullable String keyStore,
      @Nullable String keyStorePassword,
      String keyStoreType,
      boolean verifyHost) {

    @Override
    public String toString() {
      return "Tls[enabled="
          + enabled
          + ", trustStore="
          + trustStore
          + ", keyStore="
          + keyStore
          + ", verifyHost="
          + verifyHost
          + "]";
    }
  }

  /**
   * Reads and validates every setting, reporting all problems at once.
   *
   * @param context the binding context
   * @return the settings, never {@code null}
   * @throws io.hermod.api.ConfigurationException on any problem
   */
  static ArtemisSettings read(BindingContext context) {
    Settings s = context.settings();
    String url =
        s.required(
            URL,
            "set it to the broker's URL, e.g. tcp://localhost:61616 (or"
                + " (tcp://a:61616,tcp://b:61616) for several)");
    Optional<String> username = s.optional(USERNAME);
    Optional<String> password = s.secret(PASSWORD);
    if (password.isPresent() && username.isEmpty()) {
      s.problem(
          s.key(PASSWORD)
              + " is set but "
              + s.key(USERNAME)
              + " is not: set both to authenticate, or neither");
    }
    boolean tlsEnabled = s.bool(TLS_ENABLED, false);
    Tls tls =
        new Tls(
            tlsEnabled,
            s.optional(TLS_TRUST_STORE).orElse(null),
            s.secret(TLS_TRUST_STORE_PASSWORD).orElse(null),
            s.string(TLS_TRUST_STORE_TYPE, "PKCS12"),
            s.optional(TLS_KEY_STORE).orElse(null),
            s.secret(TLS_KEY_STORE_PASSWORD).orElse(null),
            s.string(TLS_KEY_STORE_TYPE, "PKCS12"),
            s.bool(TLS_VERIFY_HOST, true));
    if (!tlsEnabled && (tls.trustStore() != null || tls.keyStore() != null)) {
      s.problem(
          s.key(TLS_TRUST_STORE)
              + " / "
              + s.key(TLS_KEY_STORE)
              + " are set but "
              + s.key(TLS_ENABLED)
              + " is not true: set "
              + s.key(TLS_ENABLED)
              + "=true to use them");
    }
    if (tlsEnabled) {
      if (tls.trustStore() != null) {
        TlsStoreFiles.problem(
                new TlsStoreFiles.Store(
                    "trust store holding the broker's certificate or its CA",
                    s.key(TLS_TRUST_STORE),
                    tls.trustStore(),
                    s.key(TLS_TRUST_STORE_PASSWORD),
                    tls.trustStorePassword(),
                    s.key(TLS_TRUST_STORE_TYPE),
                    tls.trustStoreType(),
                    true))
            .ifPresent(s::problem);
      }
      if (tls.keyStore() != null) {
        TlsStoreFiles.problem(
                new TlsStoreFiles.Store(
                    "key store holding this client's key and certificate",
                    s.key(TLS_KEY_STORE),
                    tls.keyStore(),
                    s.key(TLS_KEY_STORE_PASSWORD),
                    tls.keyStorePassword(),
                    s.key(TLS_KEY_STORE_TYPE),
                    tls.keyStoreType(),
                    false))
            .ifPresent(s::problem);
      }
    }
    int producerSessions = s.integer(PRODUCER_SESSIONS, 8, 1, 64);
    int maxPayload = s.integer(MAX_PAYLOAD_BYTES, DEFAULT_MAX_PAYLOAD, 1, 512 * 1024 * 1024);
    Duration reconnect = s.duration(RECONNECT_INTERVAL, Duration.ofMillis(200));
    Duration maxReconnect = s.duration(MAX_RECONNECT_INTERVAL, Duration.ofSeconds(2));
    if (reconnect.isZero()) {
      s.problem(s.key(RECONNECT_INTERVAL) + " must be positive, was 0");
    }
    Map<String, String> client = s.passThrough(CLIENT_PREFIX);
    String window = client.get(CONFIRMATION_WINDOW_SIZE);
    if (window != null && !isPositiveInt(window)) {
      s.problem(
          s.key(CLIENT_PREFIX + CONFIRMATION_WINDOW_SIZE)
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
            producerSessions,
            maxPayload,
            reconnect,
            maxReconnect,
            client,
            context.sendTimeout(),
            context.connectTimeout());
    if (url != null) {
      try (ActiveMQConnectionFactory probe = new ActiveMQConnectionFactory(settings.brokerUrl())) {
        probe.getServerLocator();
      } catch (Exception | LinkageError e) {
        s.problem(
            s.key(URL)
                + " must be an Artemis URL such as tcp://localhost:61616, was '"
                + redact(url)
                + "' ("
                + e.getMessage()
                + ")");
      }
    }
    s.validate();
    return settings;
  }

  /**
   * The URL handed to the connection factory: the configured URL plus Hermod's reconnect and
   * timeout parameters, TLS parameters and the {@code client.*} pass-through (which wins). Contains
   * secrets: never log it.
   *
   * @return the full URL, never {@code null}
   */
  String brokerUrl() {
    return url(Map.of());
  }

  /**
   * The URL of the producers' connection: {@link #brokerUrl()} plus a confirmation window, which
   * asynchronous sends need (without one, Artemis never confirms them). Contains secrets: never log
   * it.
   *
   * @return the full URL, never {@code null}
   */
  String producerBrokerUrl() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(CONFIRMATION_WINDOW_SIZE, Integer.toString(DEFAULT_CONFIRMATION_WINDOW));
    return url(p);
  }

  private String url(Map<String, String> defaults) {
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
