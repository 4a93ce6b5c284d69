package io.hermod.core.internal;

import io.hermod.api.Capabilities;
import io.hermod.api.Capability;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConfirmationListener;
import io.hermod.api.DeadLetters;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Filter;
import io.hermod.api.Health;
import io.hermod.api.Message;
import io.hermod.api.MessageHandler;
import io.hermod.api.Messaging;
import io.hermod.api.MessagingException;
import io.hermod.api.Publisher;
import io.hermod.api.Receipt;
import io.hermod.api.Receiver;
import io.hermod.api.Registration;
import io.hermod.api.RequestHandler;
import io.hermod.api.Requester;
import io.hermod.api.StartPosition;
import io.hermod.api.Subscription;
import io.hermod.api.SubscriptionOptions;
import io.hermod.api.UnsupportedCapabilityException;
import io.hermod.spi.Binding;
import io.hermod.spi.Outbound;
import io.hermod.spi.PayloadCodec;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.SendObservation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Messaging} implementation: one started binding plus the channel declarations, the send
 * guard, and everything made from it. Thread-safe.
 *
 * <p>Lifecycle: created started by {@link Bootstrap}; {@link #close()} closes requesters,
 * subscriptions and receivers, then the outbound endpoints, the binding and the scheduler.
 */
public final class CoreMessaging implements Messaging {

  private static final Logger log = LoggerFactory.getLogger(CoreMessaging.class);

  private final Binding binding;
  private final String bindingName;
  private final Capabilities capabilities;
  private final CoreConfig config;
  private final Codecs codecs;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor scheduler;
  private volatile @Nullable Thread schedulerThread;
  private final SendGuard guard;
  private final Map<String, ChannelSpec> channels = new ConcurrentHashMap<>();

  /** Channels core declared by itself (dead-letter and reply queues) that a user may redeclare. */
  private final Set<String> implicit = ConcurrentHashMap.newKeySet();

  private final Map<String, Outbound> outbounds = new ConcurrentHashMap<>();

  /** The installed observers as one, or {@code null} if none: then nothing is observed. */
  private final @Nullable MessagingObserver observer;

  private final String system;

  /** The endpoint of each channel sent to, made once so observers can cache per endpoint. */
  private final Map<String, Endpoint> sendEndpoints = new ConcurrentHashMap<>();

  /** What to close with this facade, in creation order. */
  private final Map<AutoCloseable, Boolean> open =
      Collections.synchronizedMap(new LinkedHashMap<>());

  /**
   * Reply queues of requesters elsewhere that responders here answered, most recently used last;
   * bounded so a long-running responder does not remember every requester it ever saw.
   */
  private final LinkedHashMap<String, ChannelSpec> foreignReplyQueues =
      new LinkedHashMap<>(16, 0.75f, true);

  private static final int MAX_FOREIGN_REPLY_QUEUES = 256;

  private final Object declareLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Processing confirmations: this facade's settings, its consumer and its publisher side. */
  private final ConfirmSettings confirmSettings;

  private final ConfirmationSender confirmationSender;
  private final Object trackerLock = new Object();
  private volatile @Nullable ConfirmationTracker tracker;

  CoreMessaging(
      Binding binding,
      String bindingName,
      CoreConfig config,
      Codecs codecs,
      Clock clock,
      @Nullable MessagingObserver observer) {
    this(binding, bindingName, config, ConfirmSettings.defaults(), codecs, clock, observer);
  }

  CoreMessaging(
      Binding binding,
      String bindingName,
      CoreConfig config,
      ConfirmSettings confirmSettings,
      Codecs codecs,
      Clock clock,
      @Nullable MessagingObserver observer) {
    this.confirmSettings = confirmSettings;
    this.confirmationSender = new ConfirmationSender(this, confirmSettings, clock, bindingName);
    this.binding = binding;
    this.bindingName = bindingName;
    this.observer = observer;
    this.system = binding.messagingSystem(bindingName);
    this.capabilities = binding.capabilities();
    this.config = config;
    this.codecs = codecs;
    this.clock = clock;
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "hermod-" + bindingName + "-scheduler");
              t.setDaemon(true);
              schedulerThread = t;
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    this.guard = new SendGuard(bindingName, config, scheduler, observer);
  }

  // ---- internals used by publishers, subscriptions and requesters

  Binding binding() {
    return binding;
  }

  CoreConfig config() {
    return config;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  void ensureOpen() {
    if (closed.get()) {
      throw new MessagingException(
          bindingName, null, "messaging is closed; create a new one", null);
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  void forget(AutoCloseable resource) {
    open.remove(resource);
  }

  /** The installed observers as one, or {@code null} if none. */
  @Nullable MessagingObserver observer() {
    return observer;
  }

  /** The endpoint of sends to a channel, the same instance every time. */
  Endpoint sendEndpoint(ChannelSpec spec) {
    Endpoint e = sendEndpoints.get(spec.name());
    return e != null
        ? e
        : sendEndpoints.computeIfAbsent(
            spec.name(), n -> new Endpoint(bindingName, system, spec, null));
  }

  /** A new endpoint for a subscription or receiver of a channel. */
  Endpoint endpoint(ChannelSpec spec, String subscription) {
    return new Endpoint(bindingName, system, spec, subscription);
  }

  /**
   * Sends encoded messages through the send guard (timeout and circuit breaker), observed when an
   * observer is installed.
   */
  List<CompletableFuture<Receipt>> sendRaw(ChannelSpec spec, List<Message<byte[]>> batch) {
    MessagingObserver o = observer;
    if (o == null) {
      return guarded(spec, batch, null);
    }
    Endpoint endpoint = sendEndpoint(spec);
    int size = batch.size();
    SendObservation[] sends = null;
    List<Message<byte[]>> observed = batch;
    for (int i = 0; i < size; i++) {
      Message<byte[]> m = batch.get(i);
      SendObservation send = o.sending(endpoint, m);
      if (send == SendObservation.NONE) {
        continue;
      }
      if (sends == null) {
        sends = new SendObservation[size];
      }
      sends[i] = send;
      Map<String, String> headers = send.headers();
      if (!headers.isEmpty()) {
        if (observed == batch) {
          observed = new ArrayList<>(batch);
        }
        observed.set(i, m.withHeaders(headers));
      }
    }
    // The guard tells each observation its outcome before the caller sees it.
    return guarded(spec, observed, sends);
  }

  private List<CompletableFuture<Receipt>> guarded(
      ChannelSpec spec, List<Message<byte[]>> batch, @Nullable SendObservation[] observations) {
    return guard.send(
        spec.name(),
        batch.size(),
        () -> outbounds.computeIfAbsent(spec.name(), n -> binding.outbound(spec)).send(batch),
        observations);
  }

  /** The consumer side of processing confirmations. */
  ConfirmationSender confirmationSender() {
    return confirmationSender;
  }

  /**
   * The publisher side of processing confirmations, made (with its confirmation channel and the
   * subscription on it) at the first call.
   */
  ConfirmationTracker confirmationTracker() {
    ConfirmationTracker t = tracker;
    if (t != null) {
      return t;
    }
    synchronized (trackerLock) {
      ensureOpen();
      t = tracker;
      if (t != null) {
        return t;
      }
      String durableName = confirmSettings.channel();
      ChannelSpec spec =
          durableName == null
              ? declareImplicit(
                  replyQueueSpec("hermod.confirm." + UUID.randomUUID().toString().substring(0, 8)))
              : declareImplicit(
                  resolveDurability(
                      ChannelSpec.queue(durableName)
                          .durability(Durability.PREFER_PERSISTENT)
                          .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                          .deadLetter(false)
                          .build()));
      t = new ConfirmationTracker(this, confirmSettings, spec, durableName != null);
      open.put(t, Boolean.TRUE);
      try {
        t.listen(
            subscribe(
                spec,
                byte[].class,
                // Merging is thread-safe; several workers keep up with a burst of confirmations
                // on a broker that settles each message in its own call.
                SubscriptionOptions.builder().name("confirmations").concurrency(4).build(),
                t::onConfirmation));
      } catch (RuntimeException e) {
        open.remove(t);
        t.close();
        throw e;
      }
      tracker = t;
      return t;
    }
  }

  @Override
  public void confirmations(ConfirmationListener listener) {
    if (listener == null) {
      throw new NullPointerException("confirmations(null): pass a ConfirmationListener");
    }
    confirmationTracker().listener(listener);
  }

  /** The dead-letter queue of a channel, as core provisions it. */
  ChannelSpec deadLetterSpec(ChannelSpec spec) {
    ChannelSpec declared = channels.get(spec.deadLetterChannel());
    if (declared != null) {
      return declared;
    }
    return ChannelSpec.queue(spec.deadLetterChannel())
        .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .durability(spec.durability())
        .deadLetter(false)
        .build();
  }

  /** The settings of an RPC reply queue. */
  static ChannelSpec replyQueueSpec(String name) {
    return ChannelSpec.queue(name)
        .durability(Durability.MEMORY)
        .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .deadLetter(false)
        .maxDeliveryAttempts(1)
        .build();
  }

  void decommission(ChannelSpec spec) {
    channels.remove(spec.name(), spec);
    implicit.remove(spec.name());
    Outbound o = outbounds.remove(spec.name());
    try {
      if (o != null) {
        o.close();
      }
      binding.decommission(spec);
    } catch (RuntimeException e) {
      log.warn("cannot remove temporary channel {}: {}", spec.name(), e.toString());
    }
  }

  // ---- Messaging

  @Override
  public Messaging declare(ChannelSpec declared) {
    ensureOpen();
    ChannelSpec spec = resolveDurability(declared);
    synchronized (declareLock) {
      ChannelSpec existing = channels.get(spec.name());
      if (existing != null && !implicit.contains(spec.name())) {
        if (existing.equals(spec)) {
          return this;
        }
        throw new ConfigurationException(
            bindingName,
            spec.name(),
            "channel '" + spec.name() + "'",
            List.of(
                "already declared as "
                    + existing
                    + ", cannot declare it again as "
                    + spec
                    + "; declare it the same way everywhere or use another name"));
      }
      checkCapabilities(spec);
      binding.provision(spec);
      if (spec.deadLetter()) {
        String dlqName = spec.deadLetterChannel();
        if (!channels.containsKey(dlqName)) {
          ChannelSpec dlq = deadLetterSpec(spec);
          checkCapabilities(dlq);
          binding.provision(dlq);
          channels.put(dlqName, dlq);
          implicit.add(dlqName);
        }
      }
      channels.put(spec.name(), spec);
      implicit.remove(spec.name());
      log.debug("declared {}", spec);
      return this;
    }
  }

  /** Turns {@link Durability#PREFER_PERSISTENT} into what this binding can keep. */
  private ChannelSpec resolveDurability(ChannelSpec spec) {
    if (spec.durability() != Durability.PREFER_PERSISTENT) {
      return spec;
    }
    return spec.toBuilder()
        .durability(
            capabilities.supports(Capability.PERSISTENT)
                ? Durability.PERSISTENT
                : Durability.MEMORY)
        .build();
  }

  /**
   * The channel a reply goes to: the local declaration if there is one, else a reply-queue spec
   * (provisioned once, idempotently) for a requester in another process.
   */
  ChannelSpec replyChannel(String name) {
    ChannelSpec local = channels.get(name);
    if (local != null) {
      return local;
    }
    synchronized (foreignReplyQueues) {
      ChannelSpec spec = foreignReplyQueues.get(name);
      if (spec == null) {
        spec = replyQueueSpec(name);
        binding.provision(spec);
        foreignReplyQueues.put(name, spec);
        if (foreignReplyQueues.size() > MAX_FOREIGN_REPLY_QUEUES) {
          String eldest = foreignReplyQueues.keySet().iterator().next();
          foreignReplyQueues.remove(eldest);
          Outbound o = outbounds.remove(eldest);
          if (o != null) {
            o.close();
          }
        }
      }
      return spec;
    }
  }

  /** Declares a channel core needs by itself, unless it is declared already. */
  ChannelSpec declareImplicit(ChannelSpec spec) {
    synchronized (declareLock) {
      ChannelSpec existing = channels.get(spec.name());
      if (existing != null) {
        return existing;
      }
      checkCapabilities(spec);
      binding.provision(spec);
      channels.put(spec.name(), spec);
      implicit.add(spec.name());
      return spec;
    }
  }

  private void checkCapabilities(ChannelSpec spec) {
    String name = spec.name();
    if (spec.guarantee() == DeliveryGuarantee.EXACTLY_ONCE
        && !capabilities.supports(Capability.EXACTLY_ONCE)) {
      throw new UnsupportedCapabilityException(
          bindingName,
          name,
          Capability.EXACTLY_ONCE,
          "channel '"
              + name
              + "' asks for EXACTLY_ONCE but binding '"
              + bindingName
              + "' cannot keep it; declare it with .guarantee(DeliveryGuarantee.AT_LEAST_ONCE) and"
              + " make the handler idempotent, or choose a binding that declares EXACTLY_ONCE");
    }
    if (spec.durability() == Durability.PERSISTENT
        && !capabilities.supports(Capability.PERSISTENT)) {
      throw new UnsupportedCapabilityException(
          bindingName,
          name,
          Capability.PERSISTENT,
          "channel '"
              + name
              + "' asks for PERSISTENT durability but binding '"
              + bindingName
              + "' keeps messages in memory only; declare it with .durability(Durability.MEMORY)"
              + " or choose a persistent binding");
    }
    if (spec.maxLength() > 0 && !capabilities.supports(Capability.BOUNDED)) {
      throw new UnsupportedCapabilityException(
          bindingName,
          name,
          Capability.BOUNDED,
          "channel '"
              + name
              + "' asks for maxLength "
              + spec.maxLength()
              + " but binding '"
              + bindingName
              + "' cannot bound channels; declare it with .maxLength(0, OverflowPolicy.REJECT)"
              + " (unbounded) or choose a binding that declares BOUNDED");
    }
    if (spec.ttl() != null && !capabilities.supports(Capability.TTL)) {
      throw new UnsupportedCapabilityException(
          bindingName,
          name,
          Capability.TTL,
          "channel '"
              + name
              + "' asks for a ttl of "
              + Durations.format(spec.ttl())
              + " but binding '"
              + bindingName
              + "' cannot expire messages; declare it with .ttl(null) or choose a binding that"
              + " declares TTL");
    }
  }

  /**
   * A topic subscription can start at the earliest retained message only where the broker replays;
   * elsewhere it would silently start at the latest. (A queue delivers everything it retains
   * whatever the start position, so only topics are checked.)
   */
  private void checkStartPosition(ChannelSpec spec, SubscriptionOptions options) {
    if (spec.kind() == ChannelKind.TOPIC
        && options.startPosition() == StartPosition.EARLIEST
        && !capabilities.supports(Capability.REPLAY)) {
      throw new UnsupportedCapabilityException(
          bindingName,
          spec.name(),
          Capability.REPLAY,
          "subscription '"
              + options.name()
              + "' on topic '"
              + spec.name()
              + "' asks for StartPosition.EARLIEST but binding '"
              + bindingName
              + "' cannot replay retained messages; subscribe with StartPosition.LATEST (the"
              + " default: a subscription receives what is published once it exists) or choose a"
              + " binding that declares REPLAY");
    }
  }

  @Override
  public Optional<ChannelSpec> channel(String name) {
    return Optional.ofNullable(channels.get(name));
  }

  private ChannelSpec require(String channel) {
    ensureOpen();
    ChannelSpec spec = channels.get(channel);
    if (spec == null) {
      throw new ConfigurationException(
          bindingName,
          channel,
          "channel '" + channel + "'",
          List.of(
              "channel '"
                  + channel
                  + "' is not declared; declare it first with messaging.declare(ChannelSpec.queue(\""
                  + channel
                  + "\").build()) (or ChannelSpec.topic) or Hermod.builder().declare(...)"));
    }
    return spec;
  }

  @Override
  public <T> Publisher<T> publisher(String channel, Class<T> payloadType) {
    ChannelSpec spec = require(channel);
    return new CorePublisher<>(this, spec, codecs.forType(payloadType));
  }

  @Override
  public <T> Subscription subscribe(
      String channel,
      Class<T> payloadType,
      SubscriptionOptions options,
      MessageHandler<T> handler) {
    return subscribe(require(channel), payloadType, options, handler);
  }

  private <T> PushSubscription<T> subscribe(
      ChannelSpec spec,
      Class<T> payloadType,
      SubscriptionOptions options,
      MessageHandler<T> handler) {
    checkStartPosition(spec, options);
    ConsumerPipeline<T> pipeline =
        new ConsumerPipeline<>(
            this,
            spec,
            options.name(),
            payloadType,
            codecs.forType(payloadType),
            options.filter(),
            clock);
    PushSubscription<T> sub = new PushSubscription<>(this, pipeline, options, handler);
    open.put(sub, Boolean.TRUE);
    try {
      sub.start();
    } catch (RuntimeException e) {
      open.remove(sub);
      throw e;
    }
    return sub;
  }

  @Override
  public <T> Receiver<T> receiver(
      String channel, Class<T> payloadType, SubscriptionOptions options) {
    ChannelSpec spec = require(channel);
    checkStartPosition(spec, options);
    ConsumerPipeline<T> pipeline =
        new ConsumerPipeline<>(
            this,
            spec,
            options.name(),
            payloadType,
            codecs.forType(payloadType),
            options.filter(),
            clock);
    PullReceiver<T> receiver = new PullReceiver<>(this, pipeline, options);
    open.put(receiver, Boolean.TRUE);
    try {
      receiver.start();
    } catch (RuntimeException e) {
      open.remove(receiver);
      throw e;
    }
    return receiver;
  }

  @Override
  public <Q, R> Requester<Q, R> requester(
      String channel, Class<Q> requestType, Class<R> replyType, Duration timeout) {
    ChannelSpec spec = require(channel);
    Duration t =
        timeout == null || timeout.isNegative() || timeout.isZero()
            ? config.requestTimeout()
            : timeout;
    String suffix = ".reply." + UUID.randomUUID().toString().substring(0, 8);
    String base =
        channel.length() + suffix.length() > 200
            ? channel.substring(0, 200 - suffix.length())
            : channel;
    ChannelSpec replySpec = declareImplicit(replyQueueSpec(base + suffix));
    CoreRequester<Q, R> requester =
        new CoreRequester<>(
            this,
            spec,
            replySpec,
            new CorePublisher<>(this, spec, codecs.forType(requestType)),
            codecs.forType(replyType),
            replyType,
            t);
    open.put(requester, Boolean.TRUE);
    try {
      requester.listen(
          subscribe(
              replySpec, byte[].class, SubscriptionOptions.named("requester"), requester::onReply));
    } catch (RuntimeException e) {
      requester.close();
      throw e;
    }
    return requester;
  }

  @Override
  public <Q, R> Subscription respond(
      String channel,
      Class<Q> requestType,
      Class<R> replyType,
      SubscriptionOptions options,
      RequestHandler<Q, R> handler) {
    ChannelSpec spec = require(channel);
    PayloadCodec replyCodec = codecs.forType(replyType);
    MessageHandler<Q> responder =
        d -> {
          Message<Q> request = d.message();
          String replyTo = request.replyTo();
          if (replyTo == null) {
            log.warn(
                "request {} on {} has no reply-to; acknowledged without an answer",
                request.id(),
                channel);
            return;
          }
          R result = handler.handle(d);
          if (result == null) {
            throw new IllegalStateException(
                "request handler returned null for request " + request.id());
          }
          String correlationId =
              request.correlationId() != null ? request.correlationId() : request.id();
          ChannelSpec replySpec = replyChannel(replyTo);
          Message<R> reply = Message.builder(result).correlationId(correlationId).build();
          new CorePublisher<R>(this, replySpec, replyCodec)
              .send(reply)
              .toCompletableFuture()
              .get(config.sendTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        };
    return subscribe(spec, requestType, options, responder);
  }

  @Override
  public Registration register(Object bean) {
    ensureOpen();
    return AnnotatedListeners.register(this, bean);
  }

  @Override
  public <T> T client(Class<T> type) {
    ensureOpen();
    return ClientProxy.create(this, type);
  }

  @Override
  public DeadLetters deadLetters(String channel) {
    ChannelSpec spec = require(channel);
    return new CoreDeadLetters(this, spec, declareImplicit(deadLetterSpec(spec)));
  }

  @Override
  public String bindingName() {
    return bindingName;
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public ChannelStatistics statistics(String channel, String subscription) {
    ensureOpen();
    ChannelSpec spec = require(channel);
    if (subscription == null || subscription.isBlank()) {
      throw new IllegalArgumentException(
          "statistics of channel '" + channel + "': name the subscription to read");
    }
    return statisticsOf(spec, subscription);
  }

  /** Asks the binding about a subscription's queue; its failures carry the channel. */
  ChannelStatistics statisticsOf(ChannelSpec spec, String subscription) {
    SubscriptionSpec sub =
        new SubscriptionSpec(subscription, Filter.none(), 1, StartPosition.EARLIEST);
    try {
      ChannelStatistics s = binding.statistics(spec, sub);
      if (s == null) {
        throw new IllegalStateException("binding returned null statistics");
      }
      return s;
    } catch (MessagingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new MessagingException(
          bindingName,
          spec.name(),
          "cannot read the statistics of subscription '"
              + subscription
              + "': "
              + e
              + "; check that the broker is reachable",
          e);
    }
  }

  @Override
  public Health health() {
    try {
      return binding.health();
    } catch (RuntimeException e) {
      return Health.down(
          "health check of binding '" + bindingName + "' failed: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<AutoCloseable> resources;
    synchronized (open) {
      resources = new ArrayList<>(open.keySet());
    }
    // Requesters first (they own subscriptions), then the rest, newest first.
    Collections.reverse(resources);
    resources.sort(
        (a, b) -> Boolean.compare(!(a instanceof CoreRequester), !(b instanceof CoreRequester)));
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", r, e.toString());
      }
    }
    // Confirmations of what the closed subscriptions settled go out before the endpoints close.
    confirmationSender.close(Duration.ofSeconds(2));
    // Flush: every send accepted before close completes (confirmed, failed or timed out) first.
    if (!guard.flush(Duration.ofSeconds(1))) {
      log.warn(
          "closing with sends still unconfirmed after {}", Durations.format(config.sendTimeout()));
    }
    for (Outbound o : outbounds.values()) {
      try {
        o.close();
      } catch (RuntimeException e) {
        log.warn("closing an outbound endpoint failed: {}", e.toString());
      }
    }
    outbounds.clear();
    try {
      binding.close();
    } catch (RuntimeException e) {
      log.warn("closing binding '{}' failed: {}", bindingName, e.toString());
    }
    scheduler.shutdownNow();
    if (Thread.currentThread() != schedulerThread) {
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (observer != null) {
      observer.closed(bindingName);
    }
  }

  @Override
  public String toString() {
    return "Messaging[binding=" + bindingName + ", channels=" + channels.keySet() + "]";
  }
}
