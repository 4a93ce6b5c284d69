package io.hermod.tck;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load of the cluster scenarios (F06, F07): 10 publishers send in three phases to one queue
 * while a consumer application processes; in the middle of each of the first two phases the node
 * serving the queue is killed with {@code kill -9}, and once the phase's sends all have a receipt
 * (from the survivors) the killed node is brought back, so the second kill again leaves a majority.
 * Every send that fails is sent again ({@link RetryingPublisher}), so at the end every message has
 * a receipt. Not thread-safe: one run per scenario.
 */
final class NodeLoss {

  /** Publisher applications sending at once. */
  static final int PUBLISHERS = 10;

  /** Pause after each first send per publisher, so the stream still flows when a node dies. */
  static final Duration PACE = Duration.ofMillis(15);

  /**
   * The send timeout of the run: longer than a failover takes, so most sends in flight at a kill
   * complete on the new leader instead of failing and being resent.
   */
  static final Map<String, String> CONFIG = Map.of("hermod.send-timeout", "20s");

  private final TckSupport tck;
  private final BrokerCluster cluster;
  private final Set<String> receipted = ConcurrentHashMap.newKeySet();
  private final DeliveryLog log = new DeliveryLog();
  private final List<String> ids = new ArrayList<>();
  private final List<Long> resumeMillis = new ArrayList<>();
  private final List<Long> rejoinMillis = new ArrayList<>();
  private final List<String> killed = new ArrayList<>();
  private int attempts;
  private int failures;

  NodeLoss(TckSupport tck, BrokerCluster cluster) {
    this.tck = tck;
    this.cluster = cluster;
  }

  /**
   * Runs the load on {@code spec} with two kills and two rejoins, then waits until every receipted
   * message was processed (or the deadline passed; the caller asserts).
   *
   * @param spec the queue
   * @param prefix prefix of the message ids
   * @param total the messages to send, over all publishers
   */
  void run(ChannelSpec spec, String prefix, int total) throws Exception {
    String channel = spec.name();
    Messaging consumer = tck.messaging(CONFIG);
    consumer.declare(spec);
    consumer.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().concurrency(4).build(),
        d -> log.record(d.message().id()));
    Messaging producer = tck.messaging(CONFIG);
    producer.declare(spec);

    int each = Math.max(3, total / PUBLISHERS);
    AtomicInteger allowed = new AtomicInteger(each / 3);
    List<RetryingPublisher> apps = new ArrayList<>();
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (int p = 0; p < PUBLISHERS; p++) {
      List<Message<String>> mine = Traffic.texts(prefix + "-p" + p, each);
      ids.addAll(Traffic.ids(mine));
      RetryingPublisher app =
          new RetryingPublisher(
              producer.publisher(channel, String.class), mine, receipted, PACE, allowed::get);
      apps.add(app);
      running.add(app.start());
    }
    CompletableFuture<Void> done =
        CompletableFuture.allOf(running.toArray(new CompletableFuture<?>[0]));
    // A failover and a rejoin each take seconds on a loaded machine: generous, never a measure.
    Duration deadline = tck.deadline().multipliedBy(4);
    try {
      for (int phase = 1; phase <= 2; phase++) {
        int phaseStart = PUBLISHERS * (each * (phase - 1) / 3);
        int phaseEnd = PUBLISHERS * (each * phase / 3);
        allowed.set(each * phase / 3);
        int middle = (phaseStart + phaseEnd) / 2;
        tck.await(
            middle + " receipted sends before kill " + phase,
            deadline,
            () -> receipted.size() >= middle,
            () -> "receipted " + receipted.size());
        String node = cluster.killLeader(channel);
        long killedAt = System.nanoTime();
        killed.add(node);
        tck.await(
            "receipts for every send of phase " + phase + " after " + node + " was killed",
            deadline,
            () -> receipted.size() >= phaseEnd,
            () -> "receipted " + receipted.size() + " of " + phaseEnd);
        resumeMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        long rejoinAt = System.nanoTime();
        cluster.rejoin(node);
        rejoinMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rejoinAt));
      }
      allowed.set(each);
      done.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      apps.forEach(RetryingPublisher::stop);
      attempts = apps.stream().mapToInt(RetryingPublisher::attempts).sum();
      failures = apps.stream().mapToInt(RetryingPublisher::failures).sum();
    }
    List<String> expected = new ArrayList<>(receipted);
    tck.await(
        "every receipted message processed after two nodes were killed and rejoined",
        deadline,
        () -> log.containsAll(expected),
        () -> log.summary(expected));
  }

  /** Every message's id, in the order the publishers were made. */
  List<String> ids() {
    return ids;
  }

  /** The ids that got a receipt. */
  Set<String> receipted() {
    return receipted;
  }

  /** Every delivery the consumer application processed. */
  DeliveryLog log() {
    return log;
  }

  /** For each kill, from the kill until every send of its phase had a receipt. */
  List<Long> resumeMillis() {
    return resumeMillis;
  }

  /** For each kill, how long the killed node took to rejoin. */
  List<Long> rejoinMillis() {
    return rejoinMillis;
  }

  /** What the run did, for assertion messages. */
  String describe() {
    return "killed "
        + killed
        + ", "
        + attempts
        + " send attempts, "
        + failures
        + " failed and resent, resumed after "
        + resumeMillis
        + " ms, rejoined after "
        + rejoinMillis
        + " ms";
  }
}
