package io.hermod.binding.artemis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.api.Receipt;
import io.hermod.api.SubscriptionOptions;
import io.hermod.core.Hermod;
import io.hermod.tck.Deadlines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue #11, item 3, at a smaller scale: per-key order on an exactly-once queue while consumer
 * instances leave and join mid-run. Before the fix, a closing subscription's buffered, unstarted
 * deliveries went back as copies at the tail of the queue, behind later messages of their key.
 */
class ArtemisOrderWhileLeavingTest {

  private static final Logger LOG = LoggerFactory.getLogger(ArtemisOrderWhileLeavingTest.class);
  private static final int KEYS = 16;
  private static final int MESSAGES = 800;

  private final List<Messaging> instances = new ArrayList<>();

  @AfterEach
  void closeAll() {
    for (Messaging m : instances) {
      m.close();
    }
  }

  private Messaging instance() {
    Messaging m = Hermod.builder().config(ArtemisFixture.shared().config()).build();
    instances.add(m);
    return m;
  }

  @Test
  @DisplayName("per-key order holds while 3 of 6 instances close and 2 join mid-run: 0 violations")
  void orderWhileInstancesLeave() throws Exception {
    String channel = SpiSupport.name("leave");
    ChannelSpec spec = ChannelSpec.queue(channel).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    Map<String, Integer> highest = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> handledPerId = new ConcurrentHashMap<>();
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    List<Messaging> consumers = new ArrayList<>();
    Runnable start =
        () -> {
          Messaging m = instance();
          m.declare(spec);
          m.subscribe(
              channel,
              String.class,
              SubscriptionOptions.builder().concurrency(2).build(),
              d -> {
                String key = d.message().key();
                int seq = Integer.parseInt(d.message().header("seq"));
                // Handlers of one key never overlap (that is what is under test), so a
                // read-then-write per key is exact.
                Integer before = highest.get(key);
                if (before != null && seq < before) {
                  violations.incrementAndGet();
                  LOG.warn("order violation on {}: seq {} after {}", key, seq, before);
                } else {
                  highest.put(key, seq);
                }
                handledPerId
                    .computeIfAbsent(d.message().id(), i -> new AtomicInteger())
                    .incrementAndGet();
                // Simulated work, so that each instance holds unstarted deliveries when it leaves.
                LockSupport.parkNanos(Duration.ofMillis(4).toNanos());
                handled.incrementAndGet();
              });
          consumers.add(m);
        };
    for (int i = 0; i < 6; i++) {
      start.run();
    }

    Messaging producer = instance();
    producer.declare(spec);
    Publisher<String> publisher = producer.publisher(channel, String.class);
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      Message<String> m =
          Message.builder("leave-" + i)
              .key("key-" + (i % KEYS))
              .header("seq", Integer.toString(i / KEYS))
              .build();
      ids.add(m.id());
      receipts.add(publisher.send(m).toCompletableFuture());
    }
    for (CompletableFuture<Receipt> r : receipts) {
      r.get(30, TimeUnit.SECONDS);
    }

    // Instances leave (a scale-in or a rolling deploy) and join while the queue drains.
    List<Map.Entry<Integer, Runnable>> events =
        List.of(
            Map.entry(MESSAGES / 8, () -> consumers.remove(0).close()),
            Map.entry(MESSAGES / 4, () -> consumers.remove(0).close()),
            Map.entry(MESSAGES / 3, start),
            Map.entry(MESSAGES * 3 / 8, () -> consumers.remove(0).close()),
            Map.entry(MESSAGES / 2, start));
    for (Map.Entry<Integer, Runnable> e : events) {
      int at = e.getKey();
      Deadlines.await(
          at + " handled",
          Duration.ofSeconds(60),
          () -> handled.get() >= at,
          () -> handled + " handled");
      e.getValue().run();
    }

    Deadlines.await(
        "every message handled",
        Duration.ofSeconds(60),
        () -> ids.stream().allMatch(handledPerId::containsKey),
        () -> handledPerId.size() + " of " + MESSAGES + " ids handled");
    long duplicates = handledPerId.values().stream().filter(c -> c.get() > 1).count();
    LOG.info(
        "order while leaving: {} violations, {} ids handled more than once, {} handled",
        violations.get(),
        duplicates,
        handled.get());
    assertThat(violations.get()).as("per-key order violations").isZero();
    assertThat(duplicates).as("ids handled more than once on an exactly-once queue").isZero();
  }
}
