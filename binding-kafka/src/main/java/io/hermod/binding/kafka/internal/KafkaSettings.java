package io.hermod.binding.kafka.internal;

import io.hermod.spi.support.CompactAttributes;
import io.hermod.spi.support.ConfigKey;
import io.hermod.spi.support.HostPortList;
import io.hermod.spi.support.Settings;
import io.hermod.spi.support.TlsStoreFiles;
import java.time.Duration;
import java.util.ArrayList;
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
import org.jspecify.annotations.Nullable;

/**
 * The binding's settings, declared once ({@link #KEYS}) and read once from {@code hermod.kafka.*},
 * and the native client properties derived from them. Immutable; {@link #toString()} never shows
 * secrets.
 *
 * @param bootstrapServers {@code hermod.kafka.bootstrap-servers}
 * @param partitions partitions of each topic Hermod creates
 * @param replicationFactor replication factor of each topic Hermod creates, or {@code -1} for the
 *     broker default
 * @param minInsyncReplicas {@code min.insync.replicas} of each topic Hermod creates, or {@code -1}
 *     for the broker default
 * @param maxPayloadBytes the largest payload accepted
 * @param groupPrefix prefix of every consumer group id
 * @param clientId the client id of the producer and admin client, prefix of consumers', when set
 *     (the binding computes the default from the instance id)
 * @param revokeTimeout how long a consumer losing a partition waits for its unsettled deliveries
 * @param linger how long the producer waits to fill a batch while other sends are unconfirmed
 * @param lingerKey the full key that set {@code linger}, for messages
 * @param queueGroups how queues are consumed: {@code classic}, {@code share} or {@code auto}
 * @param processedIdsPerPartition the most processed ids an exactly-once store keeps in memory per
 *     source partition
 * @param compactWire whether records carry Hermod's compact attributes instead of CloudEvents
 *     headers
 * @param common native properties for every client (security, pass-through)
 * @param producer native producer properties (pass-through)
 * @param consumer native consumer properties (pass-through)
 * @param admin native admin properties (pass-through)
 * @param shareConsumer native share consumer properties (pass-through)
 * @param origins for each native property the user set, the Hermod key(s) that set it, so that
 *     kafka-clients' complaints about {@code request.timeout.ms} can name the key to fix
 */
record KafkaSettings(
    String bootstrapServers,
    int partitions,
    short replicationFactor,
    int minInsyncReplicas,
    int maxPayloadBytes,
    String groupPrefix,
    Optional<String> clientId,
    Duration revokeTimeout,
    Duration linger,
    String lingerKey,
    String queueGroups,
    int processedIdsPerPartition,
    boolean compactWire,
    Map<String, Object> common,
    Map<String, Object> producer,
    Map<String, Object> consumer,
    Map<String, Object> admin,
    Map<String, Object> shareConsumer,
    Map<String, String> origins) {

  /** The prefix of every key, {@code hermod.kafka.}. */
  static final String PREFIX = "hermod." + KafkaBindingProvider.NAME + ".";

  /** Room for headers and key on top of the payload, so a payload at the maximum fits a record. */
  static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

  /** The default of {@code hermod.kafka.linger}: kafka-clients' own default since 4.0. */
  static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

  /** Queues use classic consumer groups. */
  static final String CLASSIC = "classic";

  /** Unordered queues use share groups; start fails if the broker has none. */
  static final String SHARE = "share";

  /** Unordered queues use share groups where the broker has them enabled. */
  static final String AUTO = "auto";

  static final ConfigKey<String> BOOTSTRAP_SERVERS =
      ConfigKey.required(
          "bootstrap-servers",
          "set it to the brokers' host:port list, e.g. localhost:9092,localhost:9093",
          "The brokers, host:port[,host:port...].");

  /** How {@link #BOOTSTRAP_SERVERS} is checked: every entry names its port. */
  private static final HostPortList BOOTSTRAP_LIST =
      HostPortList.portRequired(
          9092,
          "write each broker as host:port, separated by commas, e.g."
              + " broker-1:9092,broker-2:9092");

  static final ConfigKey<Integer> PARTITIONS =
      ConfigKey.integer(
          "partitions",
          8,
          1,
          10_000,
          "Partitions of each topic Hermod creates: the most consumers that share a queue or"
              + " subscription.");
  static final ConfigKey<Integer> REPLICATION_FACTOR =
      ConfigKey.integer(
          "replication-factor",
          -1,
          -1,
          Short.MAX_VALUE,
          "Replication factor of each topic Hermod creates; -1 for the broker's default.");
  static final ConfigKey<Integer> MIN_INSYNC_REPLICAS =
      ConfigKey.integer(
          "min-insync-replicas",
          -1,
          -1,
          Short.MAX_VALUE,
          "min.insync.replicas of each topic Hermod creates: the replicas that must have a record"
              + " before a send gets its receipt (acks=all); -1 for the broker's default. At most"
              + " replication-factor; on a cluster, replication-factor 3 with 2 keeps receipts and"
              + " sends through the loss of one node.");
  static final ConfigKey<Integer> MAX_PAYLOAD_BYTES =
      ConfigKey.integer(
          "max-payload-bytes",
          1_000_000,
          1,
          64 * 1024 * 1024,
          "The largest payload; topics are created with max.message.bytes = this + 64 KiB for"
              + " headers.");
  static final ConfigKey<String> GROUP_PREFIX =
      ConfigKey.string("group-prefix", "hermod.", "Prefix of every consumer group id.");
  static final ConfigKey<String> CLIENT_ID =
      ConfigKey.string(
              "client-id", null, "Client id of the producer and admin client; consumers add -c<n>.")
          .defaultShownAs("hermod-<instance id>");
  static final ConfigKey<Duration> REVOKE_TIMEOUT =
      ConfigKey.duration(
          "revoke-timeout",
          Duration.ofSeconds(10),
          "How long a consumer losing a partition waits for its unsettled deliveries.");
  static final ConfigKey<String> QUEUE_GROUPS =
      ConfigKey.oneOf(
          "queue-groups",
          CLASSIC,
          List.of(CLASSIC, SHARE, AUTO),
          "How queues are consumed: classic consumer groups, share groups, or share groups where"
              + " the broker has them.");
  static final ConfigKey<String> WIRE_FORMAT = CompactAttributes.WIRE_FORMAT;
  static final ConfigKey<Integer> PROCESSED_IDS_PER_PARTITION =
      ConfigKey.integer(
          "processed-ids.max-per-partition",
          100_000,
          1,
          Integer.MAX_VALUE,
          "The most processed ids an EXACTLY_ONCE endpoint keeps in memory per source partition.");
  static final ConfigKey<Duration> LINGER =
      ConfigKey.duration(
          "linger",
          DEFAULT_LINGER,
          "How long the producer waits to fill a batch while other sends are unconfirmed; must be"
              + " shorter than hermod.send-timeout.");
  static final ConfigKey<Boolean> TLS_ENABLED =
      ConfigKey.bool("tls.enabled", false, "Connect with TLS.");
  static final ConfigKey<String> TLS_TRUSTSTORE_LOCATION =
      ConfigKey.string(
              "tls.truststore-location",
              null,
              "Trust store with the CA that signed the brokers' certificates.")
          .defaultShownAs("JVM default");
  static final ConfigKey<String> TLS_TRUSTSTORE_PASSWORD =
      ConfigKey.secret("tls.truststore-password", "The trust store's password.");
  static final ConfigKey<String> TLS_TRUSTSTORE_TYPE =
      ConfigKey.string("tls.truststore-type", "PKCS12", "The trust store's type (PKCS12 or JKS).");
  static final ConfigKey<String> TLS_KEYSTORE_LOCATION =
      ConfigKey.string(
          "tls.keystore-location",
          null,
          "Key store with this client's key and certificate, for brokers that ask for one"
              + " (mutual TLS).");
  static final ConfigKey<String> TLS_KEYSTORE_PASSWORD =
      ConfigKey.secret("tls.keystore-password", "The key store's password.");
  static final ConfigKey<String> TLS_KEYSTORE_TYPE =
      ConfigKey.string("tls.keystore-type", "PKCS12", "The key store's type.");
  static final ConfigKey<String> TLS_KEY_PASSWORD =
      ConfigKey.secret("tls.key-password", "The key's password, if it differs from the store's.");
  static final ConfigKey<Boolean> TLS_HOSTNAME_VERIFICATION =
      ConfigKey.bool(
          "tls.hostname-verification",
          true,
          "Verify the broker's host name against its certificate.");
  static final ConfigKey<String> AUTH_MECHANISM =
      ConfigKey.oneOf(
          "auth.mechanism",
          "plain",
          List.of("plain", "scram-sha-256", "scram-sha-512"),
          "The SASL mechanism used with username and password.");
  static final ConfigKey<String> USERNAME =
      ConfigKey.string("username", null, "SASL user name; set it with password to authenticate.");
  static final ConfigKey<String> PASSWORD =
      ConfigKey.secret("password", "SASL password; set it with username to authenticate.");
  static final ConfigKey<Map<String, String>> PRODUCER =
      ConfigKey.passThrough(
          "producer.", "kafka-clients producer properties, winning over hermod.kafka.<property>.");
  static final ConfigKey<Map<String, String>> CONSUMER =
      ConfigKey.passThrough(
          "consumer.", "kafka-clients consumer properties, winning over hermod.kafka.<property>.");
  static final ConfigKey<Map<String, String>> ADMIN =
      ConfigKey.passThrough(
          "admin.", "kafka-clients admin client properties, winning over hermod.kafka.<property>.");
  static final ConfigKey<Map<String, String>> SHARE_CONSUMER =
      ConfigKey.passThrough(
          "share-consumer.", "kafka-clients share consumer properties (share groups only).");

  /** The per-client pass-through keys. */
  private static final List<ConfigKey<Map<String, String>>> PASS_THROUGH =
      List.of(PRODUCER, CONSUMER, ADMIN, SHARE_CONSUMER);

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

  /**
   * Every native kafka-clients property, which may be set directly under {@code hermod.kafka.}
   * (e.g. {@code hermod.kafka.linger.ms}) and goes to every client that knows it: one key each,
   * declared from kafka-clients' own lists, so the set follows the library's version.
   */
  private static final List<ConfigKey<String>> NATIVE = nativeKeys();

  /** Every key the binding reads under {@code hermod.kafka.}. */
  static final List<ConfigKey<?>> KEYS = keys();

  /**
   * The longest duration kafka-clients can take: its timeouts ({@code request.timeout.ms}, {@code
   * delivery.timeout.ms}, {@code default.api.timeout.ms}) are {@code int} milliseconds, about 24
   * days 20 hours.
   */
  static final Duration MAX_CLIENT_DURATION = Duration.ofMillis(Integer.MAX_VALUE);

  /** Compact constructor: defensive copies. */
  KafkaSettings {
    common = Map.copyOf(common);
    producer = Map.copyOf(producer);
    consumer = Map.copyOf(consumer);
    admin = Map.copyOf(admin);
    shareConsumer = Map.copyOf(shareConsumer);
    origins = Map.copyOf(origins);
  }

  private static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> all =
        new ArrayList<>(
            List.of(
                BOOTSTRAP_SERVERS,
                PARTITIONS,
                REPLICATION_FACTOR,
                MIN_INSYNC_REPLICAS,
                MAX_PAYLOAD_BYTES,
                GROUP_PREFIX,
                CLIENT_ID,
                REVOKE_TIMEOUT,
                QUEUE_GROUPS,
                PROCESSED_IDS_PER_PARTITION,
                WIRE_FORMAT,
                LINGER,
                TLS_ENABLED,
                TLS_TRUSTSTORE_LOCATION,
                TLS_TRUSTSTORE_PASSWORD,
                TLS_TRUSTSTORE_TYPE,
                TLS_KEYSTORE_LOCATION,
                TLS_KEYSTORE_PASSWORD,
                TLS_KEYSTORE_TYPE,
                TLS_KEY_PASSWORD,
                TLS_HOSTNAME_VERIFICATION,
                AUTH_MECHANISM,
                USERNAME,
                PASSWORD));
    all.addAll(PASS_THROUGH);
    all.addAll(NATIVE);
    return List.copyOf(all);
  }

  private static List<ConfigKey<String>> nativeKeys() {
    Set<String> names = new TreeSet<>(ProducerConfig.configNames());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    List<ConfigKey<String>> keys = new ArrayList<>();
    for (String name : names) {
      if (MANAGED.contains(name)) {
        keys.add(
            ConfigKey.string(
                name, null, "Refused: Hermod sets kafka-clients' " + name + " itself."));
      } else if (name.contains("password") || name.contains("jaas") || name.contains(".key")) {
        keys.add(
            ConfigKey.secret(name, "kafka-clients' " + name + ", for every client that knows it."));
      } else {
        keys.add(
            ConfigKey.string(
                name, null, "kafka-clients' " + name + ", for every client that knows it."));
      }
    }
    return List.copyOf(keys);
  }

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
   * The full key of a declaration, for messages written outside the settings.
   *
   * @param key the key
   * @return e.g. {@code hermod.kafka.bootstrap-servers}
   */
  static String key(ConfigKey<?> key) {
    return PREFIX + key.name();
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

  /**
   * Reads every setting, recording every problem in {@code s} (core reports them at once). Never
   * throws for a bad value; a required value that is absent reads as empty.
   *
   * @param s the {@code hermod.kafka.*} settings, made with {@link #KEYS}
   * @return the settings
   */
  static KafkaSettings read(Settings s) {
    String servers = s.get(BOOTSTRAP_SERVERS);
    if (servers != null) {
      // Checked before kafka-clients sees it: kafka-clients reports a bad entry only when a client
      // is built, as a bare KafkaException naming its own bootstrap.servers.
      BOOTSTRAP_LIST.parse(s.key(BOOTSTRAP_SERVERS), servers).problems().forEach(s::problem);
    }
    int replication = s.get(REPLICATION_FACTOR);
    if (replication == 0) {
      s.problem(s.key(REPLICATION_FACTOR) + " must be -1 (broker default) or >= 1, was 0");
    }
    int minInsync = s.get(MIN_INSYNC_REPLICAS);
    if (minInsync == 0) {
      s.problem(s.key(MIN_INSYNC_REPLICAS) + " must be -1 (broker default) or >= 1, was 0");
    } else if (replication > 0 && minInsync > replication) {
      s.problem(
          s.key(MIN_INSYNC_REPLICAS)
              + " must not exceed "
              + s.key(REPLICATION_FACTOR)
              + ", was "
              + minInsync
              + " with a replication factor of "
              + replication
              + ": no send could ever get a receipt; lower it, or raise the replication factor");
    }

    Map<String, String> origins = new LinkedHashMap<>();
    origins.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.key(BOOTSTRAP_SERVERS));
    Map<String, Object> common = new LinkedHashMap<>();
    security(s, common, origins);

    Map<String, Object> producer = new LinkedHashMap<>();
    Map<String, Object> consumer = new LinkedHashMap<>();
    Map<String, Object> admin = new LinkedHashMap<>();
    nativeTopLevel(s, producer, consumer, admin, origins);
    producer.putAll(s.get(PRODUCER));
    consumer.putAll(s.get(CONSUMER));
    admin.putAll(s.get(ADMIN));
    Map<String, Object> shareConsumer = new LinkedHashMap<>(s.get(SHARE_CONSUMER));
    for (ConfigKey<Map<String, String>> prefix : PASS_THROUGH) {
      for (String k : s.get(prefix).keySet()) {
        String full = s.key(prefix) + k;
        if (MANAGED.contains(k)) {
          s.problem(managed(full));
        }
        origins.merge(k, full, (a, b) -> a + " or " + b);
      }
    }
    String lingerKey = s.key(LINGER);
    Object nativeLinger = producer.get(ProducerConfig.LINGER_MS_CONFIG);
    if (nativeLinger != null) {
      lingerKey =
          s.get(PRODUCER).containsKey(ProducerConfig.LINGER_MS_CONFIG)
              ? s.key(PRODUCER) + ProducerConfig.LINGER_MS_CONFIG
              : s.key(ProducerConfig.LINGER_MS_CONFIG);
    }
    return new KafkaSettings(
        servers == null ? "" : servers,
        s.get(PARTITIONS),
        (short) replication,
        minInsync,
        s.get(MAX_PAYLOAD_BYTES),
        s.get(GROUP_PREFIX),
        s.find(CLIENT_ID),
        s.get(REVOKE_TIMEOUT),
        linger(s, lingerKey, nativeLinger),
        lingerKey,
        s.get(QUEUE_GROUPS),
        s.get(PROCESSED_IDS_PER_PARTITION),
        s.get(WIRE_FORMAT).equals(CompactAttributes.COMPACT),
        common,
        producer,
        consumer,
        admin,
        shareConsumer,
        origins);
  }

  /**
   * Records the problems of these settings together with core's timeouts: kafka-clients keeps its
   * timeouts as {@code int} milliseconds, and the linger must stay below the send timeout, or every
   * send would time out waiting for its batch.
   *
   * @param s the settings to record problems in
   * @param sendTimeout {@code hermod.send-timeout}
   * @param connectTimeout {@code hermod.connect-timeout}
   */
  void checkTimeouts(Settings s, Duration sendTimeout, Duration connectTimeout) {
    bounded(s, "hermod.send-timeout", sendTimeout, "it is the producer's delivery.timeout.ms");
    bounded(
        s, "hermod.connect-timeout", connectTimeout, "it is the admin client's request timeout");
    if (linger.compareTo(sendTimeout) >= 0) {
      s.problem(
          lingerKey
              + " must be shorter than hermod.send-timeout ("
              + sendTimeout.toMillis()
              + " ms), was "
              + linger.toMillis()
              + " ms: a send would time out waiting for its batch; 5ms to 50ms is typical");
    }
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
   * {@code hermod.kafka.} or {@code hermod.kafka.producer.} (kept working, but not both).
   */
  private static Duration linger(Settings s, String nativeKey, @Nullable Object nativeValue) {
    Duration linger = s.get(LINGER);
    if (nativeValue == null) {
      return linger;
    }
    if (s.find(LINGER).isPresent()) {
      s.problem(
          s.key(LINGER)
              + " and "
              + nativeKey
              + " both set the producer's linger: keep only "
              + s.key(LINGER));
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
    return linger;
  }

  /** TLS and SASL, configured with the same words as every Hermod binding. */
  private static void security(
      Settings s, Map<String, Object> common, Map<String, String> origins) {
    boolean tls = s.get(TLS_ENABLED);
    Optional<String> truststore = s.find(TLS_TRUSTSTORE_LOCATION);
    Optional<String> truststorePassword = s.find(TLS_TRUSTSTORE_PASSWORD);
    String truststoreType = s.get(TLS_TRUSTSTORE_TYPE);
    Optional<String> keystore = s.find(TLS_KEYSTORE_LOCATION);
    Optional<String> keystorePassword = s.find(TLS_KEYSTORE_PASSWORD);
    String keystoreType = s.get(TLS_KEYSTORE_TYPE);
    Optional<String> keyPassword = s.find(TLS_KEY_PASSWORD);
    boolean verifyHost = s.get(TLS_HOSTNAME_VERIFICATION);
    String mechanism = s.get(AUTH_MECHANISM);
    Optional<String> username = s.find(USERNAME);
    Optional<String> password = s.find(PASSWORD);
    if (username.isPresent() != password.isPresent()) {
      s.problem(
          s.key(USERNAME)
              + " and "
              + s.key(PASSWORD)
              + " must be set together: set both, or neither for an unauthenticated listener");
    }
    if (!tls && (truststore.isPresent() || keystore.isPresent())) {
      s.problem(
          (truststore.isPresent() ? s.key(TLS_TRUSTSTORE_LOCATION) : s.key(TLS_KEYSTORE_LOCATION))
              + " is set but "
              + s.key(TLS_ENABLED)
              + " is not true, so the store would not be used: set "
              + s.key(TLS_ENABLED)
              + "=true, or remove the store settings");
    }
    boolean sasl = username.isPresent() && password.isPresent();
    if (sasl) {
      String module =
          mechanism.equals("plain")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      common.put(SaslConfigs.SASL_MECHANISM, mechanism.toUpperCase(Locale.ROOT));
      common.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          new Password(
              module
                  + " required username=\""
                  + escape(username.get())
                  + "\" password=\""
                  + escape(password.get())
                  + "\";"));
      origins.put(SaslConfigs.SASL_MECHANISM, s.key(AUTH_MECHANISM));
      origins.put(SaslConfigs.SASL_JAAS_CONFIG, s.key(USERNAME) + " / " + s.key(PASSWORD));
    }
    if (tls || sasl) {
      common.put(
          CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
          tls ? (sasl ? "SASL_SSL" : "SSL") : "SASL_PLAINTEXT");
      origins.put(
          CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
          s.key(TLS_ENABLED) + " / " + s.key(USERNAME));
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
                      s.key(TLS_TRUSTSTORE_LOCATION),
                      t,
                      s.key(TLS_TRUSTSTORE_PASSWORD),
                      truststorePassword.orElse(null),
                      s.key(TLS_TRUSTSTORE_TYPE),
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
                      s.key(TLS_KEYSTORE_LOCATION),
                      k,
                      s.key(TLS_KEYSTORE_PASSWORD),
                      keystorePassword.orElse(null),
                      s.key(TLS_KEYSTORE_TYPE),
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
    Map.of(
            SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, TLS_TRUSTSTORE_LOCATION,
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TLS_TRUSTSTORE_PASSWORD,
            SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, TLS_TRUSTSTORE_TYPE,
            SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, TLS_KEYSTORE_LOCATION,
            SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, TLS_KEYSTORE_PASSWORD,
            SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, TLS_KEYSTORE_TYPE,
            SslConfigs.SSL_KEY_PASSWORD_CONFIG, TLS_KEY_PASSWORD,
            SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, TLS_HOSTNAME_VERIFICATION)
        .forEach((nativeName, key) -> origins.put(nativeName, s.key(key)));
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
    for (ConfigKey<String> key : NATIVE) {
      String name = key.name();
      Optional<String> v = s.find(key);
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
        + " is managed by Hermod and cannot be overridden: remove it (the broker address is "
        + key(BOOTSTRAP_SERVERS)
        + "; groups, offsets and serializers follow the channel's"
        + " declaration)";
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** The configuration without secrets, safe to log. */
  @Override
  public String toString() {
    return "KafkaSettings[bootstrapServers="
        + bootstrapServers
        + ", partitions="
        + partitions
        + ", replicationFactor="
        + replicationFactor
        + ", minInsyncReplicas="
        + minInsyncReplicas
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
