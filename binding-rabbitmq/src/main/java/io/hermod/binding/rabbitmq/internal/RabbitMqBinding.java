package io.hermod.binding.rabbitmq.internal;

import static io.hermod.binding.rabbitmq.internal.RabbitMqSettings.fullKey;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ListAddressResolver;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.hermod.api.AuthenticationException;
import io.hermod.api.Capabilities;
import io.hermod.api.Capability;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Health;
import io.hermod.api.MessagingException;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.Outbound;
import io.hermod.spi.ProcessedIdStore;
import io.hermod.spi.QueueInspection;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.BrokerTraffic;
import io.hermod.spi.support.HostPortList.HostPort;
import io.hermod.spi.support.Settings;
import io.hermod.spi.support.TlsSettings;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RabbitMQ binding: one connection for publishing (a pool of confirming channels) and one for
 * consuming and declaring, so that the broker's flow control of publishers never stalls consumers
 * (RabbitMQ's own advice). Both recover by themselves (the client's automatic connection and
 * topology recovery): channels, consumers and the queues, exchanges and bindings declared on them
 * come back when the broker does; health follows both connections. Thread-safe.
 *
 * <p>What a channel is on the broker (see README.md): a PERSISTENT queue is a quorum queue with
 * persistent messages (a classic durable one when bounded or ordered, see {@link #quorum}), a
 * MEMORY one a classic queue (durable, so that RabbitMQ 4 accepts it, with transient messages); a
 * topic is a topic exchange with a queue per subscription bound by its routing pattern; an ordered
 * channel is {@code partitions} such queues with a single active consumer each ({@link
 * QueueNames}). Every quorum queue gets a delivery limit far above Hermod's attempts, so core, not
 * the broker, decides when a message is dead.
 */
final class RabbitMqBinding implements Binding {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqBinding.class);

  /**
   * Everything but delayed delivery (not built: it needs TTL wait queues or a plugin), replay
   * (streams are not mapped to channels yet) and broker dedup (RabbitMQ has none).
   */
  private static final Set<Capability> CAPABILITIES =
      EnumSet.complementOf(
          EnumSet.of(Capability.DELAY, Capability.REPLAY, Capability.NATIVE_DEDUP));

  private final RabbitMqSettings settings;
  private final Duration sendTimeout;
  private final Duration connectTimeout;
  private final BrokerTraffic traffic;
  private final RabbitMqErrors errors = new RabbitMqErrors();
  private final Capabilities capabilities;
  private final List<AutoCloseable> endpoints = new CopyOnWriteArrayList<>();
  private final Object adminLock = new Object();
  private final ScheduledExecutorService timer;
  private final RabbitMqStatistics statistics;
  private @Nullable Connection consuming;
  private @Nullable Connection publishing;
  private @Nullable PublisherPool publishers;
  private @Nullable Channel admin;
  private volatile @Nullable String consumingDown;
  private volatile @Nullable String publishingDown;
  private volatile boolean started;
  private volatile boolean closed;

  RabbitMqBinding(
      RabbitMqSettings settings,
      Duration sendTimeout,
      Duration connectTimeout,
      BrokerTraffic traffic) {
    this.settings = settings;
    this.sendTimeout = sendTimeout;
    this.connectTimeout = connectTimeout;
    this.traffic = traffic;
    this.capabilities = new Capabilities(CAPABILITIES, settings.maxPayloadBytes());
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "hermod-" + RabbitMqBindingProvider.NAME + "-timer");
              th.setDaemon(true);
              return th;
            });
    t.setRemoveOnCancelPolicy(true);
    this.timer = Executors.unconfigurableScheduledExecutorService(t);
    this.statistics = new RabbitMqStatistics(this::consumingConnection, errors);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    ConnectionFactory f = factory();
    Connection c = null;
    Connection p = null;
    try {
      c = connect(f, "hermod-consume");
      p = connect(f, "hermod-publish");
      watch(c, true);
      watch(p, false);
      publishers = new PublisherPool(p, settings.publisherChannels());
      consuming = c;
      publishing = p;
      started = true;
      LOG.info(
          "RabbitMQ binding connected to {}: consuming on node {}, publishing on node {}",
          settings.address(),
          node(c),
          node(p));
    } catch (IOException | TimeoutException | RuntimeException e) {
      closeQuietly(p);
      closeQuietly(c);
      throw startFailure(e);
    }
  }

  /**
   * Opens a connection. One node is the client's usual single address (every IP its name resolves
   * to); several are tried in the order given, at the first connect and at every recovery: the
   * client's own list resolver would shuffle them each time ({@code AddressResolver.maybeShuffle}).
   */
  private Connection connect(ConnectionFactory f, String name)
      throws IOException, TimeoutException {
    if (settings.nodes().size() == 1) {
      return f.newConnection(name);
    }
    List<Address> addresses =
        settings.nodes().stream().map(n -> new Address(n.host(), n.port())).toList();
    // No executor of our own: the client's default, as newConnection(name) uses.
    return f.newConnection(
        (ExecutorService) null,
        new ListAddressResolver(addresses) {
          @Override
          public List<Address> maybeShuffle(List<Address> input) {
            return input;
          }
        },
        name);
  }

  /**
   * The node a connection is on now (after a recovery, the one it recovered to).
   *
   * @return e.g. {@code rabbit-2/10.0.0.12:5672}, {@code 127.0.0.1:5672} or {@code [::1]:5672}
   */
  static String node(Connection c) {
    InetAddress a = c.getAddress();
    if (a == null) {
      return "(unknown)";
    }
    // InetAddress.toString is documented as "host name/literal IP", the name empty if none given.
    String text = a.toString();
    int slash = text.indexOf('/');
    String name = slash > 0 ? text.substring(0, slash) + "/" : "";
    String ip = a.getHostAddress();
    return name + (a instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + c.getPort();
  }

  private ConnectionFactory factory() {
    ConnectionFactory f = new ConnectionFactory();
    HostPort first = settings.nodes().isEmpty() ? null : settings.nodes().get(0);
    if (first != null) {
      f.setHost(first.host());
      f.setPort(first.port());
    }
    f.setVirtualHost(settings.virtualHost());
    if (settings.username() != null) {
      f.setUsername(settings.username());
      f.setPassword(settings.password() == null ? "" : settings.password());
    }
    int connectMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    f.setConnectionTimeout(connectMillis);
    f.setHandshakeTimeout(connectMillis);
    f.setShutdownTimeout((int) Math.min(Integer.MAX_VALUE, sendTimeout.toMillis()));
    f.setChannelRpcTimeout((int) Math.min(Integer.MAX_VALUE, sendTimeout.toMillis()));
    f.setRequestedHeartbeat((int) settings.heartbeat().toSeconds());
    f.setAutomaticRecoveryEnabled(true);
    f.setTopologyRecoveryEnabled(true);
    f.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
    if (settings.tls().enabled()) {
      try {
        f.useSslProtocol(sslContext(settings.tls()));
      } catch (GeneralSecurityException | IOException e) {
        throw new ConfigurationException(
            RabbitMqBindingProvider.NAME,
            null,
            "TLS settings",
            List.of(
                "the TLS stores cannot be used ("
                    + e.getMessage()
                    + "); check "
                    + fullKey(TlsSettings.TRUST_STORE)
                    + " and "
                    + fullKey(TlsSettings.KEY_STORE)));
      }
      if (settings.tls().verifyHost()) {
        f.enableHostnameVerification();
      }
    }
    return f;
  }

  private static SSLContext sslContext(TlsSettings tls)
      throws GeneralSecurityException, IOException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (tls.trustStore() != null) {
      tmf.init(load(tls.trustStore(), tls.trustStoreType(), tls.trustStorePassword()));
    } else {
      tmf.init((KeyStore) null);
    }
    KeyManagerFactory kmf = null;
    if (tls.keyStore() != null) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      String pw = tls.keyStorePassword();
      kmf.init(
          load(tls.keyStore(), tls.keyStoreType(), pw),
          pw == null ? new char[0] : pw.toCharArray());
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static KeyStore load(String path, String type, @Nullable String password)
      throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance(type);
    try (InputStream in = new FileInputStream(path)) {
      ks.load(in, password == null ? null : password.toCharArray());
    }
    return ks;
  }

  /** Health follows each connection: down when it shuts down, up when recovery completes. */
  private void watch(Connection c, boolean isConsuming) {
    String name = isConsuming ? "consuming" : "publishing";
    c.addShutdownListener(
        cause -> {
          if (closed || cause.isInitiatedByApplication()) {
            return;
          }
          String why =
              "the "
                  + name
                  + " connection to "
                  + settings.address()
                  + " (node "
                  + node(c)
                  + ") was lost, reconnecting";
          if (isConsuming) {
            consumingDown = why;
          } else {
            publishingDown = why;
          }
          LOG.warn("RabbitMQ {} ({})", why, RabbitMqErrors.replyText(cause));
        });
    ((Recoverable) c)
        .addRecoveryListener(
            new RecoveryListener() {
              @Override
              public void handleRecovery(Recoverable recoverable) {
                if (isConsuming) {
                  consumingDown = null;
                } else {
                  publishingDown = null;
                }
                LOG.info("RabbitMQ {} connection re-established, on node {}", name, node(c));
              }

              @Override
              public void handleRecoveryStarted(Recoverable recoverable) {}
            });
  }

  private MessagingException startFailure(Exception e) {
    MessagingException translated =
        errors.translate(e, null, "connecting to " + settings.address());
    if (translated instanceof AuthenticationException
        || translated instanceof ConfigurationException) {
      return translated;
    }
    return new ConnectionException(
        RabbitMqBindingProvider.NAME,
        null,
        "cannot connect to "
            + (settings.nodes().size() > 1 ? "any node of " : "")
            + settings.address()
            + " within "
            + Settings.formatDuration(connectTimeout)
            + (settings.nodes().size() > 1 ? " each" : "")
            + " ("
            + RabbitMqErrors.rootCause(e)
            + "); check "
            + fullKey(settings.nodesKey())
            + " and that the broker is running"
            + (settings.tls().enabled()
                ? " with TLS on that port"
                : " (if that port speaks TLS, use an amqps:// URI or set "
                    + fullKey(RabbitMqSettings.TLS_ENABLED)
                    + "=true)"),
        e);
  }

  // ---------------------------------------------------------------------------------------------
  // Provisioning

  @Override
  public void provision(ChannelSpec channel) {
    if (channel.kind() == ChannelKind.TOPIC) {
      admin(
          channel.name(),
          "declaring the topic exchange " + channel.name(),
          ch -> ch.exchangeDeclare(channel.name(), BuiltinExchangeType.TOPIC, true));
      return;
    }
    for (String q : QueueNames.consumedQueues(channel, null, settings.partitions())) {
      declareQueue(channel, q);
    }
  }

  @Override
  public void provisionSubscription(ChannelSpec channel, SubscriptionSpec subscription) {
    if (channel.kind() != ChannelKind.TOPIC) {
      return;
    }
    provision(channel);
    List<String> queues = QueueNames.consumedQueues(channel, subscription, settings.partitions());
    for (int i = 0; i < queues.size(); i++) {
      String q = queues.get(i);
      declareQueue(channel, q);
      String key = QueueNames.bindingKey(subscription.filter(), channel.ordered() ? i : -1);
      admin(
          channel.name(),
          "binding queue " + q + " to " + channel.name(),
          ch -> ch.queueBind(q, channel.name(), key));
    }
  }

  /**
   * Whether a channel's queues are quorum queues: a PERSISTENT channel's are, unless it is bounded
   * or ordered; those get classic durable queues with persistent messages, which keep their
   * messages across a restart too (on one node, not replicated).
   *
   * <ul>
   *   <li>Bounded: a quorum queue applies {@code x-max-length} with {@code reject-publish} only
   *       after it has noticed that it is full, asynchronously: in the TCK (E03) the publish right
   *       after the limit was still confirmed. A classic queue rejects exactly at the limit.
   *   <li>Ordered: when the single active consumer of a quorum queue (RabbitMQ 3.10) leaves, the
   *       next consumer was handed later messages of a key before the earlier ones the leaver still
   *       held came back (TCK C12: 90 order violations in 1,000 messages). A classic queue removes
   *       the consumer and requeues its unacknowledged messages at their original positions in one
   *       step when the channel closes: 0 violations.
   * </ul>
   *
   * @param channel the channel
   * @return {@code true} for quorum queues, {@code false} for classic ones
   */
  static boolean quorum(ChannelSpec channel) {
    return channel.durability() == Durability.PERSISTENT
        && channel.maxLength() == 0
        && !channel.ordered();
  }

  /** Declares one queue a channel's consumers read, with the arguments its spec asks for. */
  private void declareQueue(ChannelSpec channel, String queue) {
    Map<String, Object> args = new HashMap<>();
    boolean quorum = quorum(channel);
    args.put("x-queue-type", quorum ? "quorum" : "classic");
    if (quorum) {
      // RabbitMQ 4 dead-letters (or drops) a quorum queue's message after 20 returns by default:
      // keep the broker's limit far above Hermod's attempts, which core counts and acts on.
      args.put(
          "x-delivery-limit",
          Math.max(settings.deliveryLimit(), 10 * Math.max(1, channel.maxDeliveryAttempts())));
    }
    if (channel.ordered()) {
      args.put("x-single-active-consumer", true);
    }
    if (channel.maxLength() > 0) {
      int length =
          channel.ordered()
              ? (channel.maxLength() + settings.partitions() - 1) / settings.partitions()
              : channel.maxLength();
      args.put("x-max-length", length);
      args.put("x-overflow", "reject-publish");
    }
    admin(
        channel.name(),
        "declaring queue " + queue,
        ch -> ch.queueDeclare(queue, true, false, false, args));
  }

  @Override
  public void decommission(ChannelSpec channel) {
    if (channel.kind() != ChannelKind.QUEUE) {
      return;
    }
    for (String q : QueueNames.consumedQueues(channel, null, settings.partitions())) {
      try {
        admin(channel.name(), "deleting queue " + q, ch -> ch.queueDelete(q));
      } catch (MessagingException e) {
        LOG.warn("could not delete queue {}: {}", q, e.getMessage());
      }
    }
  }

  /** Something done on the admin channel. */
  private interface AdminCall {
    void call(Channel ch) throws IOException;
  }

  /**
   * Runs a declaration on the admin channel of the consuming connection (so the client's topology
   * recovery repeats it after a reconnect). A refused declaration closes the channel; the next call
   * opens another.
   */
  private void admin(String channelName, String action, AdminCall call) {
    synchronized (adminLock) {
      try {
        Channel ch = admin;
        if (ch == null || !ch.isOpen()) {
          ch = consumingConnection().createChannel();
          admin = ch;
        }
        call.call(ch);
      } catch (IOException | RuntimeException e) {
        throw errors.translate(e, channelName, action);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Endpoints

  @Override
  public Outbound outbound(ChannelSpec channel) {
    PublisherPool p = publishers;
    if (p == null || closed) {
      throw notStarted(channel.name());
    }
    return new RabbitMqOutbound(
        channel,
        p,
        settings.partitions(),
        errors,
        new RabbitMqTraffic(traffic, channel.name()),
        timer,
        settings.compactWire());
  }

  @Override
  public Inbound inbound(
      ChannelSpec channel, SubscriptionSpec subscription, InboundHandler handler) {
    Connection c = consumingConnection();
    RabbitMqInbound in =
        new RabbitMqInbound(
            c,
            channel,
            subscription,
            QueueNames.consumedQueues(channel, subscription, settings.partitions()),
            quorum(channel),
            handler,
            new RabbitMqTraffic(traffic, channel.name()),
            timer,
            endpoints::remove);
    endpoints.add(in);
    try {
      in.start();
    } catch (IOException | RuntimeException e) {
      in.close();
      throw errors.translate(e, channel.name(), "consuming " + channel.name());
    }
    return in;
  }

  /**
   * The processed ids of an exactly-once channel's consumer queue, in a stream every instance reads
   * (see {@link RabbitMqProcessedIdStore}), declared here if it does not exist.
   */
  @Override
  public Optional<ProcessedIdStore> processedIdStore(
      ChannelSpec channel, SubscriptionSpec subscription) {
    if (channel.guarantee() != DeliveryGuarantee.EXACTLY_ONCE) {
      return Optional.empty();
    }
    Connection c = consumingConnection();
    Connection p = publishing;
    if (p == null) {
      throw notStarted(channel.name());
    }
    String stem =
        channel.kind() == ChannelKind.TOPIC
            ? QueueNames.subscriptionQueue(channel.name(), subscription.name())
            : channel.name();
    String stream = RabbitMqProcessedIdStore.PREFIX + stem;
    admin(
        channel.name(),
        "declaring the processed-id stream " + stream,
        ch ->
            ch.queueDeclare(
                stream, true, false, false, RabbitMqProcessedIdStore.streamArguments(channel)));
    try {
      RabbitMqProcessedIdStore store =
          new RabbitMqProcessedIdStore(channel, stream, c, p, sendTimeout, errors);
      endpoints.add(store);
      return Optional.of(store);
    } catch (IOException | RuntimeException e) {
      throw errors.translate(e, channel.name(), "opening the processed-id stream " + stream);
    }
  }

  /** {@code rabbitmq}, as OpenTelemetry's messaging conventions name it. */
  @Override
  public String messagingSystem(String bindingName) {
    return "rabbitmq";
  }

  /** The ready messages of the queues the subscription consumes; see {@link RabbitMqStatistics}. */
  @Override
  public ChannelStatistics statistics(ChannelSpec channel, SubscriptionSpec subscription) {
    consumingConnection(); // fails at once when not started or closed
    return statistics.of(
        channel.name(),
        QueueNames.consumedQueues(channel, subscription, settings.partitions()),
        new RabbitMqTraffic(traffic, channel.name()));
  }

  /** {@code basic.get} without ack, ack to remove; see {@link RabbitMqInspection}. */
  @Override
  public Optional<QueueInspection> inspect(ChannelSpec queue) {
    return Optional.of(
        new RabbitMqInspection(
            consumingConnection(),
            QueueNames.consumedQueues(queue, null, settings.partitions()),
            queue.name(),
            errors));
  }

  private Connection consumingConnection() {
    Connection c = consuming;
    if (c == null || closed) {
      throw notStarted(null);
    }
    return c;
  }

  @Override
  public Health health() {
    if (closed) {
      return Health.down("closed");
    }
    if (!started) {
      return Health.down("not started");
    }
    String down = consumingDown != null ? consumingDown : publishingDown;
    Connection c = consuming;
    Connection p = publishing;
    if (down == null && (c == null || !c.isOpen() || p == null || !p.isOpen())) {
      down = "the connection to " + settings.address() + " is not open";
    }
    if (down != null) {
      return Health.down(down);
    }
    String consumingNode = node(c);
    String publishingNode = node(p);
    return Health.up(
        "connected to "
            + settings.address()
            + (consumingNode.equals(publishingNode)
                ? " (node " + consumingNode + ")"
                : " (consuming on node "
                    + consumingNode
                    + ", publishing on node "
                    + publishingNode
                    + ")"));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    statistics.close();
    for (AutoCloseable e : new ArrayList<>(endpoints)) {
      try {
        e.close();
      } catch (Exception ex) {
        LOG.warn("closing {} failed: {}", e, ex.toString());
      }
    }
    if (publishers != null) {
      publishers.close(e -> LOG.debug("closing a publisher channel failed: {}", e.toString()));
    }
    timer.shutdownNow();
    closeQuietly(publishing);
    closeQuietly(consuming);
  }

  private void closeQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close((int) Math.min(Integer.MAX_VALUE, sendTimeout.toMillis()));
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing the connection failed: {}", e.toString());
    }
  }

  private static ConnectionException notStarted(@Nullable String channel) {
    return new ConnectionException(
        RabbitMqBindingProvider.NAME,
        channel,
        "the binding is not started or already closed; call start() first",
        null);
  }

  @Override
  public String toString() {
    return "RabbitMqBinding[" + settings + "]";
  }
}
