package io.hermod.binding.kafka.internal;

import io.hermod.spi.BindingContext;
import io.hermod.spi.support.Settings;
import io.hermod.spi.support.TlsStoreFiles;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * The binding's settings, read and validated once from {@code hermod.kafka.*}, and the native
 * client properties derived from them. Immutable; {@link #toString()} never shows secrets.
 *
 * @param bootstrapServers {@code hermod.kafka.bootstrap-servers}
 * @param partitions partitions of each topic Hermod creates
 * @param replicationFactor replication factor of each topic Hermod creates, or {@code -1} for the
 *     broker default
 * @param maxPayloadBytes the largest payload accepted
 * @param groupPrefix prefix of every consumer group id
 * @param clientId the client id of the producer and admin client, prefix of consumers'
 * @param sendTimeout how long a send may take ({@code hermod.send-timeout})
 * @param connectTimeout how long connecting may take ({@code hermod.connect-timeout})
 * @param revokeTimeout how long a consumer losing a partition waits for its unsettled deliveries
 * @param linger how long the producer waits to fill a batch while other sends are unconfirmed
 * @param queueGroups how queues are consumed: {@code classic}, {@code share} or {@code auto}
 * @param processedIdsPerPartition the most processed ids an exactly-once store keeps in memory per
 *     source partition
 * @param common native properties for every client (security, pass-through)
 * @param producer native producer properties (pass-through)
 * @param consumer native consumer properties (pass-through)
 * @param admin native admin properties (pass-through)
 * @param shareConsumer native share consumer properties (pass-through)
 * @param origins for each native property the user set, the Hermod key(s) that set it, so that
 *     kafka-clients' complaints about {@code request.timeout.ms} can name the key to fix
 */
record KafkaConfig(
    String bootstrapServers,
    int partitions,
    short replicationFactor,
    int maxPayloadBytes,
    String groupPrefix,
    String clientId,
    Duration sendTimeout,
    Duration connectTimeout,
    Duration revokeTimeout,
    Duration linger,
    String queueGroups,
    int processedIdsPerPartition,
    Map<String, Object> common,
    Map<String, Object> producer,
    Map<String, Object> consumer,
    Map<String, Object> admin,
    Map<String, Object> shareConsumer,
    Map<String, String> origins) {

  /** Room for headers and key on top of the payload, so a payload at the maximum fits a record. */
  static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

  /** The default of {@code hermod.kafka.linger}: kafka-clients' own default since 4.0. */
  static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

  /** Native keys Hermod sets itself; setting them would break the binding's promises. */
  private static final Set<String> MANAGED =
      Set.of(
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
          ConsumerConfig.GROUP_ID_CONFIG,
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
          CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG);

  private static final List<String> MECHANISMS = List.of("plain", "scram-sha-256", "scram-sha-512");

  /** Compact constructor: defensive copies. */
  KafkaConfig {
    common = Map.copyOf(common);
    producer = Map.copyOf(producer);
    consumer = Map.copyOf(consumer);
    admin = Map.copyOf(admin);
    shareConsumer = Map.copyOf(shareConsumer);
    origins = Map.copyOf(origins);
  }

  /**
   * The longest duration kafka-clients can take: its timeouts ({@code request.timeout.ms}, {@code
   * delivery.timeout.ms}, {@code default.api.timeout.ms}) are {@code int} milliseconds, about 24
   * days 20 hours.
   */
  static final Duration MAX_CLIENT_DURATION = Duration.ofMillis(Integer.MAX_VALUE);

  /**
   * A duration as {@code int} milliseconds for a kafka-clients property, clamped to {@code [0,
   * Integer.MAX_VALUE]}: whatever it is derived from, the client never sees an overflowed value.
   *
   * @param d the duration
   * @return the milliseconds
   */
  static int clampedMillis(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    return d.compareTo(MAX_CLIENT_DURATION) >= 0 ? Integer.MAX_VALUE : (int) d.toMillis();
  }

  /**
   * The Hermod key that set a native property, for error messages.
   *
   * @param nativeName e.g. {@code request.timeout.ms}
   * @return e.g. {@code hermod.kafka.producer.request.timeout.ms}, or a sentence saying which
   *     Hermod settings it is derived from
   */
  String origin(String nativeName) {
    String o = origins.get(nativeName);
    if (o != null) {
      return o;
    }
    return switch (nativeName) {
      case ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
          ProducerConfig.MAX_BLOCK_MS_CONFIG,
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG ->
          "hermod.send-timeout / hermod.connect-timeout (" + nativeName + " is derived from them)";
      default -> nativeName + " (set by Hermod, not by a hermod.* key)";
    };
  }

  /** Queues use classic consumer groups. */
  static final String CLASSIC = "classic";

  /** Unordered queues use share groups; start fails if the broker has none. */
  static final String SHARE = "share";

  /** Unordered queues use share groups where the broker has them enabled. */
  static final String AUTO = "auto";

  /**
   * Reads every setting, reporting all problems at once.
   *
   * @param context the binding context
   * @return the configuration
   * @throws io.hermod.api.ConfigurationException naming every invalid or unknown key
   */
  static KafkaConfig read(BindingContext context) {
    Settings s = context.settings();
    String servers =
        s.required(
            "bootstrap-servers",
            "set it to the brokers' host:port list, e.g. localhost:9092,localhost:9093");
    if (servers != null) {
      BootstrapServers.problems(s.key("bootstrap-servers"), servers).forEach(s::problem);
    }
    int partitions = s.integer("partitions", 8, 1, 10_000);
    int replication = s.integer("replication-factor", -1, -1, Short.MAX_VALUE);
    if (replication == 0) {
      s.problem(s.key("replication-factor") + " must be -1 (broker default) or >= 1, was 0");
    }
    int maxPayload = s.integer("max-payload-bytes", 1_000_000, 1, 64 * 1024 * 1024);
    String groupPrefix = s.string("group-prefix", "hermod.");
    String clientId = s.string("client-id", "hermod-" + context.instanceId());
    Duration revokeTimeout = s.duration("revoke-timeout", Duration.ofSeconds(10));
    bounded(
        s,
        s.key("revoke-timeout"),
        revokeTimeout,
        "a consumer waits that long before giving up a partition");
    bounded(
        s,
        "hermod.send-timeout",
        context.sendTimeout(),
        "it is the producer's delivery.timeout.ms");
    bounded(
        s,
        "hermod.connect-timeout",
        context.connectTimeout(),
        "it is the admin client's request timeout");
    String queueGroups = s.oneOf("queue-groups", CLASSIC, List.of(CLASSIC, SHARE, AUTO));
    int processedIds = s.integer("processed-ids.max-per-partition", 100_000, 1, Integer.MAX_VALUE);

    Map<String, String> origins = new LinkedHashMap<>();
    origins.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.key("bootstrap-servers"));
    Map<String, Object> common = new LinkedHashMap<>();
    security(s, common, origins);

    Map<String, Object> producer = new LinkedHashMap<>();
    Map<String, Object> consumer = new LinkedHashMap<>();
    Map<String, Object> admin = new LinkedHashMap<>();
    nativeTopLevel(s, producer, consumer, admin, origins);
    producer.putAll(s.passThrough("producer."));
    consumer.putAll(s.passThrough("consumer."));
    admin.putAll(s.passThrough("admin."));
    Map<String, Object> shareConsumer = new LinkedHashMap<>(s.passThrough("share-consumer."));
    for (String prefix : List.of("producer.", "consumer.", "admin.", "share-consumer.")) {
      for (String k : s.passThrough(prefix).keySet()) {
        if (MANAGED.contains(k)) {
          s.problem(managed(s.key(prefix + k)));
        }
        origins.merge(k, s.key(prefix + k), (a, b) -> a + " or " + b);
      }
    }
    Duration linger = linger(s, producer, context.sendTimeout());
    s.validate();
    return new KafkaConfig(
        servers == null ? "" : servers,
        partitions,
        (short) replication,
        maxPayload,
        groupPrefix,
        clientId,
        context.sendTimeout(),
        context.connectTimeout(),
        revokeTimeout,
        linger,
        queueGroups,
        processedIds,
        common,
        producer,
        consumer,
        admin,
        shareConsumer,
        origins);
  }

  /** Records a problem if {@code value} is longer than kafka-clients' int milliseconds hold. */
  private static void bounded(Settings s, String key, Duration value, String why) {
    if (value.compareTo(MAX_CLIENT_DURATION) > 0) {
      s.problem(
          key
              + " must be at most "
              + MAX_CLIENT_DURATION.toMillis()
              + " ms (about 24 days) on Kafka, whose clients keep timeouts as int milliseconds ("
              + why
              + "), was "
              + value
              + ": set a shorter duration, e.g. 30s");
    }
  }

  /**
   * The producer's linger: {@code hermod.kafka.linger}, or the native {@code linger.ms} given under
   * {@code hermod.kafka.} or {@code hermod.kafka.producer.} (kept working, but not both). It must
   * stay below the send timeout, or every send would time out waiting for its batch.
   */
  private static Duration linger(Settings s, Map<String, Object> producer, Duration sendTimeout) {
    Optional<String> own = s.optional("linger");
    Duration linger = s.duration("linger", DEFAULT_LINGER);
    String key = s.key("linger");
    Object nativeValue = producer.get(ProducerConfig.LINGER_MS_CONFIG);
    if (nativeValue != null) {
      String nativeKey =
          s.key(
              s.passThrough("producer.").containsKey(ProducerConfig.LINGER_MS_CONFIG)
                  ? "producer." + ProducerConfig.LINGER_MS_CONFIG
                  : ProducerConfig.LINGER_MS_CONFIG);
      key = nativeKey;
      if (own.isPresent()) {
        s.problem(
            s.key("linger")
                + " and "
                + nativeKey
                + " both set the producer's linger: keep only "
                + s.key("linger"));
        return linger;
      }
      try {
        linger = Duration.ofMillis(Integer.parseInt(nativeValue.toString().trim()));
      } catch (NumberFormatException e) {
        linger = Duration.ofMillis(-1);
      }
      if (linger.isNegative()) {
        s.problem(
            nativeKey + " must be a whole number of milliseconds >= 0, was '" + nativeValue + "'");
        return DEFAULT_LINGER;
      }
    }
    if (linger.compareTo(sendTimeout) >= 0) {
      s.problem(
          key
              + " must be shorter than hermod.send-timeout ("
              + sendTimeout.toMillis()
              + " ms), was "
              + linger.toMillis()
              + " ms: a send would time out waiting for its batch; 5ms to 50ms is typical");
      return DEFAULT_LINGER;
    }
    return linger;
  }

  /** TLS and SASL, configured with the same words as every Hermod binding. */
  private static void security(
      Settings s, Map<String, Object> common, Map<String, String> origins) {
    boolean tls = s.bool("tls.enabled", false);
    Optional<String> truststore = s.optional("tls.truststore-location");
    Optional<String> truststorePassword = s.secret("tls.truststore-password");
    String truststoreType = s.string("tls.truststore-type", "PKCS12");
    Optional<String> keystore = s.optional("tls.keystore-location");
    Optional<String> keystorePassword = s.secret("tls.keystore-password");
    String keystoreType = s.string("tls.keystore-type", "PKCS12");
    Optional<String> keyPassword = s.secret("tls.key-password");
    boolean verifyHost = s.bool("tls.hostname-verification", true);
    Optional<String> mechanism = s.optional("auth.mechanism").map(m -> m.toLowerCase(Locale.ROOT));
    Optional<String> username = s.optional("username");
    Optional<String> password = s.secret("password");
    if (mechanism.isPresent() && !MECHANISMS.contains(mechanism.get())) {
      s.problem(
          s.key("auth.mechanism")
              + " must be one of "
              + MECHANISMS
              + ", was '"
              + mechanism.get()
              + "'");
      mechanism = Optional.empty();
    }
    if (username.isPresent() != password.isPresent()) {
      s.problem(
          s.key("username")
              + " and "
              + s.key("password")
              + " must be set together: set both, or neither for an unauthenticated listener");
    }
    if (!tls && (truststore.isPresent() || keystore.isPresent())) {
      s.problem(
          (truststore.isPresent()
                  ? s.key("tls.truststore-location")
                  : s.key("tls.keystore-location"))
              + " is set but "
              + s.key("tls.enabled")
              + " is not true, so the store would not be used: set "
              + s.key("tls.enabled")
              + "=true, or remove the store settings");
    }
    boolean sasl = username.isPresent() && password.isPresent();
    if (sasl) {
      String m = mechanism.orElse("plain");
      String module =
          m.equals("plain")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      common.put(SaslConfigs.SASL_MECHANISM, m.toUpperCase(Locale.ROOT));
      common.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          new Password(
              module
                  + " required username=\""
                  + escape(username.get())
                  + "\" password=\""
                  + escape(password.get())
                  + "\";"));
      origins.put(SaslConfigs.SASL_MECHANISM, s.key("auth.mechanism"));
      origins.put(SaslConfigs.SASL_JAAS_CONFIG, s.key("username") + " / " + s.key("password"));
    }
    if (tls || sasl) {
      common.put(
          CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
          tls ? (sasl ? "SASL_SSL" : "SSL") : "SASL_PLAINTEXT");
      origins.put(
          CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
          s.key("tls.enabled") + " / " + s.key("username"));
    }
    if (!tls) {
      return;
    }
    truststore.ifPresent(
        t -> {
          common.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, t);
          TlsStoreFiles.problem(
                  new TlsStoreFiles.Store(
                      "trust store holding the CA certificate that signed the brokers' certificates",
                      s.key("tls.truststore-location"),
                      t,
                      s.key("tls.truststore-password"),
                      truststorePassword.orElse(null),
                      s.key("tls.truststore-type"),
                      truststoreType,
                      true))
              .ifPresent(s::problem);
        });
    truststorePassword.ifPresent(
        p -> common.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, new Password(p)));
    common.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, truststoreType);
    keystore.ifPresent(
        k -> {
          common.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, k);
          common.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, keystoreType);
          TlsStoreFiles.problem(
                  new TlsStoreFiles.Store(
                      "key store holding this client's key and certificate",
                      s.key("tls.keystore-location"),
                      k,
                      s.key("tls.keystore-password"),
                      keystorePassword.orElse(null),
                      s.key("tls.keystore-type"),
                      keystoreType,
                      false))
              .ifPresent(s::problem);
        });
    keystorePassword.ifPresent(
        p -> common.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, new Password(p)));
    keyPassword.ifPresent(p -> common.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, new Password(p)));
    if (!verifyHost) {
      common.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
    }
    for (String[] pair :
        new String[][] {
          {SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, "tls.truststore-location"},
          {SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, "tls.truststore-password"},
          {SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "tls.truststore-type"},
          {SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, "tls.keystore-location"},
          {SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, "tls.keystore-password"},
          {SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "tls.keystore-type"},
          {SslConfigs.SSL_KEY_PASSWORD_CONFIG, "tls.key-password"},
          {SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "tls.hostname-verification"}
        }) {
      origins.put(pair[0], s.key(pair[1]));
    }
  }

  /**
   * Native kafka-clients properties set directly under {@code hermod.kafka.} (e.g. {@code
   * hermod.kafka.linger.ms}) go to every client that knows them.
   */
  private static void nativeTopLevel(
      Settings s,
      Map<String, Object> producer,
      Map<String, Object> consumer,
      Map<String, Object> admin,
      Map<String, String> origins) {
    Set<String> names = new TreeSet<>(ProducerConfig.configNames());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    for (String name : names) {
      Optional<String> v =
          name.contains("password") || name.contains("jaas") || name.contains(".key")
              ? s.secret(name)
              : s.optional(name);
      if (v.isEmpty()) {
        continue;
      }
      if (MANAGED.contains(name)) {
        s.problem(managed(s.key(name)));
        continue;
      }
      origins.put(name, s.key(name));
      if (ProducerConfig.configNames().contains(name)) {
        producer.put(name, v.get());
      }
      if (ConsumerConfig.configNames().contains(name)) {
        consumer.put(name, v.get());
      }
      if (AdminClientConfig.configNames().contains(name)) {
        admin.put(name, v.get());
      }
    }
  }

  private static String managed(String key) {
    return key
        + " is managed by Hermod and cannot be overridden: remove it (the broker address is"
        + " hermod.kafka.bootstrap-servers; groups, offsets and serializers follow the channel's"
        + " declaration)";
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** The configuration without secrets, safe to log. */
  @Override
  public String toString() {
    return "KafkaConfig[bootstrapServers="
        + bootstrapServers
        + ", partitions="
        + partitions
        + ", replicationFactor="
        + replicationFactor
        + ", maxPayloadBytes="
        + maxPayloadBytes
        + ", groupPrefix="
        + groupPrefix
        + ", queueGroups="
        + queueGroups
        + ", linger="
        + linger.toMillis()
        + "ms"
        + ", security="
        + common.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")
        + "]";
  }
}
