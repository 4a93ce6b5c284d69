package io.hermod.binding.kafka.internal;

import io.hermod.spi.BindingContext;
import io.hermod.spi.support.Settings;
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
    Map<String, Object> shareConsumer) {

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
    int partitions = s.integer("partitions", 8, 1, 10_000);
    int replication = s.integer("replication-factor", -1, -1, Short.MAX_VALUE);
    if (replication == 0) {
      s.problem(s.key("replication-factor") + " must be -1 (broker default) or >= 1, was 0");
    }
    int maxPayload = s.integer("max-payload-bytes", 1_000_000, 1, 64 * 1024 * 1024);
    String groupPrefix = s.string("group-prefix", "hermod.");
    String clientId = s.string("client-id", "hermod-" + context.instanceId());
    Duration revokeTimeout = s.duration("revoke-timeout", Duration.ofSeconds(10));
    String queueGroups = s.oneOf("queue-groups", CLASSIC, List.of(CLASSIC, SHARE, AUTO));
    int processedIds =
        s.integer("processed-ids.max-per-partition", 100_000, 1, Integer.MAX_VALUE);

    Map<String, Object> common = new LinkedHashMap<>();
    security(s, common);

    Map<String, Object> producer = new LinkedHashMap<>();
    Map<String, Object> consumer = new LinkedHashMap<>();
    Map<String, Object> admin = new LinkedHashMap<>();
    nativeTopLevel(s, producer, consumer, admin);
    producer.putAll(s.passThrough("producer."));
    consumer.putAll(s.passThrough("consumer."));
    admin.putAll(s.passThrough("admin."));
    Map<String, Object> shareConsumer = new LinkedHashMap<>(s.passThrough("share-consumer."));
    for (String prefix : List.of("producer.", "consumer.", "admin.", "share-consumer.")) {
      for (String k : s.passThrough(prefix).keySet()) {
        if (MANAGED.contains(k)) {
          s.problem(managed(s.key(prefix + k)));
        }
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
        shareConsumer);
  }

  /**
   * The producer's linger: {@code hermod.kafka.linger}, or the native {@code linger.ms} given
   * under {@code hermod.kafka.} or {@code hermod.kafka.producer.} (kept working, but not both).
   * It must stay below the send timeout, or every send would time out waiting for its batch.
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
        s.problem(nativeKey + " must be a whole number of milliseconds >= 0, was '" + nativeValue + "'");
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
  private static void security(Settings s, Map<String, Object> common) {
    boolean tls = s.bool("tls.enabled", false);
    Optional<String> truststore = s.optional("tls.truststore-location");
    Optional<String> truststorePassword = s.secret("tls.truststore-password");
    String truststoreType = s.string("tls.truststore-type", "PKCS12");
    boolean verifyHost = s.bool("tls.hostname-verification", true);
    Optional<String> mechanism = s.optional("auth.mechanism").map(m -> m.toLowerCase(Locale.ROOT));
    Optional<String> username = s.optional("username");
    Optional<String> password = s.secret("password");
    if (mechanism.isPresent() && !MECHANISMS.contains(mechanism.get())) {
      s.problem(
          s.key("auth.mechanism") + " must be one of " + MECHANISMS + ", was '" + mechanism.get() + "'");
      mechanism = Optional.empty();
    }
    if (username.isPresent() != password.isPresent()) {
      s.problem(
          s.key("username")
              + " and "
              + s.key("password")
              + " must be set together: set both, or neither for an unauthenticated listener");
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
    }
    if (tls || sasl) {
      common.put(
          CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
          tls ? (sasl ? "SASL_SSL" : "SSL") : "SASL_PLAINTEXT");
    }
    if (tls) {
      truststore.ifPresent(t -> common.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, t));
      truststorePassword.ifPresent(
          p -> common.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, new Password(p)));
      common.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, truststoreType);
      if (!verifyHost) {
        common.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
      }
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
      Map<String, Object> admin) {
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
