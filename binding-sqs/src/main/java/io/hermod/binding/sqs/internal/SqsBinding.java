package io.hermod.binding.sqs.internal;

import io.hermod.api.Capabilities;
import io.hermod.api.Capability;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.ConfigurationException;
import io.hermod.api.Health;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.UnsupportedCapabilityException;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.Outbound;
import io.hermod.spi.QueueInspection;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.support.BindingErrors;
import io.hermod.spi.support.Settings;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Hermod channels on SQS queues. A queue channel is one queue (FIFO for exactly-once); a topic has
 * no queue of its own: each subscription is a queue tagged with its topic and filter, and
 * publishers fan out to them. Dead-lettering is core's, backed by an SQS redrive policy to the
 * {@code <channel>.dlq} queue as a safety net. Thread-safe.
 */
final class SqsBinding implements Binding {

  private static final Logger LOG = LoggerFactory.getLogger(SqsBinding.class);

  /** Room kept in every SQS message for attributes when the payload is at its maximum. */
  static final int ATTRIBUTE_RESERVE = 16_384;

  /**
   * Receives beyond the channel's delivery attempts before the redrive policy moves a message: a
   * consumer closing or pausing returns messages unprocessed, which SQS counts as receives too.
   */
  static final int REDRIVE_EXTRA_RECEIVES = 3;

  /** How long {@link #statistics} may take: it is polled by meters and {@code hermod stats}. */
  static final Duration STATISTICS_TIMEOUT = Duration.ofSeconds(2);

  /** The OpenTelemetry {@code messaging.system} of SQS. */
  static final String MESSAGING_SYSTEM = "aws_sqs";

  /** How long SQS FIFO queues drop a resent deduplication id (fixed by AWS). */
  static final Duration FIFO_DEDUP_INTERVAL = Duration.ofMinutes(5);

  /**
   * Every capability but four, which SQS cannot promise for the reasons the README's capabilities
   * section gives: filters are applied by publishers at fan-out, only FIFO queues deduplicate,
   * queues cannot be bounded, and consumed messages are deleted.
   */
  private static final Set<Capability> PROMISED =
      Collections.unmodifiableSet(
          EnumSet.complementOf(
              EnumSet.of(
                  Capability.BROKER_FILTERING,
                  Capability.NATIVE_DEDUP,
                  Capability.BOUNDED,
                  Capability.REPLAY)));

  private final BindingContext context;
  private final SqsErrors errors = new SqsErrors();
  private final SqsSettings settings;
  private final QueueNames names;
  private final Capabilities capabilities;
  private final Set<SqsInbound> inbounds = ConcurrentHashMap.newKeySet();
  private final Map<String, SqsOutbound> outbounds = new ConcurrentHashMap<>();

  /** Open inspections: closing the binding gives their messages back while the client is up. */
  private final Set<SqsInspection> inspections = ConcurrentHashMap.newKeySet();

  private final SqsTraffic traffic;

  private volatile @Nullable SqsAsyncClient client;
  private volatile @Nullable SqsQueues queues;
  private volatile @Nullable TopicRoutes routes;
  private final ScheduledThreadPoolExecutor timer;
  private final NioEventLoopGroup eventLoops;

  SqsBinding(BindingContext context, SqsSettings settings) {
    this.context = context;
    this.settings = settings;
    this.names = new QueueNames(settings.queuePrefix());
    this.traffic = new SqsTraffic(context.traffic());
    this.capabilities = new Capabilities(PROMISED, maxPayload(settings.maxMessageBytes()));
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "hermod-" + SqsBindingProvider.NAME + "-timer");
              t.setDaemon(true);
              return t;
            });
    this.timer.setRemoveOnCancelPolicy(true);
    this.eventLoops =
        new NioEventLoopGroup(
            2, new DefaultThreadFactory("hermod-" + SqsBindingProvider.NAME + "-io", true));
  }

  /**
   * The largest payload that always fits: base64 (for binary payloads) of what remains after the
   * attribute reserve.
   */
  static int maxPayload(int maxMessageBytes) {
    return (maxMessageBytes - ATTRIBUTE_RESERVE) / 4 * 3;
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public void start() {
    SqsAsyncClient c = buildClient();
    client = c;
    SqsQueues q = new SqsQueues(c, errors, context.sendTimeout(), settings.createQueues());
    queues = q;
    routes = new TopicRoutes(q, names, settings.subscriptionRefresh());
    try {
      c.listQueues(
              r ->
                  r.queueNamePrefix(names.prefix() + "hermod-start-probe")
                      .maxResults(1)
                      .overrideConfiguration(
                          o ->
                              o.apiCallTimeout(context.connectTimeout())
                                  .apiCallAttemptTimeout(context.connectTimeout())))
          .get(context.connectTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
      LOG.info("SQS binding connected: {}", settings);
    } catch (ExecutionException | TimeoutException e) {
      close();
      MessagingException m = errors.translate(e, null, "connecting to SQS");
      if (m instanceof io.hermod.api.MessagingTimeoutException) {
        throw new io.hermod.api.ConnectionException(
            SqsBindingProvider.NAME,
            null,
            "cannot reach SQS within hermod.connect-timeout ("
                + Settings.formatDuration(context.connectTimeout())
                + "); check hermod.sqs.endpoint / hermod.sqs.region and the network",
            m);
      }
      throw m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new MessagingException(
          SqsBindingProvider.NAME, null, "interrupted while connecting", e);
    }
  }

  private SqsAsyncClient buildClient() {
    SqsAsyncClientBuilder b =
        SqsAsyncClient.builder()
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .eventLoopGroup(SdkEventLoopGroup.create(eventLoops, NioSocketChannel::new))
                    .maxConcurrency(settings.maxConnections())
                    .connectionTimeout(context.connectTimeout())
                    .connectionAcquisitionTimeout(context.sendTimeout()))
            .overrideConfiguration(
                o ->
                    o.apiCallTimeout(context.sendTimeout())
                        .apiCallAttemptTimeout(context.sendTimeout()))
            .credentialsProvider(credentials())
            .region(region());
    settings.endpoint().ifPresent(b::endpointOverride);
    return b.build();
  }

  private AwsCredentialsProvider credentials() {
    if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
      String id = settings.accessKeyId().get();
      String secret = settings.secretAccessKey().get();
      return StaticCredentialsProvider.create(
          settings.sessionToken().isPresent()
              ? AwsSessionCredentials.create(id, secret, settings.sessionToken().get())
              : AwsBasicCredentials.create(id, secret));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private Region region() {
    if (settings.region().isPresent()) {
      return Region.of(settings.region().get());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      if (settings.endpoint().isPresent()) {
        // An SQS-compatible server only needs some region to sign with.
        return Region.US_EAST_1;
      }
      throw new ConfigurationException(
          SqsBindingProvider.NAME,
          null,
          "binding '" + SqsBindingProvider.NAME + "'",
          List.of(
              context.settings().key(SqsSettings.REGION)
                  + " is not set and the default AWS region chain found none: set it, e.g."
                  + " eu-west-1, or set AWS_REGION"));
    }
  }

  private SqsQueues queues() {
    SqsQueues q = queues;
    if (q == null) {
      throw new IllegalStateException("the SQS binding is not started");
    }
    return q;
  }

  private TopicRoutes routes() {
    TopicRoutes r = routes;
    if (r == null) {
      throw new IllegalStateException("the SQS binding is not started");
    }
    return r;
  }

  private SqsAsyncClient client() {
    SqsAsyncClient c = client;
    if (c == null) {
      throw new IllegalStateException("the SQS binding is not started");
    }
    return c;
  }

  @Override
  public void provision(ChannelSpec channel) {
    checkDedupWindow(channel);
    if (channel.kind() == ChannelKind.TOPIC) {
      // A topic is only its subscription queues, provisioned with each subscription.
      return;
    }
    @Nullable String redrive = redriveTarget(channel);
    queues()
        .ensure(
            names.queue(channel),
            attributes(channel.ordered(), redrive, channel.maxDeliveryAttempts()),
            Map.of("hermod.channel", channel.name()),
            channel.name());
  }

  /**
   * SQS FIFO queues drop a resent deduplication id for five minutes, on the broker, for every
   * consumer; that is the only memory of processed ids this binding has that all instances share
   * (it has no store to look ids up in). A longer window would hold only inside each consumer
   * process, which is not exactly-once, so it is refused where it is asked for.
   */
  private static void checkDedupWindow(ChannelSpec channel) {
    if (channel.ordered() && channel.dedupWindow().compareTo(FIFO_DEDUP_INTERVAL) > 0) {
      throw new UnsupportedCapabilityException(
          SqsBindingProvider.NAME,
          channel.name(),
          Capability.EXACTLY_ONCE,
          "channel '"
              + channel.name()
              + "' asks for a dedupWindow of "
              + channel.dedupWindow()
              + " but SQS FIFO queues deduplicate for "
              + FIFO_DEDUP_INTERVAL
              + " only; declare it with .dedupWindow(Duration.ofMinutes(5)) or less, or choose a"
              + " binding with a longer shared window");
    }
  }

  @Override
  public void provisionSubscription(ChannelSpec channel, SubscriptionSpec subscription) {
    Map<String, String> tags;
    try {
      tags =
          new SubscriptionTags(channel.name(), subscription.name(), subscription.filter()).toTags();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          SqsBindingProvider.NAME,
          channel.name(),
          "subscription '" + subscription.name() + "'",
          List.of(e.getMessage() + "; use a shorter routing pattern or fewer header conditions"));
    }
    @Nullable String redrive = redriveTarget(channel);
    SqsQueues.Ensured ensured =
        queues()
            .ensure(
                names.subscriptionQueue(channel, subscription.name()),
                attributes(channel.ordered(), redrive, channel.maxDeliveryAttempts()),
                tags,
                channel.name());
    routes().invalidate(channel.name());
    if (ensured.created()) {
      // Publishers in other processes cache the topic's routes this long: once it has passed,
      // every one of them sends to the new subscription.
      awaitQuietly(settings.subscriptionRefresh());
    }
  }

  private void awaitQuietly(Duration d) {
    try {
      timer.schedule(() -> null, d.toNanos(), TimeUnit.NANOSECONDS).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The ARN of the channel's dead-letter queue, created if needed, or {@code null} for none. */
  private @Nullable String redriveTarget(ChannelSpec channel) {
    // SQS redrives a FIFO queue only to a FIFO queue, while core's dead-letter channel is a
    // standard queue: on FIFO channels dead-lettering is core's alone.
    if (!channel.deadLetter() || channel.ordered()) {
      return null;
    }
    String dlq = channel.deadLetterChannel();
    SqsQueues.Ensured e =
        queues()
            .ensure(
                names.queue(dlq, false),
                attributes(false, null, 1),
                Map.of("hermod.channel", dlq),
                dlq);
    return queues().arn(e.url(), dlq);
  }

  private Map<QueueAttributeName, String> attributes(
      boolean fifo, @Nullable String redriveArn, int maxDeliveryAttempts) {
    Map<QueueAttributeName, String> a = new EnumMap<>(QueueAttributeName.class);
    a.put(
        QueueAttributeName.VISIBILITY_TIMEOUT,
        Long.toString(settings.visibilityTimeout().toSeconds()));
    if (fifo) {
      a.put(QueueAttributeName.FIFO_QUEUE, "true");
      a.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
    }
    if (redriveArn != null) {
      a.put(
          QueueAttributeName.REDRIVE_POLICY,
          "{\"deadLetterTargetArn\":\""
              + redriveArn
              + "\",\"maxReceiveCount\":\""
              + (maxDeliveryAttempts + REDRIVE_EXTRA_RECEIVES)
              + "\"}");
    }
    return a;
  }

  @Override
  public void decommission(ChannelSpec channel) {
    if (channel.kind() == ChannelKind.QUEUE) {
      queues().delete(names.queue(channel), channel.name());
    }
  }

  @Override
  public Outbound outbound(ChannelSpec channel) {
    // One per channel, shared: its FIFO lanes keep the order of every send to the channel.
    return outbounds.computeIfAbsent(
        channel.name(),
        n ->
            new SqsOutbound(
                client(),
                errors,
                queues(),
                routes(),
                names,
                channel,
                settings.maxMessageBytes(),
                traffic));
  }

  @Override
  public Inbound inbound(
      ChannelSpec channel, SubscriptionSpec subscription, InboundHandler handler) {
    String queueName = queueName(channel, subscription);
    String url =
        queues().await(queues().url(queueName), channel.name(), "looking up queue " + queueName);
    SqsInbound inbound =
        new SqsInbound(
            client(),
            errors,
            timer,
            channel.name(),
            url,
            handler,
            subscription.prefetch(),
            settings,
            context.sendTimeout(),
            traffic,
            inbounds::remove);
    inbounds.add(inbound);
    inbound.start();
    return inbound;
  }

  /** Receive with a visibility timeout, delete by receipt handle; see {@link SqsInspection}. */
  @Override
  public Optional<QueueInspection> inspect(ChannelSpec queue) {
    String queueName = names.queue(queue);
    SqsAsyncClient c = client();
    String url;
    try {
      url = queues().url(queueName).get(context.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.translate(e, queue.name(), "looking up SQS queue " + queueName);
    } catch (ExecutionException | TimeoutException e) {
      throw errors.translate(e, queue.name(), "looking up SQS queue " + queueName);
    }
    SqsInspection inspection =
        new SqsInspection(c, url, queueName, errors, context.sendTimeout(), inspections::remove);
    inspections.add(inspection);
    return Optional.of(inspection);
  }

  /** The queue a subscription consumes: the queue channel's own, or the subscription's queue. */
  private String queueName(ChannelSpec channel, SubscriptionSpec subscription) {
    return channel.kind() == ChannelKind.QUEUE
        ? names.queue(channel)
        : names.subscriptionQueue(channel, subscription.name());
  }

  @Override
  public String messagingSystem(String bindingName) {
    return MESSAGING_SYSTEM;
  }

  /**
   * One {@code GetQueueAttributes} of the subscription's queue: waiting = {@code
   * ApproximateNumberOfMessages} plus {@code ApproximateNumberOfMessagesDelayed} (sent with a
   * delay, not yet visible: they wait too), in flight = {@code
   * ApproximateNumberOfMessagesNotVisible} (received, not yet deleted; this includes messages the
   * binding hid again until a {@code deliverAt} beyond SQS's 15-minute delay). SQS keeps no
   * enqueued or acknowledged counters, so those stay unknown; so does everything for a queue that
   * does not exist. The figures are SQS's approximations (eventually consistent, typically a few
   * seconds behind on AWS). Bounded by {@link #STATISTICS_TIMEOUT}; fails rather than waits when
   * SQS is unreachable.
   */
  @Override
  public ChannelStatistics statistics(ChannelSpec channel, SubscriptionSpec subscription) {
    String queueName = queueName(channel, subscription);
    SqsAsyncClient c = client();
    CompletableFuture<Map<QueueAttributeName, String>> f =
        queues()
            .url(queueName)
            .thenCompose(
                url ->
                    c.getQueueAttributes(
                            r ->
                                r.queueUrl(url)
                                    .attributeNames(
                                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                                        QueueAttributeName
                                            .APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                                    .overrideConfiguration(
                                        o ->
                                            o.apiCallTimeout(STATISTICS_TIMEOUT)
                                                .apiCallAttemptTimeout(STATISTICS_TIMEOUT)))
                        .whenComplete(
                            (r, err) ->
                                traffic.record(channel.name(), BrokerOperation.OTHER, 0L, err))
                        .thenApply(r -> r.attributes()));
    String action = "reading the statistics of SQS queue " + queueName;
    Map<QueueAttributeName, String> a;
    try {
      a = f.get(STATISTICS_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (BindingErrors.unwrap(e) instanceof QueueDoesNotExistException) {
        return ChannelStatistics.unknown();
      }
      throw errors.translate(e, channel.name(), action);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new MessagingTimeoutException(
          SqsBindingProvider.NAME,
          channel.name(),
          action
              + " took longer than "
              + Settings.formatDuration(STATISTICS_TIMEOUT)
              + "; check that hermod.sqs.endpoint / the region is reachable",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MessagingException(SqsBindingProvider.NAME, channel.name(), action, e);
    }
    ChannelStatistics s = ChannelStatistics.unknown();
    long visible = count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    long delayed = count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
    long notVisible = count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    if (visible >= 0) {
      s = s.withWaiting(visible + Math.max(0, delayed));
    }
    if (notVisible >= 0) {
      s = s.withInFlight(notVisible);
    }
    return s;
  }

  /** An attribute's count, or {@code -1} if SQS did not give it (or gave no number). */
  private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
    String v = attributes.get(name);
    if (v == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(v.trim());
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public Health health() {
    SqsAsyncClient c = client;
    if (c == null) {
      return Health.down("not started");
    }
    Duration probe = Duration.ofSeconds(2);
    try {
      c.listQueues(
              r ->
                  r.queueNamePrefix(names.prefix() + "hermod-health-probe")
                      .maxResults(1)
                      .overrideConfiguration(
                          o -> o.apiCallTimeout(probe).apiCallAttemptTimeout(probe)))
          .get(probe.toMillis() + 500, TimeUnit.MILLISECONDS);
      return Health.up(
          "SQS reachable at " + settings.endpoint().map(Object::toString).orElse("AWS"));
    } catch (ExecutionException | TimeoutException e) {
      return Health.down(errors.translate(e, null, "health check").getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down("interrupted");
    }
  }

  @Override
  public void close() {
    // Messages an inspection holds invisible are given back before the client goes away.
    List.copyOf(inspections).forEach(SqsInspection::close);
    // Sends already made get their results before the client goes away.
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    outbounds.values().forEach(o -> sends.add(o.flushed()));
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture<?>[]::new))
          .get(context.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("some sends had no result from SQS before closing: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<CompletableFuture<Void>> flushes = new ArrayList<>();
    for (SqsInbound i : inbounds) {
      flushes.add(i.closeAsync());
    }
    inbounds.clear();
    outbounds.clear();
    try {
      CompletableFuture.allOf(flushes.toArray(CompletableFuture<?>[]::new))
          .get(context.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("some acknowledgements may not have reached SQS before closing: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
    SqsAsyncClient c = client;
    client = null;
    if (c != null) {
      c.close();
    }
    // The SDK's own event loop group lingers in a 2 s quiet period; this one stops at once.
    eventLoops.shutdownGracefully(100, 1_000, TimeUnit.MILLISECONDS);
  }
}
