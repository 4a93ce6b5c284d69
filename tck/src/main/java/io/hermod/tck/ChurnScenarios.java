package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * C. Delivery guarantees while consumer instances come and go: an instance leaving mid-stream, a
 * restart followed by producer resends, a consumer JVM killed with {@code kill -9}, instances
 * leaving and joining an ordered queue. Each instance is a {@link Messaging} of its own, as
 * separate processes are in a real deployment; C11's victim is a separate JVM.
 *
 * <p>Scenarios: C09-C12 (catalogue: tck/README.md). Each test's display name starts with its id.
 */
interface ChurnScenarios extends Scenarios {

  /** A window in which something must NOT happen (a late duplicate, a late redelivery). */
  Duration QUIET = Duration.ofSeconds(1);

  /** How long a handler works on each message, so that a stream is still flowing at the churn. */
  Duration WORK = Duration.ofMillis(5);

  @Test
  @Scenario(
      requires = Capability.EXACTLY_ONCE,
      counts = {"lost", "processed twice (exactly-once)"},
      measures = {"at_least_once_duplicates", "exactly_once_duplicates"})
  @DisplayName(
      "C09 an instance leaving mid-stream: nothing processed twice on exactly-once,"
          + " at-least-once duplicates reported")
  default void instanceLeavesMidStream() throws Exception {
    TckSupport tck = tck();
    int n = tck.churnCount(1000);
    // At-least-once first: its count is reported even when the exactly-once check fails.
    List<Message<String>> aloSent = keyed("c09-alo", n);
    List<String> aloIds = Traffic.ids(aloSent);
    DeliveryLog alo = leaveMidStream(tck, "c09-alo", DeliveryGuarantee.AT_LEAST_ONCE, aloSent);
    tck.measure("at_least_once_duplicates", alo.total() - alo.distinct());
    assertThat(alo.lost(aloIds)).as("at-least-once: " + alo.summary(aloIds)).isEmpty();

    List<Message<String>> eoSent = keyed("c09-eo", n);
    List<String> eoIds = Traffic.ids(eoSent);
    DeliveryLog eo = leaveMidStream(tck, "c09-eo", DeliveryGuarantee.EXACTLY_ONCE, eoSent);
    tck.measure("exactly_once_duplicates", eo.total() - eo.distinct());
    assertThat(eo.lost(eoIds)).as("exactly-once: " + eo.summary(eoIds)).isEmpty();
    assertThat(eo.duplicates())
        .as(
            "ids processed twice on an EXACTLY_ONCE queue after an instance left mid-stream (%s)",
            eo.summary(eoIds))
        .isEmpty();
  }

  /**
   * Three instances compete on a queue; the busiest is closed once a quarter is processed while the
   * rest still flows. Returns what the handlers processed.
   */
  private static DeliveryLog leaveMidStream(
      TckSupport tck, String label, DeliveryGuarantee guarantee, List<Message<String>> sent)
      throws Exception {
    String channel = tck.name(label);
    ChannelSpec spec = tck.queue(channel).guarantee(guarantee).build();
    List<String> ids = Traffic.ids(sent);
    int n = ids.size();
    DeliveryLog log = new DeliveryLog();
    Map<String, Messaging> instances = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      String instance = "instance-" + i;
      Messaging m = tck.messaging();
      m.declare(spec);
      m.subscribe(
          channel,
          String.class,
          SubscriptionOptions.builder().concurrency(2).build(),
          d -> {
            LockSupport.parkNanos(WORK.toNanos());
            log.record(instance, d.message().id());
          });
      instances.put(instance, m);
    }
    Messaging producer = tck.messaging();
    producer.declare(spec);
    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> Traffic.sendPipelined(producer.publisher(channel, String.class), sent));

    int quarter = Math.max(1, n / 4);
    Progress.await(
        tck,
        quarter + " of " + n + " messages processed before an instance leaves",
        log::distinct,
        () -> log.distinct() >= quarter,
        () -> log.summary(ids));
    String leaving = busiest(log, instances.keySet());
    int processedAtLeave = log.distinct();
    // A graceful leave: the instance's process shuts down (a rolling deploy, a scale-in).
    instances.get(leaving).close();
    assertThat(processedAtLeave)
        .as(
            "messages processed when %s left (the kit must close it while messages still flow;"
                + " if all were done, the stream was too fast for the scenario)",
            leaving)
        .isLessThan(n);

    sending.get(Traffic.RECEIPT_WAIT.toSeconds() * 2, TimeUnit.SECONDS);
    Progress.awaitAll(
        tck, "all " + n + " messages after " + leaving + " left (" + guarantee + ")", log, ids);
    TckSupport.pause(QUIET);
    return log;
  }

  @Test
  @Scenario(
      requires = Capability.EXACTLY_ONCE,
      counts = "handled again",
      measures = "handled_again")
  @DisplayName(
      "C10 a consumer restarts, the producer resends processed ids within the window:"
          + " none handled again")
  default void restartThenResendsAreNotHandledAgain() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("c10");
    Duration window = Duration.ofMinutes(5);
    ChannelSpec spec =
        tck.queue(channel).guarantee(DeliveryGuarantee.EXACTLY_ONCE).dedupWindow(window).build();
    int n = tck.count(2000);
    int keys = 16;
    List<Message<String>> sent = keyed("c10", n);
    List<String> ids = Traffic.ids(sent);
    Messaging producer = tck.messaging();
    producer.declare(spec);

    Messaging before = tck.messaging();
    before.declare(spec);
    DeliveryLog first = new DeliveryLog();
    before.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().concurrency(4).build(),
        d -> first.record(d.message().id()));
    Traffic.sendPipelined(producer.publisher(channel, String.class), sent);
    Progress.awaitAll(tck, "all " + n + " messages at the first instance", first, ids);
    TckSupport.pause(QUIET);
    // A clean shutdown after everything was processed: nothing is in flight.
    before.close();

    Messaging after = tck.messaging();
    after.declare(spec);
    DeliveryLog second = new DeliveryLog();
    after.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().concurrency(4).build(),
        d -> second.record(d.message().id()));
    // The producer retries every message (same ids) well within the dedup window ...
    Traffic.sendPipelined(producer.publisher(channel, String.class), sent);
    // ... then sends one new message per key: on an ordered channel each is handled after the
    // resends of its key, so once all have been handled, every resend has had its chance.
    List<Message<String>> fresh =
        IntStream.range(0, keys)
            .mapToObj(k -> Message.builder("c10-fresh-" + k).key("key-" + k).build())
            .toList();
    List<String> freshIds = Traffic.ids(fresh);
    Traffic.sendPipelined(producer.publisher(channel, String.class), fresh);
    Progress.awaitAll(
        tck, "the " + keys + " new messages at the restarted instance", second, freshIds);
    TckSupport.pause(QUIET);

    Set<String> again = new HashSet<>(second.byConsumer().getOrDefault("-", Set.of()));
    again.retainAll(new HashSet<>(ids));
    tck.measure("handled_again", again.size());
    assertThat(first.duplicates()).as("ids handled twice before the restart").isEmpty();
    assertThat(again)
        .as(
            "of %d ids processed before the restart and resent within the %s dedup window,"
                + " these were handled again by the new instance (%d)",
            n, window, again.size())
        .isEmpty();
    assertThat(second.lost(freshIds)).as("new ids after the restart").isEmpty();
  }

  @Test
  @Scenario(
      requires = Capability.EXACTLY_ONCE,
      counts = {"lost", "duplicates (at most the prefetch)"},
      measures = {"killed_jvm_handled", "survivor_handled", "duplicates_after_kill"})
  @DisplayName(
      "C11 a consumer JVM killed with kill -9 mid-stream: the survivor gets every unsettled"
          + " message, recorded ids are not handled again")
  default void killedConsumerJvm() throws Exception {
    TckSupport tck = tck();
    BrokerFixture fixture = tck.fixture();
    tck.assume(
        fixture.reachableFromAnotherJvm(),
        "the "
            + fixture.bindingName()
            + " fixture's broker lives inside the test JVM, so a consumer JVM of its own cannot"
            + " reach it (BrokerFixture.reachableFromAnotherJvm)");
    String channel = tck.name("c11");
    ChannelSpec spec = tck.queue(channel).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    Messaging producer = tck.messaging();
    producer.declare(spec);
    int prefetch = 4;
    Duration childWork = Duration.ofMillis(10);
    ChildConsumerJvm child =
        tck.closeAfterScenario(
            ChildConsumerJvm.start(
                fixture.config(),
                channel,
                spec.durability(),
                prefetch,
                childWork,
                tck.deadline().multipliedBy(4)));
    try {
      tck.await(
          "the consumer JVM to subscribe",
          tck.deadline(),
          () -> child.ready() || !child.alive(),
          child::outputTail);
      if (!child.ready()) {
        fail("the consumer JVM ended before subscribing; its output:\n" + child.outputTail());
      }
      int n = tck.churnCount(500);
      List<Message<String>> sent = keyed("c11", n);
      List<String> ids = Traffic.ids(sent);
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> Traffic.sendPipelined(producer.publisher(channel, String.class), sent));
      tck.await(
          "the consumer JVM's first handled message",
          tck.deadline(),
          () -> !child.handled().isEmpty() || !child.alive(),
          () -> "nothing handled; its output:\n" + child.outputTail());

      // The survivor competes from here on, in this JVM.
      Messaging survivor = tck.messaging();
      survivor.declare(spec);
      DeliveryLog survived = new DeliveryLog();
      survivor.subscribe(
          channel,
          String.class,
          SubscriptionOptions.builder().concurrency(2).build(),
          d -> {
            LockSupport.parkNanos(childWork.toNanos());
            survived.record("survivor", d.message().id());
          });

      int victimShare = Math.max(2, n / 10);
      tck.await(
          victimShare + " messages handled by the consumer JVM before it is killed",
          tck.deadline(),
          () -> child.handled().size() >= victimShare || !child.alive(),
          () -> child.handled().size() + " handled; its output:\n" + child.outputTail());
      assertThat(child.alive())
          .as("the consumer JVM runs until the kill; its output:\n%s", child.outputTail())
          .isTrue();
      child.kill();
      List<String> byChild = child.handled();
      Set<String> doneAtKill = new HashSet<>(byChild);
      doneAtKill.addAll(survived.byConsumer().getOrDefault("survivor", Set.of()));
      assertThat(doneAtKill.size())
          .as(
              "messages handled when the consumer JVM was killed (the kill must come while"
                  + " messages still flow)")
          .isLessThan(n);

      sending.get(Traffic.RECEIPT_WAIT.toSeconds() * 2, TimeUnit.SECONDS);
      Set<String> childIds = new HashSet<>(byChild);
      tck.await(
          "every message handled by the killed JVM or the survivor (deadline includes the"
              + " fixture's crash redelivery delay "
              + fixture.crashRedeliveryDelay()
              + ")",
          tck.deadline(),
          () -> {
            Set<String> bySurvivor = survived.byConsumer().getOrDefault("survivor", Set.of());
            return ids.stream().allMatch(id -> childIds.contains(id) || bySurvivor.contains(id));
          },
          () -> "survivor " + survived.summary(ids) + ", killed JVM handled " + byChild.size());
      TckSupport.pause(QUIET);

      Set<String> union = new HashSet<>(childIds);
      union.addAll(survived.byConsumer().getOrDefault("survivor", Set.of()));
      List<String> lost = ids.stream().filter(id -> !union.contains(id)).toList();
      Set<String> both = new HashSet<>(childIds);
      both.retainAll(survived.byConsumer().getOrDefault("survivor", Set.of()));
      int duplicates = byChild.size() + survived.total() - union.size();
      tck.measure("killed_jvm_handled", byChild.size());
      tck.measure("survivor_handled", survived.total());
      tck.measure("duplicates_after_kill", duplicates);
      assertThat(lost).as("messages handled by neither the killed JVM nor the survivor").isEmpty();
      assertThat(duplicates)
          .as(
              "handlings beyond one per id (%d handled by both, e.g. %s; the killed JVM handled %d,"
                  + " the survivor %d): at most the killed consumer's prefetch %d may have been"
                  + " between a handler's return and its id being recorded",
              both.size(),
              both.stream().limit(5).toList(),
              byChild.size(),
              survived.total(),
              prefetch)
          .isLessThanOrEqualTo(prefetch);
    } finally {
      child.close();
    }
  }

  @Test
  @Scenario(
      requires = {Capability.ORDERED, Capability.EXACTLY_ONCE},
      counts = {"order violations", "lost"},
      measures = "order_violations")
  @DisplayName("C12 per-key order while instances leave and join: 0 order violations")
  default void perKeyOrderUnderChurn() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("c12");
    ChannelSpec spec = tck.queue(channel).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    int n = tck.churnCount(1000);
    int keys = 16;
    List<Message<String>> sent =
        IntStream.range(0, n)
            .mapToObj(
                i ->
                    Message.builder("c12-" + i)
                        .key("key-" + (i % keys))
                        .header("seq", Integer.toString(i / keys))
                        .build())
            .toList();
    List<String> ids = Traffic.ids(sent);
    Messaging producer = tck.messaging();
    producer.declare(spec);
    // A backlog first, so that every instance holds buffered deliveries when it leaves.
    Traffic.sendInOrder(producer.publisher(channel, String.class), sent);

    StartLog starts = new StartLog();
    DeliveryLog log = new DeliveryLog();
    Map<String, Messaging> alive = new LinkedHashMap<>();
    int[] started = {0};
    Runnable join =
        () -> {
          String instance = "instance-" + started[0]++;
          Messaging m = tck.messaging();
          m.declare(spec);
          m.subscribe(
              channel,
              String.class,
              SubscriptionOptions.builder().concurrency(2).build(),
              d -> {
                starts.started(d.message().key(), Integer.parseInt(d.message().header("seq")));
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                log.record(instance, d.message().id());
              });
          alive.put(instance, m);
        };
    for (int i = 0; i < 6; i++) {
      join.run();
    }
    // Leaves and joins at fixed points of the run: 3 leave, 2 join, as in a rolling deploy.
    List<String> churn = new ArrayList<>();
    double[] at = {0.15, 0.3, 0.45, 0.6, 0.75};
    boolean[] leave = {true, false, true, false, true};
    int lastStepAt = 0;
    for (int step = 0; step < at.length; step++) {
      int threshold = (int) Math.max(1, Math.round(n * at[step]));
      Progress.await(
          tck,
          threshold + " of " + n + " messages before churn step " + (step + 1),
          log::distinct,
          () -> log.distinct() >= threshold,
          () -> log.summary(ids));
      lastStepAt = log.distinct();
      if (leave[step]) {
        String leaving = busiest(log, alive.keySet());
        alive.remove(leaving).close();
        churn.add(leaving + " left at " + lastStepAt);
      } else {
        join.run();
        churn.add("instance-" + (started[0] - 1) + " joined at " + lastStepAt);
      }
    }
    assertThat(lastStepAt)
        .as("messages processed at the last churn step (%s): it must come mid-run", churn)
        .isLessThan(n);
    Progress.awaitAll(tck, "all " + n + " messages while instances left and joined", log, ids);
    TckSupport.pause(QUIET);

    List<String> violations = starts.violations();
    tck.measure("order_violations", violations.size());
    assertThat(log.lost(ids)).as(log.summary(ids)).isEmpty();
    assertThat(violations)
        .as(
            "messages started after a later message of their key had started (%d; churn: %s)",
            violations.size(), churn)
        .isEmpty();
  }

  /** The instance that processed most so far: the one certain to hold work when it leaves. */
  private static String busiest(DeliveryLog log, Set<String> instances) {
    return instances.stream()
        .max(
            (a, b) ->
                Integer.compare(
                    log.byConsumer().getOrDefault(a, Set.of()).size(),
                    log.byConsumer().getOrDefault(b, Set.of()).size()))
        .orElseThrow();
  }

  /**
   * {@code n} messages {@code <prefix>-<i>}, keyed over 16 keys so a partitioned broker spreads
   * them.
   */
  private static List<Message<String>> keyed(String prefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(
            i ->
                Message.builder(prefix + "-" + i)
                    .key("key-" + (i % 16))
                    .header("seq", Integer.toString(i))
                    .build())
        .toList();
  }
}
