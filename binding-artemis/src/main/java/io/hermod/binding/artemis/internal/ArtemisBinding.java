package io.hermod.binding.artemis.internal;

import static io.hermod.binding.artemis.internal.ArtemisSettings.fullKey;

import io.hermod.api.AuthenticationException;
import io.hermod.api.Capabilities;
import io.hermod.api.Capability;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
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
import io.hermod.spi.support.Settings;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.activemq.artemis.api.core.ActiveMQAddressExistsException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQNonExistentQueueException;
import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.FailoverEventType;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Artemis binding: one JMS connection for the inbound endpoints (one session each) and a core
 * session for provisioning, and a second connection for the pool of producer sessions, which send
 * asynchronously and so need a confirmation window the consumers do not. Thread-safe.
 *
 * <p>Reconnection is Artemis's own (infinite reconnect attempts): sessions, producers and consumers
 * are recreated by the client when the broker comes back; health follows both connections' failover
 * events, and a producer connection failure fails every unconfirmed send.
 */
final class ArtemisBinding implements Binding {

  private static final Logger LOG = LoggerFactory.getLogger(ArtemisBinding.class);

  /**
   * Everything Hermod defines but bounded channels (address-full policies are broker configuration
   * the client cannot set) and replay (queues do not retain consumed messages).
   */
  private static final Set<Capability> CAPABILITIES =
      EnumSet.complementOf(EnumSet.of(Capability.BOUNDED, Capability.REPLAY));

  private final ArtemisSettings settings;
  private final Duration sendTimeout;
  private final Duration connectTimeout;
  private final ArtemisErrors errors = new ArtemisErrors();
  private final Capabilities capabilities;
  private final List<AutoCloseable> endpoints = new CopyOnWriteArrayList<>();
  private final Object adminLock = new Object();
  private @Nullable ActiveMQConnectionFactory factory;
  private @Nullable Connection connection;
  private @Nullable ActiveMQConnectionFactory producerFactory;
  private @Nullable Connection producerConnection;
  private @Nullable Session adminSession;
  private @Nullable ProducerPool producers;
  private volatile Health health = Health.down("not started");
  private volatile @Nullable Health producerTrouble;
  private volatile boolean closed;
  private final BrokerTraffic traffic;
  private final ArtemisStatistics statistics;

  /**
   * An unstarted binding.
   *
   * @param settings the {@code hermod.artemis.*} settings
   * @param sendTimeout core's send timeout: receipts, and the client's call and failover timeouts
   * @param connectTimeout core's connect timeout: the bound of the whole start
   * @param traffic where the requests to the broker are counted (see {@link ArtemisTraffic})
   */
  ArtemisBinding(
      ArtemisSettings settings,
      Duration sendTimeout,
      Duration connectTimeout,
      BrokerTraffic traffic) {
    this.settings = settings;
    this.traffic = traffic;
    this.statistics = new ArtemisStatistics(this::consumerConnection, errors, traffic);
    this.sendTimeout = sendTimeout;
    this.connectTimeout = connectTimeout;
    this.capabilities = new Capabilities(CAPABILITIES, settings.maxPayloadBytes());
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public synchronized void start() {
    if (connection != null) {
      return;
    }
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    ActiveMQConnectionFactory f =
        new ActiveMQConnectionFactory(settings.brokerUrl(sendTimeout, connectTimeout));
    ActiveMQConnectionFactory pf =
        new ActiveMQConnectionFactory(settings.producerBrokerUrl(sendTimeout, connectTimeout));
    // The two connections are opened at the same time and waited for until one deadline, so a
    // start that cannot connect fails after the connect timeout, not two of them, and not after
    // the client's TLS handshake timeout (Netty's 10 s, which the client does not let a URL set).
    // With TLS, a handshake of the binding's own runs beside them to name the cause if they fail
    // (the client only logs why a handshake failed).
    CompletableFuture<Connection> consumerConnect = inBackground("connect", () -> connect(f));
    CompletableFuture<Connection> producerConnect =
        inBackground("connect-producers", () -> connect(pf));
    CompletableFuture<@Nullable String> tlsCause =
        settings.tls().enabled()
            ? inBackground(
                "tls-check", () -> TlsDiagnosis.diagnose(settings, connectTimeout, deadline))
            : CompletableFuture.completedFuture(null);
    Connection c = null;
    Connection pc = null;
    try {
      c = await(consumerConnect, deadline);
      ((ActiveMQConnection) c).setFailoverListener(this::onFailoverEvent);
      Session admin = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      pc = await(producerConnect, deadline);
      ((ActiveMQConnection) pc).setFailoverListener(this::onProducerFailoverEvent);
      ProducerPool pool = new ProducerPool(pc, settings.producerSessions(), sendTimeout);
      c.start();
      factory = f;
      connection = c;
      producerFactory = pf;
      producerConnection = pc;
      adminSession = admin;
      producers = pool;
      health = Health.up("connected to " + ArtemisSettings.redact(settings.url()));
      LOG.info("Artemis binding connected to {}", ArtemisSettings.redact(settings.url()));
    } catch (JMSException | RuntimeException e) {
      closeQuietly(pc);
      closeQuietly(c);
      // A connection may still be opening: close it whenever it arrives.
      consumerConnect.thenAccept(ArtemisBinding::closeQuietly);
      producerConnect.thenAccept(ArtemisBinding::closeQuietly);
      pf.close();
      f.close();
      throw startFailure(e, tlsCause, deadline);
    }
  }

  /** Something that may fail with a JMS exception. */
  private interface JmsCall<T> {
    T call() throws JMSException;
  }

  private static <T> CompletableFuture<T> inBackground(String what, JmsCall<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(call.call());
              } catch (JMSException | RuntimeException e) {
                result.completeExceptionally(e);
              }
            },
            "hermod-" + ArtemisBindingProvider.NAME + "-" + what);
    t.setDaemon(true);
    t.start();
    return result;
  }

  /** A moment past the deadline for an attempt that ends right at it to report. */
  private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private Connection await(CompletableFuture<Connection> f, long deadline) throws JMSException {
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()) + GRACE_NANOS, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new JMSException(
          "no connection within the connect timeout " + Settings.formatDuration(connectTimeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JMSException("interrupted while connecting");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JMSException jms) {
        throw jms;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private Connection connect(ActiveMQConnectionFactory f) throws JMSException {
    Connection c =
        settings.username() == null
            ? f.createConnection()
            : f.createConnection(settings.username(), settings.password());
    // Artemis calls the exception listener on every connection failure, also when it then
    // reconnects; health follows the failover events instead.
    c.setExceptionListener(
        e ->
            LOG.warn(
                "Artemis connection to {}: {}",
                ArtemisSettings.redact(settings.url()),
                e.toString()));
    return c;
  }

  private MessagingException startFailure(
      Exception e, CompletableFuture<@Nullable String> tlsCause, long deadline) {
    String url = ArtemisSettings.redact(settings.url());
    MessagingException translated = errors.translate(e, null, "connecting to " + url);
    if (translated instanceof AuthenticationException) {
      return translated;
    }
    String tls = tlsCauseBy(tlsCause, deadline);
    if (tls != null) {
      return new ConnectionException(
          ArtemisBindingProvider.NAME, null, "cannot connect to " + url + " over TLS: " + tls, e);
    }
    return new ConnectionException(
        ArtemisBindingProvider.NAME,
        null,
        "cannot connect to "
            + url
            + " within "
            + Settings.formatDuration(connectTimeout)
            + " ("
            + e.getMessage()
            + "); check "
            + fullKey(ArtemisSettings.URL)
            + " and that the broker is running"
            + (settings.tls().enabled()
                ? ""
                : " (if that acceptor uses TLS, set "
                    + fullKey(ArtemisSettings.TLS_ENABLED)
                    + "=true)"),
        e);
  }

  /**
   * The TLS check's finding, waited for no longer than the start's deadline (plus a moment for the
   * check to report): it began with the connection attempts and has the same deadline.
   */
  private static @Nullable String tlsCauseBy(
      CompletableFuture<@Nullable String> tlsCause, long deadline) {
    long wait = Math.max(0, deadline - System.nanoTime()) + GRACE_NANOS;
    try {
      return tlsCause.get(wait, TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void onFailoverEvent(FailoverEventType type) {
    switch (type) {
      case FAILURE_DETECTED -> {
        health =
            Health.down(
                "connection to " + ArtemisSettings.redact(settings.url()) + " lost, reconnecting");
        LOG.warn("Artemis connection lost, reconnecting");
      }
      case FAILOVER_COMPLETED -> {
        health = Health.up("reconnected to " + ArtemisSettings.redact(settings.url()));
        LOG.info("Artemis connection re-established");
      }
      case FAILOVER_FAILED -> {
        health =
            Health.down("reconnecting to " + ArtemisSettings.redact(settings.url()) + " failed");
        LOG.error("Artemis reconnection failed");
      }
    }
  }

  private void onProducerFailoverEvent(FailoverEventType type) {
    switch (type) {
      case FAILURE_DETECTED -> {
        producerTrouble =
            Health.down(
                "producer connection to "
                    + ArtemisSettings.redact(settings.url())
                    + " lost, reconnecting");
        LOG.warn("Artemis producer connection lost, reconnecting");
        // A send the broker has not confirmed yet may or may not be stored: report it failed now
        // (the sender may retry, at worst a duplicate), so no confirmation that arrives while the
        // client fails over can turn into a receipt for a message that was never stored. The
        // Artemis client also fails the completion listeners of the sends it gives up on.
        ProducerPool p = producers;
        if (p != null) {
          p.failPending("the connection to the broker was lost before it confirmed the send");
        }
      }
      case FAILOVER_COMPLETED -> {
        producerTrouble = null;
        LOG.info("Artemis producer connection re-established");
      }
      case FAILOVER_FAILED -> {
        producerTrouble =
            Health.down(
                "reconnecting the producer connection to "
                    + ArtemisSettings.redact(settings.url())
                    + " failed");
        LOG.error("Artemis producer reconnection failed");
      }
    }
  }

  @Override
  public void provision(ChannelSpec channel) {
    boolean durable = channel.durability() == Durability.PERSISTENT;
    if (channel.kind() == ChannelKind.QUEUE) {
      createAddress(channel.name(), RoutingType.ANYCAST);
      createQueue(
          channel.name(),
          QueueConfiguration.of(channel.name())
              .setAddress(channel.name())
              .setRoutingType(RoutingType.ANYCAST)
              .setDurable(durable)
              .setAutoCreateAddress(false));
    } else {
      createAddress(channel.name(), RoutingType.MULTICAST);
    }
  }

  @Override
  public void provisionSubscription(ChannelSpec channel, SubscriptionSpec subscription) {
    if (channel.kind() != ChannelKind.TOPIC) {
      return;
    }
    createAddress(channel.name(), RoutingType.MULTICAST);
    String queue = JmsNames.subscriptionQueue(channel.name(), subscription.name());
    QueueConfiguration q =
        QueueConfiguration.of(queue)
            .setAddress(channel.name())
            .setRoutingType(RoutingType.MULTICAST)
            .setDurable(channel.durability() == Durability.PERSISTENT)
            .setAutoCreateAddress(false);
    String selector = Selectors.of(subscription.filter());
    if (selector != null) {
      q.setFilterString(selector);
    }
    createQueue(channel.name(), q);
  }

  @Override
  public void decommission(ChannelSpec channel) {
    if (channel.kind() != ChannelKind.QUEUE) {
      return;
    }
    synchronized (adminLock) {
      try {
        core().deleteQueue(channel.name());
      } catch (ActiveMQNonExistentQueueException e) {
        // Already gone: decommissioning is idempotent.
      } catch (ActiveMQException e) {
        LOG.warn("could not delete queue {}: {}", channel.name(), e.toString());
      }
    }
  }

  private void createAddress(String name, RoutingType type) {
    synchronized (adminLock) {
      try {
        core().createAddress(SimpleString.of(name), type, false);
      } catch (ActiveMQAddressExistsException e) {
        // Provisioning is idempotent.
      } catch (ActiveMQException e) {
        throw errors.translate(e, name, "creating address " + name);
      }
    }
  }

  private void createQueue(String channel, QueueConfiguration q) {
    synchronized (adminLock) {
      try {
        core().createQueue(q);
      } catch (ActiveMQQueueExistsException e) {
        // Provisioning is idempotent; an existing subscription keeps its filter.
      } catch (ActiveMQException e) {
        throw errors.translate(e, channel, "creating queue " + q.getName());
      }
    }
  }

  private ClientSession core() {
    Session s = adminSession;
    if (s == null) {
      throw notStarted(null);
    }
    return ((ActiveMQSession) s).getCoreSession();
  }

  @Override
  public Outbound outbound(ChannelSpec channel) {
    ProducerPool p = producers;
    if (p == null) {
      throw notStarted(channel.name());
    }
    return new ArtemisOutbound(
        channel, p, errors, new ArtemisTraffic(traffic, channel.name()), settings.compactWire());
  }

  @Override
  public Inbound inbound(
      ChannelSpec channel, SubscriptionSpec subscription, InboundHandler handler) {
    Connection c = connection;
    if (c == null) {
      throw notStarted(channel.name());
    }
    ArtemisInbound in =
        new ArtemisInbound(
            c,
            channel,
            subscription,
            handler,
            errors,
            endpoints::remove,
            new ArtemisTraffic(traffic, channel.name()));
    endpoints.add(in);
    in.start();
    return in;
  }

  /**
   * A processed-id store kept by the broker for an exactly-once channel (see {@link
   * ArtemisProcessedIdStore}). Its address and queue are created here, up front and explicitly, so
   * the broker never auto-deletes them; the queue is durable for a persistent channel.
   */
  @Override
  public Optional<ProcessedIdStore> processedIdStore(
      ChannelSpec channel, SubscriptionSpec subscription) {
    if (channel.guarantee() != DeliveryGuarantee.EXACTLY_ONCE) {
      return Optional.empty();
    }
    Connection c = connection;
    ProducerPool p = producers;
    if (c == null || p == null) {
      throw notStarted(channel.name());
    }
    String name = ArtemisProcessedIdStore.queueName(channel, subscription);
    createAddress(name, RoutingType.ANYCAST);
    createQueue(
        channel.name(),
        QueueConfiguration.of(name)
            .setAddress(name)
            .setRoutingType(RoutingType.ANYCAST)
            .setDurable(channel.durability() == Durability.PERSISTENT)
            .setAutoCreateAddress(false)
            .setAutoDelete(false));
    ArtemisProcessedIdStore store =
        new ArtemisProcessedIdStore(channel, subscription, c, p, errors);
    return Optional.of(store);
  }

  /** {@code activemq}, as OpenTelemetry's messaging conventions name ActiveMQ (Artemis too). */
  @Override
  public String messagingSystem(String bindingName) {
    return "activemq";
  }

  /**
   * The counts of the queue the subscription consumes: the channel's queue, or the topic
   * subscription's queue; see {@link ArtemisStatistics}.
   */
  @Override
  public ChannelStatistics statistics(ChannelSpec channel, SubscriptionSpec subscription) {
    String queue =
        channel.kind() == ChannelKind.TOPIC
            ? JmsNames.subscriptionQueue(channel.name(), subscription.name())
            : channel.name();
    consumerConnection(); // fails at once when not started or closed
    return statistics.of(channel.name(), queue);
  }

  /**
   * Browses with a {@code QueueBrowser}, removes by {@code JMSMessageID}; see {@link
   * ArtemisInspection}.
   */
  @Override
  public Optional<QueueInspection> inspect(ChannelSpec queue) {
    return Optional.of(new ArtemisInspection(consumerConnection(), queue.name(), errors));
  }

  private Connection consumerConnection() {
    Connection c = connection;
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
    Health h = health;
    Health producerHealth = producerTrouble;
    return producerHealth != null && h.isUp() ? producerHealth : h;
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
    if (producers != null) {
      producers.close();
    }
    closeQuietly(producerConnection);
    if (producerFactory != null) {
      producerFactory.close();
    }
    closeQuietly(connection);
    if (factory != null) {
      factory.close();
    }
    health = Health.down("closed");
  }

  private static void closeQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (JMSException | RuntimeException e) {
      LOG.debug("closing the connection failed: {}", e.toString());
    }
  }

  private static ConnectionException notStarted(@Nullable String channel) {
    return new ConnectionException(
        ArtemisBindingProvider.NAME,
        channel,
        "the binding is not started or already closed; call start() first",
        null);
  }

  @Override
  public String toString() {
    return "ArtemisBinding[" + settings + "]";
  }
}
