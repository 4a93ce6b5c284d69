package io.hermod.binding.kafka.internal;

import io.hermod.api.Capabilities;
import io.hermod.api.Capability;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Filter;
import io.hermod.api.Health;
import io.hermod.api.MessagingException;
import io.hermod.api.StartPosition;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.Outbound;
import io.hermod.spi.ProcessedIdStore;
import io.hermod.spi.QueueInspection;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.BrokerTraffic;
import io.hermod.spi.support.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka connection set for a {@code Messaging} instance: an admin client for provisioning and
 * health, one idempotent producer shared by every channel, and one consumer per inbound endpoint.
 * Thread-safe.
 */
final class KafkaBinding implements Binding {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBinding.class);
  private static final Duration HEALTH_TIMEOUT = Duration.ofMillis(1500);
  // How long subscribe waits for a new consumer to join its group before going on in the
  // background.
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);

  private final String name = KafkaBindingProvider.NAME;
  private final KafkaSettings settings;
  private final Duration sendTimeout;
  private final Duration connectTimeout;
  private final String clientId;
  private final KafkaErrors errors;
  private final Capabilities capabilities;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger consumerSequence = new AtomicInteger();
  // Assignment epochs of every consumer of this binding: a partition's processed-id store is
  // restored again whenever the partition is assigned anew.
  private final AtomicInteger assignmentEpochs = new AtomicInteger();
  private final Set<Inbound> inbounds = ConcurrentHashMap.newKeySet();
  private final LoneSendFlusher loneSends;
  private volatile @Nullable Admin admin;
  private volatile @Nullable Producer<byte[], byte[]> producer;
  private volatile @Nullable ScheduledExecutorService redeliveries;
  private volatile boolean shareGroups;
  private final KafkaTraffic traffic;
  private final KafkaStatistics statistics;

  /**
   * @param settings the {@code hermod.kafka.*} settings
   * @param sendTimeout {@code hermod.send-timeout}
   * @param connectTimeout {@code hermod.connect-timeout}
   * @param clientId the client id of the producer and admin client, prefix of consumers'
   * @param traffic where the requests to the brokers are counted
   */
  KafkaBinding(
      KafkaSettings settings,
      Duration sendTimeout,
      Duration connectTimeout,
      String clientId,
      BrokerTraffic traffic) {
    this.settings = settings;
    this.traffic = new KafkaTraffic(traffic);
    this.sendTimeout = sendTimeout;
    this.connectTimeout = connectTimeout;
    this.clientId = clientId;
    this.errors = new KafkaErrors(settings.bootstrapServers(), settings::origin);
    this.statistics =
        new KafkaStatistics(
            () -> Admin.create(statisticsAdminProperties()), errors, this.traffic, closed::get);
    this.loneSends = new LoneSendFlusher(clientId + "-flusher", !settings.linger().isZero());
    this.capabilities =
        Capabilities.of(
            settings.maxPayloadBytes(),
            Capability.ORDERED,
            Capability.EXACTLY_ONCE,
            Capability.DEAD_LETTER,
            Capability.TTL,
            Capability.LIMITS,
            Capability.PERSISTENT,
            Capability.REPLAY,
            Capability.BATCH,
            Capability.PAUSE,
            Capability.TLS,
            Capability.AUTH,
            Capability.HEALTH);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public void start() {
    Admin a = construct("admin client", () -> Admin.create(adminProperties()));
    admin = a;
    int connectMillis = KafkaSettings.clampedMillis(connectTimeout);
    try {
      a.describeCluster(new DescribeClusterOptions().timeoutMs(connectMillis))
          .clusterId()
          .get(connectMillis + 1000L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new ConnectionException(name, null, "interrupted while connecting to Kafka", e);
    } catch (Exception e) {
      close();
      RuntimeException error =
          errors.translate(e, null, "connecting within " + Settings.formatDuration(connectTimeout));
      if (error instanceof io.hermod.api.AuthenticationException
          || error instanceof ConnectionException) {
        throw error;
      }
      // Whatever the cause (timeout, refused connection), the broker could not be reached.
      throw new ConnectionException(
          name,
          null,
          error instanceof MessagingException m ? m.detail() : String.valueOf(error.getMessage()),
          e);
    }
    shareGroups = !settings.queueGroups().equals(KafkaSettings.CLASSIC) && brokerHasShareGroups(a);
    if (settings.queueGroups().equals(KafkaSettings.SHARE) && !shareGroups) {
      close();
      throw new ConfigurationException(
          name,
          null,
          "binding '" + name + "'",
          List.of(
              KafkaSettings.key(KafkaSettings.QUEUE_GROUPS)
                  + "=share, but the Kafka broker at "
                  + settings.bootstrapServers()
                  + " has no share groups enabled (feature share.version): enable them on the broker"
                  + " (kafka-features.sh upgrade --feature share.version=1, Kafka 4.1 or later), or set "
                  + KafkaSettings.key(KafkaSettings.QUEUE_GROUPS)
                  + " to auto or classic"));
    }
    Producer<byte[], byte[]> p;
    try {
      p = construct("producer", () -> new KafkaProducer<>(producerProperties()));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    producer = p;
    loneSends.start(p);
    redeliveries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, clientId + "-redelivery");
              t.setDaemon(true);
              return t;
            });
    if (traffic.counting()) {
      // What the producer sent, read from its metrics once a second (see KafkaTraffic).
      redeliveryExecutor()
          .scheduleAtFixedRate(
              () -> producerTick(p),
              KafkaTraffic.TICK_MILLIS,
              KafkaTraffic.TICK_MILLIS,
              TimeUnit.MILLISECONDS);
    }
    LOG.info("Kafka binding started: {}", settings);
  }

  private void producerTick(Producer<byte[], byte[]> p) {
    try {
      traffic.producerTick(p.metrics());
    } catch (RuntimeException e) {
      // A metrics read never stops the schedule: the next second tries again.
      LOG.debug("reading the producer's metrics failed: {}", e.toString());
    }
  }

  /** Whether the broker has share groups (KIP-932) enabled: the finalized {@code share.version}. */
  private boolean brokerHasShareGroups(Admin a) {
    try {
      FinalizedVersionRange share =
          a.describeFeatures()
              .featureMetadata()
              .get(timeoutMillis(), TimeUnit.MILLISECONDS)
              .finalizedFeatures()
              .get("share.version");
      return share != null && share.maxVersionLevel() >= 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      LOG.info(
          "cannot tell whether the broker has share groups, using classic groups: {}",
          e.toString());
      return false;
    }
  }

  /** Unordered queues are share groups where enabled; ordered ones need a partition's order. */
  private boolean usesShareGroup(ChannelSpec channel) {
    return shareGroups && channel.kind() == ChannelKind.QUEUE && !channel.ordered();
  }

  @Override
  public void provision(ChannelSpec channel) {
    NewTopic topic =
        new NewTopic(
                channel.name(),
                Optional.of(settings.partitions()),
                Optional.of(settings.replicationFactor()))
            .configs(
                withMinInsync(
                    Map.of(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        Integer.toString(
                            settings.maxPayloadBytes() + KafkaSettings.RECORD_OVERHEAD_BYTES))));
    try {
      admin().createTopics(List.of(topic)).all().get(timeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw interruptAware(channel.name(), "creating topic '" + channel.name() + "'", e);
      }
    }
    awaitReady(channel.name());
    if (usesShareGroup(channel)) {
      // A share group starts at the latest offset by default; a queue keeps what was sent before
      // its first consumer.
      ConfigResource groupResource =
          new ConfigResource(
              ConfigResource.Type.GROUP,
              groupId(channel, new SubscriptionSpec("", Filter.none(), 1, StartPosition.LATEST)));
      try {
        admin()
            .incrementalAlterConfigs(
                Map.of(
                    groupResource,
                    List.of(
                        new AlterConfigOp(
                            new ConfigEntry("share.auto.offset.reset", "earliest"),
                            AlterConfigOp.OpType.SET))))
            .all()
            .get(timeoutMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw interruptAware(
            channel.name(), "configuring share group of '" + channel.name() + "'", e);
      }
    }
  }

  /**
   * Waits until every partition of the topic is served by its leader, so that the first send and a
   * subscription's positioning do not race the broker's metadata propagation (an idempotent
   * producer whose first batch meets a not-yet-ready leader can get stuck on sequence errors).
   *
   * @return the end offset of every partition
   */
  private Map<TopicPartition, Long> awaitReady(String topic) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis());
    Exception last = null;
    while (System.nanoTime() < end) {
      try {
        TopicDescription d =
            admin()
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(timeoutMillis(), TimeUnit.MILLISECONDS)
                .get(topic);
        if (d != null
            && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
          d.partitions()
              .forEach(
                  p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
          Map<TopicPartition, Long> offsets = new HashMap<>();
          admin()
              .listOffsets(latest)
              .all()
              .get(timeoutMillis(), TimeUnit.MILLISECONDS)
              .forEach((tp, info) -> offsets.put(tp, info.offset()));
          return offsets;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw errors.translate(e, topic, "waiting for topic '" + topic + "'");
      } catch (Exception e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
          throw errors.translate(e, topic, "describing topic '" + topic + "'");
        }
        last = e;
      }
      try {
        // Leadership settles within milliseconds on a healthy broker: a short pause, then ask
        // again.
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw errors.translate(e, topic, "waiting for topic '" + topic + "'");
      }
    }
    throw errors.translate(
        last != null ? last : new org.apache.kafka.common.errors.TimeoutException("no leader yet"),
        topic,
        "waiting for the partitions of topic '" + topic + "' to be served by a leader");
  }

  @Override
  public void provisionSubscription(ChannelSpec channel, SubscriptionSpec subscription) {
    if (subscription.startPosition() == StartPosition.EARLIEST) {
      return; // a group without committed offsets reads from the earliest (auto.offset.reset)
    }
    // Pin the group to the current end so it retains every message from now on, even before
    // its first consumer joins, and never sees the ones published before.
    String group = groupId(channel, subscription);
    try {
      Map<TopicPartition, OffsetAndMetadata> existing =
          admin()
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(timeoutMillis(), TimeUnit.MILLISECONDS);
      if (!existing.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
      awaitReady(channel.name())
          .forEach((tp, offset) -> start.put(tp, new OffsetAndMetadata(offset)));
      admin()
          .alterConsumerGroupOffsets(group, start)
          .all()
          .get(timeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e.getCause() instanceof GroupNotEmptyException
          || e.getCause() instanceof UnknownMemberIdException
          || e.getCause() instanceof RebalanceInProgressException) {
        // Another instance joined the group meanwhile: the group is already positioned.
        LOG.debug(
            "group {} already in use, keeping its offsets: {}", group, e.getCause().toString());
        return;
      }
      throw interruptAware(
          channel.name(), "creating subscription '" + subscription.name() + "'", e);
    }
  }

  @Override
  public void decommission(ChannelSpec channel) {
    Admin a = admin;
    if (a == null || closed.get()) {
      return;
    }
    // Best effort, asynchronous: a reply topic left behind costs disk, not correctness.
    a.deleteTopics(List.of(channel.name()));
    a.deleteConsumerGroups(
        List.of(
            groupId(channel, new SubscriptionSpec("", Filter.none(), 1, StartPosition.LATEST))));
  }

  @Override
  public Outbound outbound(ChannelSpec channel) {
    return new KafkaOutbound(
        channel.name(), this::producer, loneSends, errors, settings.compactWire());
  }

  @Override
  public Inbound inbound(
      ChannelSpec channel, SubscriptionSpec subscription, InboundHandler handler) {
    if (closed.get()) {
      throw new ConnectionException(name, channel.name(), "the binding is closed", null);
    }
    String group = groupId(channel, subscription);
    String consumerId = clientId + "-c" + consumerSequence.incrementAndGet();
    InboundEndpoint endpoint =
        new InboundEndpoint(
            channel,
            group,
            consumerId,
            Math.max(1, subscription.prefetch()),
            handler,
            inbounds::remove,
            traffic);
    if (usesShareGroup(channel)) {
      ShareGroupInbound inbound =
          new ShareGroupInbound(
              endpoint,
              construct(
                  "share consumer of '" + channel.name() + "'",
                  () ->
                      new KafkaShareConsumer<byte[], byte[]>(
                          shareConsumerProperties(group, consumerId, subscription.prefetch()))),
              redeliveryExecutor());
      inbounds.add(inbound);
      inbound.start();
      return inbound;
    }
    KafkaConsumer<byte[], byte[]> consumer =
        construct(
            "consumer of '" + channel.name() + "'",
            () ->
                new KafkaConsumer<>(
                    consumerProperties(group, consumerId, subscription.prefetch())));
    KafkaInbound inbound =
        new KafkaInbound(
            endpoint,
            consumer,
            new Redeliverer(producer(), redeliveryExecutor(), group),
            settings.revokeTimeout(),
            assignmentEpochs::incrementAndGet);
    inbounds.add(inbound);
    inbound.start(JOIN_TIMEOUT);
    return inbound;
  }

  /**
   * A durable processed-id store for an {@code EXACTLY_ONCE} channel: the compacted changelog topic
   * of the subscription's consumer group (see {@link KafkaProcessedIdStore}), created here if
   * missing, with the source topic's partition count, {@code cleanup.policy=compact,delete} and a
   * retention of twice the dedup window.
   */
  @Override
  public Optional<ProcessedIdStore> processedIdStore(
      ChannelSpec channel, SubscriptionSpec subscription) {
    if (channel.guarantee() != DeliveryGuarantee.EXACTLY_ONCE || usesShareGroup(channel)) {
      return Optional.empty();
    }
    String group = groupId(channel, subscription);
    String changelog = KafkaProcessedIdStore.topicName(group);
    traffic.attribute(changelog, channel.name());
    int partitions = awaitReady(channel.name()).size();
    provisionChangelog(channel, changelog, partitions);
    AtomicInteger restorers = new AtomicInteger();
    return Optional.of(
        new KafkaProcessedIdStore(
            channel.name(),
            group,
            changelog,
            channel.dedupWindow(),
            settings.processedIdsPerPartition(),
            producer(),
            loneSends,
            () ->
                construct(
                    "processed-id restore consumer",
                    () ->
                        new KafkaConsumer<>(
                            restoreConsumerProperties(
                                clientId
                                    + "-restore-"
                                    + consumerSequence.incrementAndGet()
                                    + "-"
                                    + restorers.incrementAndGet()))),
            Duration.ofMillis(timeoutMillis()),
            errors,
            Clock.systemUTC()));
  }

  /**
   * A group-less reader of the dead-letter topic and a compacted topic of removal markers; see
   * {@link KafkaInspection}.
   */
  @Override
  public Optional<QueueInspection> inspect(ChannelSpec queue) {
    String removed = KafkaInspection.removedTopic(queue.name());
    NewTopic topic =
        new NewTopic(removed, Optional.of(1), Optional.of(settings.replicationFactor()))
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin().createTopics(List.of(topic)).all().get(timeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw interruptAware(queue.name(), "creating the removal topic '" + removed + "'", e);
      }
    }
    awaitReady(removed);
    return Optional.of(
        new KafkaInspection(
            queue.name(),
            () ->
                construct(
                    "dead-letter browser",
                    () ->
                        new KafkaConsumer<>(
                            restoreConsumerProperties(
                                clientId + "-browse-" + consumerSequence.incrementAndGet()))),
            producer(),
            errors,
            timeoutMillis()));
  }

  private void provisionChangelog(ChannelSpec channel, String changelog, int partitions) {
    long window = Math.min(Long.MAX_VALUE / 4, channel.dedupWindow().toMillis());
    // Twice the window, so an entry is kept at least a window long whatever the segment roll.
    String retention = Long.toString(Math.max(60_000, 2 * window));
    String segment = Long.toString(Math.max(60_000, window));
    NewTopic topic =
        new NewTopic(changelog, Optional.of(partitions), Optional.of(settings.replicationFactor()))
            .configs(
                withMinInsync(
                    Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT
                            + ","
                            + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG,
                        retention,
                        TopicConfig.SEGMENT_MS_CONFIG,
                        segment)));
    try {
      admin().createTopics(List.of(topic)).all().get(timeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw interruptAware(
            channel.name(), "creating the processed-id topic '" + changelog + "'", e);
      }
      keepChangelogFitting(channel, changelog, partitions, Long.parseLong(retention));
    }
    awaitReady(changelog);
  }

  /** An existing changelog must be partitioned like its source, and keep entries long enough. */
  private void keepChangelogFitting(
      ChannelSpec channel, String changelog, int partitions, long retention) {
    try {
      int actual =
          admin()
              .describeTopics(List.of(changelog))
              .allTopicNames()
              .get(timeoutMillis(), TimeUnit.MILLISECONDS)
              .get(changelog)
              .partitions()
              .size();
      if (actual != partitions) {
        throw new ConfigurationException(
            name,
            channel.name(),
            "binding '" + name + "'",
            List.of(
                "the processed-id topic '"
                    + changelog
                    + "' has "
                    + actual
                    + " partitions but its source topic '"
                    + channel.name()
                    + "' has "
                    + partitions
                    + ": the store must be partitioned like the source; delete '"
                    + changelog
                    + "' (ids older than the dedup window are lost anyway) after adding partitions"
                    + " to the source"));
      }
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, changelog);
      ConfigEntry current =
          admin()
              .describeConfigs(List.of(resource))
              .all()
              .get(timeoutMillis(), TimeUnit.MILLISECONDS)
              .get(resource)
              .get(TopicConfig.RETENTION_MS_CONFIG);
      long kept = current == null || current.value() == null ? -1 : Long.parseLong(current.value());
      if (kept >= 0 && kept < retention) {
        // A longer dedup window than the topic was created for: keep entries for the new one.
        admin()
            .incrementalAlterConfigs(
                Map.of(
                    resource,
                    List.of(
                        new AlterConfigOp(
                            new ConfigEntry(
                                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention)),
                            AlterConfigOp.OpType.SET))))
            .all()
            .get(timeoutMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ConfigurationException e) {
      throw e;
    } catch (Exception e) {
      throw interruptAware(
          channel.name(), "checking the processed-id topic '" + changelog + "'", e);
    }
  }

  /** {@code kafka}, as OpenTelemetry's messaging conventions name it. */
  @Override
  public String messagingSystem(String bindingName) {
    return "kafka";
  }

  /** The lag of the subscription's group; see {@link KafkaStatistics}. */
  @Override
  public ChannelStatistics statistics(ChannelSpec channel, SubscriptionSpec subscription) {
    admin(); // fails as every other call does when not started or closed
    return statistics.of(channel.name(), groupId(channel, subscription), usesShareGroup(channel));
  }

  @Override
  public Health health() {
    Admin a = admin;
    if (a == null || closed.get()) {
      return Health.down("Kafka binding not started or closed");
    }
    try {
      int nodes =
          a.describeCluster(new DescribeClusterOptions().timeoutMs((int) HEALTH_TIMEOUT.toMillis()))
              .nodes()
              .get(HEALTH_TIMEOUT.toMillis() + 200, TimeUnit.MILLISECONDS)
              .size();
      return Health.up("Kafka at " + settings.bootstrapServers() + ": " + nodes + " broker(s)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down("interrupted while checking Kafka");
    } catch (Exception e) {
      return Health.down(
          "Kafka at "
              + settings.bootstrapServers()
              + " unreachable: "
              + e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Inbound inbound : List.copyOf(inbounds)) {
      inbound.close();
    }
    ScheduledExecutorService r = redeliveries;
    if (r != null) {
      r.shutdownNow();
    }
    loneSends.close();
    statistics.close();
    Producer<byte[], byte[]> p = producer;
    if (p != null) {
      producerTick(p); // what was sent since the last tick
      // Flushes what was accepted for sending, bounded so that a dead broker cannot hang close.
      p.close(sendTimeout);
    }
    Admin a = admin;
    if (a != null) {
      a.close(Duration.ofSeconds(2));
    }
  }

  /**
   * The consumer group of a queue (one, shared by all) or of a topic subscription: {@code
   * <prefix><channel>} or {@code <prefix><channel>/<subscription>} ('/' never occurs in a channel
   * name, so the two never collide). Share groups get no ':' (Kafka 4.1 splits its share-state keys
   * on it).
   */
  String groupId(ChannelSpec channel, SubscriptionSpec subscription) {
    String group =
        channel.kind() == ChannelKind.QUEUE
            ? settings.groupPrefix() + channel.name()
            : settings.groupPrefix() + channel.name() + "/" + subscription.name();
    return usesShareGroup(channel) ? group.replace(':', '_') : group;
  }

  private Producer<byte[], byte[]> producer() {
    Producer<byte[], byte[]> p = producer;
    if (p == null || closed.get()) {
      throw new ConnectionException(
          name, null, "the Kafka binding is not started or already closed", null);
    }
    return p;
  }

  private Admin admin() {
    Admin a = admin;
    if (a == null || closed.get()) {
      throw new ConnectionException(
          name, null, "the Kafka binding is not started or already closed", null);
    }
    return a;
  }

  private ScheduledExecutorService redeliveryExecutor() {
    ScheduledExecutorService r = redeliveries;
    if (r == null) {
      throw new ConnectionException(name, null, "the Kafka binding is not started", null);
    }
    return r;
  }

  private long timeoutMillis() {
    return Math.max(
        KafkaSettings.clampedMillis(connectTimeout), KafkaSettings.clampedMillis(sendTimeout));
  }

  /**
   * Builds a kafka-clients client, translating its failure (a bad property, a store that does not
   * open, a host that does not resolve) into an exception naming the Hermod key to fix.
   */
  private <T> T construct(String client, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (org.apache.kafka.common.KafkaException e) {
      throw errors.construction(client, e);
    }
  }

  /**
   * {@code configs} with {@code min.insync.replicas} when {@code hermod.kafka.min-insync-replicas}
   * sets it: with {@code acks=all} a receipt then means the record is on at least that many
   * replicas.
   */
  private Map<String, String> withMinInsync(Map<String, String> configs) {
    if (settings.minInsyncReplicas() < 1) {
      return configs;
    }
    Map<String, String> c = new HashMap<>(configs);
    c.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInsyncReplicas()));
    return c;
  }

  private RuntimeException interruptAware(String channel, String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return errors.translate(e, channel, what);
  }

  private Map<String, Object> adminProperties() {
    Map<String, Object> p = new HashMap<>(settings.common());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
    int timeout = (int) Math.max(1000, timeoutMillis()); // both are clamped to int milliseconds
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    // Reconnect quickly after a broker restart.
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    p.putAll(settings.admin());
    return p;
  }

  /** A separate admin client for statistics, so that their requests can be counted exactly. */
  private Map<String, Object> statisticsAdminProperties() {
    Map<String, Object> p = adminProperties();
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-statistics");
    int timeout = (int) KafkaStatistics.TIMEOUT.toMillis();
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    return p;
  }

  private Map<String, Object> producerProperties() {
    Map<String, Object> p = new HashMap<>(settings.common());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    // A receipt means durably accepted; retries never duplicate or reorder (idempotence).
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        settings.maxPayloadBytes() + KafkaSettings.RECORD_OVERHEAD_BYTES);
    // The producer gives up on a record when the send timeout is over (Kafka requires the
    // delivery timeout to cover linger plus one request), retrying idempotently until then.
    // Every value is clamped to int milliseconds (KafkaSettings bounds the settings themselves), so
    // kafka-clients never sees an overflowed value under a key the user never set.
    long send = Math.max(1000, KafkaSettings.clampedMillis(sendTimeout));
    // Batches fill while other sends are unconfirmed; a lone send does not wait (LoneSendFlusher).
    int linger = KafkaSettings.clampedMillis(settings.linger());
    int request = (int) Math.min(30_000, Math.max(500, send / 2));
    p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
    p.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, Math.max(send, (long) linger + request)));
    // send() blocks only while fetching a topic's metadata: bounded by the send timeout.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, send);
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    p.putAll(settings.producer());
    return p;
  }

  private Map<String, Object> shareConsumerProperties(String group, String clientId, int prefetch) {
    Map<String, Object> p = new HashMap<>(settings.common());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, Math.min(500, prefetch)));
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    p.putAll(settings.shareConsumer());
    return p;
  }

  /** A consumer without a group that reads changelog partitions it is assigned. */
  private Map<String, Object> restoreConsumerProperties(String clientId) {
    Map<String, Object> p = new HashMap<>(settings.common());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Entries deleted by retention meanwhile were older than the window anyway.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return p;
  }

  private Map<String, Object> consumerProperties(String group, String clientId, int prefetch) {
    Map<String, Object> p = new HashMap<>(settings.common());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Queues read what was sent before any consumer existed; subscriptions are pinned to their
    // start by provisionSubscription, so earliest only applies where nothing was committed.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, Math.min(500, prefetch)));
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        List.of(CooperativeStickyAssignor.class.getName()));
    // Members learn of a rebalance at the next heartbeat: keep joins and leaves quick.
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    p.putAll(settings.consumer());
    return p;
  }
}
