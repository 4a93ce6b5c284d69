package io.hermod.binding.sqs.internal;

import io.hermod.api.Message;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.support.AbstractInbound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Consumes one SQS queue: long-polls with up to {@code pollers} receives in flight while messages
 * flow and a single one once the queue has run dry (a receive came back empty), never holding more
 * than the prefetch of unsettled messages; acks become batched deletes, nacks visibility changes;
 * messages held longer than half the visibility timeout are extended, so slow handlers keep them.
 * Messages whose {@code deliverAt} lies ahead are hidden again until then. Thread-safe.
 */
final class SqsInbound extends AbstractInbound {

  private static final Logger LOG = LoggerFactory.getLogger(SqsInbound.class);

  /** SQS caps a message's total invisibility at 12 hours from its receipt. */
  private static final int MAX_VISIBILITY_SECONDS = 43_199;

  private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

  /** A visibility change of one received message. */
  private record VisibilityChange(String receiptHandle, int seconds) {}

  private final SqsAsyncClient client;
  private final SqsErrors errors;
  private final ScheduledExecutorService timer;
  private final String channel;
  private final String queueUrl;
  private final InboundHandler handler;
  private final int prefetch;
  private final int pollers;
  private final int waitSeconds;
  private final Duration visibility;
  private final Duration callTimeout;
  private final SqsTraffic traffic;

  private final Set<SqsDelivery> unsettled = ConcurrentHashMap.newKeySet();
  private final Batcher<String> deletes;
  private final Batcher<VisibilityChange> visibilityChanges;
  private final ScheduledFuture<?> extender;
  private final java.util.function.Consumer<SqsInbound> onClose;

  /** Completes once {@link #doClose()}'s acks and returns have reached SQS. */
  private final CompletableFuture<Void> closeDone = new CompletableFuture<>();

  // Guarded by this. The lifecycle flags are the base class's (isPaused, isClosed); the changes
  // they guard (holding deliveries, returning unsettled ones) happen under this lock.
  private int inFlight;
  private int reserved;
  private int activePolls;
  private long backoffUntil;
  private boolean retryScheduled;

  /**
   * Whether the last receive came back empty. An idle queue is watched by one long poll (on AWS
   * every receive is billed, empty ones included); the first message brings back all pollers.
   */
  private boolean idle;

  private final Deque<SqsDelivery> held = new ArrayDeque<>();

  SqsInbound(
      SqsAsyncClient client,
      SqsErrors errors,
      ScheduledExecutorService timer,
      String channel,
      String queueUrl,
      InboundHandler handler,
      int prefetch,
      SqsSettings settings,
      Duration callTimeout,
      SqsTraffic traffic,
      java.util.function.Consumer<SqsInbound> onClose) {
    this.onClose = onClose;
    this.traffic = traffic;
    this.client = client;
    this.errors = errors;
    this.timer = timer;
    this.channel = channel;
    this.queueUrl = queueUrl;
    this.handler = handler;
    this.prefetch = Math.max(1, prefetch);
    this.pollers = Math.max(1, Math.min(settings.pollers(), (this.prefetch + 9) / 10));
    this.waitSeconds = (int) settings.waitTime().toSeconds();
    this.visibility = settings.visibilityTimeout();
    this.callTimeout = callTimeout;
    this.deletes = new Batcher<>(this::deleteBatch, 4);
    // One call at a time keeps visibility changes of a message in the order they were made.
    this.visibilityChanges = new Batcher<>(this::visibilityBatch, 1);
    long every = Math.max(250, visibility.toMillis() / 4);
    this.extender =
        timer.scheduleWithFixedDelay(this::extendVisibility, every, every, TimeUnit.MILLISECONDS);
  }

  /** Starts polling. */
  void start() {
    pollIfNeeded();
  }

  private void pollIfNeeded() {
    List<Integer> requests = new ArrayList<>(pollers);
    synchronized (this) {
      if (isClosed() || isPaused()) {
        return;
      }
      long now = System.nanoTime();
      if (now < backoffUntil) {
        if (!retryScheduled) {
          retryScheduled = true;
          timer.schedule(
              () -> {
                synchronized (this) {
                  retryScheduled = false;
                }
                pollIfNeeded();
              },
              backoffUntil - now,
              TimeUnit.NANOSECONDS);
        }
        return;
      }
      int wanted = idle ? 1 : pollers;
      while (activePolls < wanted && inFlight + reserved < prefetch) {
        int n = Math.min(Batcher.MAX_BATCH, prefetch - inFlight - reserved);
        reserved += n;
        activePolls++;
        requests.add(n);
      }
    }
    for (int n : requests) {
      receive(n);
    }
  }

  private void receive(int n) {
    LOG.debug("receive {} from {}", n, channel);
    ReceiveMessageRequest request =
        ReceiveMessageRequest.builder()
            .queueUrl(queueUrl)
            .maxNumberOfMessages(n)
            .waitTimeSeconds(waitSeconds)
            .visibilityTimeout((int) visibility.toSeconds())
            .messageAttributeNames("All")
            .messageSystemAttributeNames(
                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                MessageSystemAttributeName.MESSAGE_GROUP_ID)
            .overrideConfiguration(
                c ->
                    c.apiCallTimeout(callTimeout.plusSeconds(waitSeconds))
                        .apiCallAttemptTimeout(callTimeout.plusSeconds(waitSeconds)))
            .build();
    CompletableFuture<ReceiveMessageResponse> f;
    try {
      f = client.receiveMessage(request);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((resp, err) -> received(n, resp, err));
  }

  private void received(
      int requested, @Nullable ReceiveMessageResponse resp, @Nullable Throwable err) {
    if (traffic.metered) {
      long bytes = 0;
      if (resp != null) {
        for (software.amazon.awssdk.services.sqs.model.Message m : resp.messages()) {
          bytes += SqsWire.size(m);
        }
      }
      traffic.record(channel, BrokerOperation.RECEIVE, bytes, err);
    }
    long now = System.nanoTime();
    List<SqsDelivery> toDeliver = new ArrayList<>();
    List<String> toReturn = new ArrayList<>();
    List<VisibilityChange> toHide = new ArrayList<>();
    boolean wasClosed;
    synchronized (this) {
      reserved -= requested;
      activePolls--;
      wasClosed = isClosed();
      if (err != null && !wasClosed) {
        backoffUntil = now + ERROR_BACKOFF.toNanos();
      } else if (err == null) {
        idle = resp.messages().isEmpty();
      }
    }
    if (err != null) {
      if (!wasClosed) {
        LOG.warn(
            "receiving from SQS queue of channel {} failed, retrying in {}: {}",
            channel,
            ERROR_BACKOFF,
            errors.translate(err, channel, "receive").getMessage());
      }
      pollIfNeeded();
      return;
    }
    LOG.debug("received {} on {}", resp.messages().size(), channel);
    Set<String> hiddenGroups = new HashSet<>();
    Instant wallNow = Instant.now();
    for (software.amazon.awssdk.services.sqs.model.Message m : resp.messages()) {
      if (wasClosed) {
        toReturn.add(m.receiptHandle());
        continue;
      }
      Map<MessageSystemAttributeName, String> sys = m.attributes();
      String group = sys.get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
      if (group != null && hiddenGroups.contains(group)) {
        // A FIFO group whose earlier message was hidden: give the rest back so order holds.
        toReturn.add(m.receiptHandle());
        continue;
      }
      Message<byte[]> message;
      try {
        message = SqsWire.decode(m.body(), m.messageAttributes(), m.messageId());
      } catch (RuntimeException e) {
        LOG.error(
            "SQS message {} on channel {} cannot be read and is left for the queue's redrive"
                + " policy: {}",
            m.messageId(),
            channel,
            e.toString());
        if (group != null) {
          hiddenGroups.add(group);
        }
        continue;
      }
      Instant deliverAt = message.deliverAt();
      if (deliverAt != null && deliverAt.isAfter(wallNow)) {
        long seconds = (Duration.between(wallNow, deliverAt).toMillis() + 999) / 1000;
        toHide.add(
            new VisibilityChange(
                m.receiptHandle(), (int) Math.min(seconds, MAX_VISIBILITY_SECONDS)));
        if (group != null) {
          hiddenGroups.add(group);
        }
        continue;
      }
      int count = parseCount(sys.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
      toDeliver.add(
          new SqsDelivery(this, message, m.receiptHandle(), count, now + visibility.toNanos()));
    }
    boolean deliverNow;
    synchronized (this) {
      if (isClosed()) {
        for (SqsDelivery d : toDeliver) {
          toReturn.add(d.receiptHandle());
        }
        toDeliver.clear();
      }
      inFlight += toDeliver.size();
      unsettled.addAll(toDeliver);
      // Behind what is still held: resume() releases that first, so the order of receipt holds.
      deliverNow = !isPaused() && held.isEmpty();
      if (!deliverNow) {
        held.addAll(toDeliver);
      }
    }
    // Poll again before handing over: the next long poll is then already waiting at SQS while
    // core takes these messages (the prefetch slots they use are already counted).
    pollIfNeeded();
    toReturn.forEach(h -> visibilityChanges.add(new VisibilityChange(h, 0)));
    toHide.forEach(visibilityChanges::add);
    if (deliverNow) {
      toDeliver.forEach(this::handOver);
    }
  }

  private void handOver(SqsDelivery d) {
    try {
      handler.onDelivery(d);
    } catch (RuntimeException e) {
      LOG.error("the handler of channel {} threw on delivery; returning the message", channel, e);
      d.nack(Duration.ZERO);
    }
  }

  /** The receives in flight now (what the poller count adapts); for tests. */
  synchronized int activeReceives() {
    return activePolls;
  }

  private static int parseCount(@Nullable String s) {
    try {
      return s == null ? 1 : Math.max(1, Integer.parseInt(s));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  void acked(SqsDelivery d) {
    if (settle(d)) {
      deletes.add(d.receiptHandle());
    }
    pollIfNeeded();
  }

  void nacked(SqsDelivery d, Duration after) {
    if (settle(d)) {
      long whole = Math.min(after.toSeconds(), MAX_VISIBILITY_SECONDS);
      long fraction = after.minusSeconds(after.toSeconds()).toNanos();
      VisibilityChange change = new VisibilityChange(d.receiptHandle(), (int) whole);
      if (fraction == 0 || after.toSeconds() >= MAX_VISIBILITY_SECONDS) {
        visibilityChanges.add(change);
      } else {
        // SQS counts whole seconds: wait out the fraction here, so the total is what was asked.
        timer.schedule(() -> visibilityChanges.add(change), fraction, TimeUnit.NANOSECONDS);
      }
    }
    pollIfNeeded();
  }

  /**
   * Removes a settled delivery from the books; {@code false} if the consumer had closed ({@link
   * #doClose()} empties the books under this lock, returning what was unsettled).
   */
  private boolean settle(SqsDelivery d) {
    synchronized (this) {
      if (!unsettled.remove(d)) {
        return false;
      }
      inFlight--;
      return true;
    }
  }

  private void extendVisibility() {
    long now = System.nanoTime();
    long half = visibility.toNanos() / 2;
    for (SqsDelivery d : unsettled) {
      if (d.visibleUntil() - now < half) {
        d.visibleUntil(now + visibility.toNanos());
        visibilityChanges.add(
            new VisibilityChange(d.receiptHandle(), (int) visibility.toSeconds()));
      }
    }
  }

  private CompletableFuture<?> deleteBatch(List<String> handles) {
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(handles.size());
    for (int i = 0; i < handles.size(); i++) {
      entries.add(
          DeleteMessageBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .receiptHandle(handles.get(i))
              .build());
    }
    return client
        .deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries))
        .whenComplete(
            (resp, err) -> {
              traffic.record(channel, BrokerOperation.SETTLE, 0L, err);
              if (err != null) {
                LOG.warn(
                    "acknowledging {} messages on channel {} failed; they will be redelivered: {}",
                    handles.size(),
                    channel,
                    errors.translate(err, channel, "ack").getMessage());
              } else if (resp.hasFailed() && !resp.failed().isEmpty()) {
                LOG.warn(
                    "SQS refused {} acknowledgements on channel {}; they will be redelivered: {}",
                    resp.failed().size(),
                    channel,
                    resp.failed().get(0).message());
              }
            });
  }

  private CompletableFuture<?> visibilityBatch(List<VisibilityChange> changes) {
    List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(changes.size());
    for (int i = 0; i < changes.size(); i++) {
      entries.add(
          ChangeMessageVisibilityBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .receiptHandle(changes.get(i).receiptHandle())
              .visibilityTimeout(changes.get(i).seconds())
              .build());
    }
    return client
        .changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries))
        .whenComplete(
            (resp, err) -> {
              traffic.record(channel, BrokerOperation.SETTLE, 0L, err);
              if (err != null) {
                LOG.warn(
                    "changing the visibility of {} messages on channel {} failed: {}",
                    changes.size(),
                    channel,
                    errors.translate(err, channel, "visibility change").getMessage());
              } else if (resp.hasFailed() && !resp.failed().isEmpty()) {
                // Typically a message already deleted or whose receipt expired: nothing to do.
                LOG.debug(
                    "SQS refused {} visibility changes on channel {}: {}",
                    resp.failed().size(),
                    channel,
                    resp.failed().get(0).message());
              }
            });
  }

  /** Releases what arrived while paused, then polls again. */
  @Override
  protected void onResume() {
    List<SqsDelivery> release;
    synchronized (this) {
      if (isClosed()) {
        return;
      }
      release = new ArrayList<>(held);
      held.clear();
    }
    release.forEach(this::handOver);
    pollIfNeeded();
  }

  /**
   * Closes, as {@link #close()} does, and tells when that is done.
   *
   * @return completes when acks and returns already made have reached SQS
   */
  CompletableFuture<Void> closeAsync() {
    close();
    return closeDone;
  }

  /** Stops consuming and returns every unsettled message to the queue. */
  @Override
  protected void doClose() {
    List<SqsDelivery> toReturn = new ArrayList<>();
    synchronized (this) {
      for (SqsDelivery d : unsettled) {
        if (d.abandon()) {
          toReturn.add(d);
        }
      }
      unsettled.clear();
      held.clear();
      inFlight = 0;
    }
    extender.cancel(false);
    toReturn.forEach(d -> visibilityChanges.add(new VisibilityChange(d.receiptHandle(), 0)));
    if (!toReturn.isEmpty()) {
      LOG.debug("returned {} unsettled messages of channel {} to SQS", toReturn.size(), channel);
    }
    CompletableFuture.allOf(deletes.flushed(), visibilityChanges.flushed())
        .whenComplete(
            (v, e) -> {
              onClose.accept(this);
              if (e != null) {
                closeDone.completeExceptionally(e);
              } else {
                closeDone.complete(null);
              }
            });
  }

  @Override
  public String toString() {
    return "SqsInbound[" + channel + "]";
  }
}
