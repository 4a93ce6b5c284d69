package io.hermod.binding.rabbitmq.internal;

import io.hermod.spi.support.CompactAttributes;
import io.hermod.spi.support.ConfigKey;
import io.hermod.spi.support.HostPortList;
import io.hermod.spi.support.HostPortList.HostPort;
import io.hermod.spi.support.Settings;
import io.hermod.spi.support.TlsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The {@code hermod.rabbitmq.*} settings, read through the keys declared here ({@link #KEYS}),
 * which core also validates and the configuration reference is generated from. Immutable and
 * thread-safe; secrets are excluded from {@link #toString()}.
 *
 * @param nodes the nodes to connect to, in the order the client tries them: those of {@code
 *     addresses}, or the one of {@code uri}
 * @param nodesKey the key the nodes came from, named in connection errors
 * @param virtualHost the virtual host
 * @param username the user, or {@code null} for RabbitMQ's default ({@code guest})
 * @param password the user's password, or {@code null}
 * @param tls the TLS settings
 * @param heartbeat the AMQP heartbeat, which also bounds how late a dead broker is noticed
 * @param recoveryInterval the delay between reconnect attempts
 * @param publisherChannels how many confirming channels publishers share
 * @param partitions how many partition queues an ordered channel has
 * @param deliveryLimit the quorum queues' delivery limit, set above every attempt Hermod makes
 * @param maxPayloadBytes the largest payload, declared as the LIMITS capability
 */
record RabbitMqSettings(
    List<HostPort> nodes,
    ConfigKey<String> nodesKey,
    String virtualHost,
    @Nullable String username,
    @Nullable String password,
    TlsSettings tls,
    Duration heartbeat,
    Duration recoveryInterval,
    int publisherChannels,
    int partitions,
    int deliveryLimit,
    int maxPayloadBytes,
    boolean compactWire) {

  /** 16 MiB: far below RabbitMQ's own 128 MiB ceiling, large messages belong elsewhere. */
  static final int DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;

  static final ConfigKey<String> URI_KEY =
      ConfigKey.string(
              "uri",
              null,
              "the broker to connect to, amqp://host:port/virtual-host (amqps:// means TLS);"
                  + " credentials go in username and password, never in the URI. With addresses"
                  + " set, only its scheme and virtual host are used (amqp:///virtual-host may"
                  + " leave out the host)")
          .defaultShownAs("(required unless addresses is set)");
  static final ConfigKey<String> ADDRESSES =
      ConfigKey.string(
              "addresses",
              null,
              "the nodes of a RabbitMQ cluster, host[:port] separated by commas (IPv6 in"
                  + " [brackets]; the port defaults to 5672, 5671 with TLS): the client connects"
                  + " to the first that answers and, after a connection is lost, recovers to the"
                  + " first that answers again; replaces the host and port of uri")
          .defaultShownAs("(none: the host and port of uri)");
  static final ConfigKey<String> USERNAME =
      ConfigKey.string("username", null, "the user to authenticate as")
          .defaultShownAs("RabbitMQ's default, guest");
  static final ConfigKey<String> PASSWORD = ConfigKey.secret("password", "the user's password");
  static final ConfigKey<Boolean> TLS_ENABLED =
      ConfigKey.bool("tls.enabled", false, "whether to connect with TLS (amqps:// turns it on)");
  static final ConfigKey<Duration> HEARTBEAT =
      ConfigKey.duration(
          "heartbeat",
          Duration.ofSeconds(10),
          "the AMQP heartbeat interval (whole seconds): a silent broker is declared dead after"
              + " two missed heartbeats");
  static final ConfigKey<Duration> RECOVERY_INTERVAL =
      ConfigKey.duration(
          "recovery-interval",
          Duration.ofMillis(500),
          "how long the client waits between attempts to reconnect to a lost broker");
  static final ConfigKey<Integer> PUBLISHER_CHANNELS =
      ConfigKey.integer(
          "publisher-channels",
          4,
          1,
          64,
          "how many publisher-confirm channels the binding's publishers share; messages of one"
              + " ordering key always use the same one");
  static final ConfigKey<Integer> PARTITIONS =
      ConfigKey.integer(
          "partitions",
          4,
          1,
          256,
          "how many partition queues (each with a single active consumer) an ordered channel or"
              + " subscription spreads its keys over; fixed once a channel exists");
  static final ConfigKey<Integer> DELIVERY_LIMIT =
      ConfigKey.integer(
          "delivery-limit",
          1000,
          1,
          1_000_000,
          "the quorum queues' x-delivery-limit, raised to ten times a channel's max delivery"
              + " attempts if that is more, so the broker never drops a message before Hermod's"
              + " own attempts end");
  static final ConfigKey<Integer> MAX_PAYLOAD_BYTES =
      ConfigKey.integer(
          "max-payload-bytes",
          DEFAULT_MAX_PAYLOAD,
          1,
          128 * 1024 * 1024,
          "the largest payload accepted, declared as the LIMITS capability so that core rejects a"
              + " larger one before it reaches the broker (RabbitMQ's own ceiling is 128 MiB)");

  /** Every key the binding reads, in the order the reference shows them. */
  static final List<ConfigKey<?>> KEYS =
      Stream.of(
              List.of(URI_KEY, ADDRESSES, USERNAME, PASSWORD, TLS_ENABLED),
              TlsSettings.STORE_KEYS,
              List.of(
                  HEARTBEAT,
                  RECOVERY_INTERVAL,
                  PUBLISHER_CHANNELS,
                  PARTITIONS,
                  DELIVERY_LIMIT,
                  MAX_PAYLOAD_BYTES,
                  CompactAttributes.WIRE_FORMAT))
          .<ConfigKey<?>>flatMap(List::stream)
          .toList();

  /**
   * The full name of a key, for error messages.
   *
   * @param key the key
   * @return e.g. {@code hermod.rabbitmq.uri}
   */
  static String fullKey(ConfigKey<?> key) {
    return "hermod." + RabbitMqBindingProvider.NAME + "." + key.name();
  }

  /**
   * Reads every setting, recording each problem (including those across keys) in {@code s} rather
   * than throwing; core reports them all when the binding is created. An invalid value reads as its
   * default.
   *
   * @param s the settings under {@code hermod.rabbitmq.}, made with {@link #KEYS}
   * @return the settings, never {@code null}
   */
  static RabbitMqSettings read(Settings s) {
    String host = "localhost";
    int port = 0;
    String vhost = "/";
    boolean amqps = false;
    Optional<String> uri = s.find(URI_KEY);
    Optional<String> addresses = s.find(ADDRESSES);
    if (uri.isEmpty() && addresses.isEmpty()) {
      s.problem(
          s.key(URI_KEY)
              + " is required but not set: set it to the broker's address, e.g."
              + " amqp://localhost:5672 (amqps://localhost:5671 for TLS), or set "
              + s.key(ADDRESSES)
              + " to a cluster's nodes, e.g. rabbit-1:5672,rabbit-2:5672,rabbit-3:5672");
    }
    if (uri.isPresent()) {
      try {
        URI u = new URI(uri.get().trim());
        String scheme = u.getScheme();
        boolean hostNeeded = addresses.isEmpty();
        if ((hostNeeded && u.getHost() == null)
            || !("amqp".equals(scheme) || "amqps".equals(scheme))) {
          throw new URISyntaxException(uri.get(), "not an amqp:// or amqps:// URI with a host");
        }
        if (u.getRawUserInfo() != null) {
          s.problem(
              s.key(URI_KEY)
                  + " must not carry credentials: set "
                  + s.key(USERNAME)
                  + " and "
                  + s.key(PASSWORD)
                  + " instead");
        }
        amqps = "amqps".equals(scheme);
        if (u.getHost() != null) {
          host = u.getHost();
          if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
          }
        }
        port = u.getPort() > 0 ? u.getPort() : 0;
        String path = u.getPath();
        if (path != null && path.length() > 1) {
          vhost = path.substring(1);
        }
      } catch (URISyntaxException e) {
        s.problem(
            s.key(URI_KEY)
                + " must be an amqp:// or amqps:// URI such as amqp://localhost:5672"
                + (addresses.isPresent() ? " (or amqp:///virtual-host next to addresses)" : "")
                + ", was '"
                + uri.get()
                + "'");
      }
    }
    TlsSettings tls =
        TlsSettings.read(
            s, TLS_ENABLED, s.get(TLS_ENABLED) || amqps, "=true (or use an amqps:// URI)");
    int defaultPort = tls.enabled() ? 5671 : 5672;
    List<HostPort> nodes;
    ConfigKey<String> nodesKey;
    if (addresses.isPresent()) {
      HostPortList.Parsed parsed =
          HostPortList.portOptional(
                  defaultPort,
                  "write each node as host or host:port (the port defaults to "
                      + defaultPort
                      + (tls.enabled() ? " with TLS" : "")
                      + "), separated by commas, IPv6 in brackets, e.g."
                      + " rabbit-1:5672,rabbit-2:5672,[::1]:5672")
              .parse(s.key(ADDRESSES), addresses.get());
      parsed.problems().forEach(s::problem);
      nodes = parsed.entries();
      nodesKey = ADDRESSES;
    } else {
      nodes = List.of(new HostPort(host, port > 0 ? port : amqps ? 5671 : 5672));
      nodesKey = URI_KEY;
    }
    Optional<String> user = s.find(USERNAME);
    Optional<String> password = s.find(PASSWORD);
    if (password.isPresent() && user.isEmpty()) {
      s.problem(s.key(PASSWORD) + " is set without " + s.key(USERNAME) + ": set both");
    }
    Duration heartbeat = s.get(HEARTBEAT);
    if (heartbeat.toSeconds() < 1 || heartbeat.toSeconds() > 600) {
      s.problem(s.key(HEARTBEAT) + " must be between 1s and 10m, was " + heartbeat);
    }
    return new RabbitMqSettings(
        nodes,
        nodesKey,
        vhost,
        user.orElse(null),
        password.orElse(null),
        tls,
        heartbeat,
        s.get(RECOVERY_INTERVAL),
        s.get(PUBLISHER_CHANNELS),
        s.get(PARTITIONS),
        s.get(DELIVERY_LIMIT),
        s.get(MAX_PAYLOAD_BYTES),
        s.get(CompactAttributes.WIRE_FORMAT).equals(CompactAttributes.COMPACT));
  }

  /**
   * Where the binding connects, without credentials.
   *
   * @return e.g. {@code amqp://localhost:5672/}, {@code amqp://rabbit-1:5672,rabbit-2:5672/}
   */
  String address() {
    return (tls.enabled() ? "amqps://" : "amqp://")
        + nodes.stream().map(HostPort::toString).collect(Collectors.joining(","))
        + "/"
        + ("/".equals(virtualHost) ? "" : virtualHost);
  }

  /** Describes the settings without credentials. */
  @Override
  public String toString() {
    return "RabbitMqSettings[address="
        + address()
        + ", username="
        + (username == null ? "guest (default)" : username)
        + ", tls="
        + tls
        + ", partitions="
        + partitions
        + "]";
  }
}
