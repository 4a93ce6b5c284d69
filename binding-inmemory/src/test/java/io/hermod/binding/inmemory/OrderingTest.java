package io.hermod.binding.inmemory;

import static io.hermod.binding.inmemory.SpiHarness.await;
import static io.hermod.binding.inmemory.SpiHarness.keyed;
import static io.hermod.binding.inmemory.SpiHarness.sendOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Message;
import io.hermod.spi.Binding;
import io.hermod.spi.InboundDelivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderingTest {

  private final SpiHarness h = new SpiHarness();
  private final ExecutorService workers = Executors.newFixedThreadPool(8);

  @AfterEach
  void close() {
    h.close();
    workers.shutdownNow();
  }

  private static ChannelSpec ordered(String name) {
    return ChannelSpec.queue(name)
        .durability(Durability.MEMORY)
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .build();
  }

  @Test
  void perKeyOrderHoldsAcrossCompetingConsumersAndRedeliveries() {
    ChannelSpec q = ordered("ordered");
    int keys = 16;
    int perKey = 60;
    Map<String, List<Integer>> processed = new ConcurrentHashMap<>();
    AtomicInteger acked = new AtomicInteger();
    AtomicInteger concurrentViolations = new AtomicInteger();
    Map<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    for (int c = 0; c < 4; c++) {
      Recorder r =
          Recorder.with(
              d ->
                  workers.execute(
                      () -> {
                        String key = d.message().key();
                        if (outstanding
                                .computeIfAbsent(key, k -> new AtomicInteger())
                                .incrementAndGet()
                            > 1) {
                          concurrentViolations.incrementAndGet();
                        }
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        if (rnd.nextInt(10) == 0) {
                          Thread.yield();
                        }
                        outstanding.get(key).decrementAndGet();
                        if (rnd.nextInt(7) == 0 && d.deliveryCount() == 1) {
                          d.nack(Duration.ofMillis(rnd.nextInt(3)));
                          return;
                        }
                        processed
                            .computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                            .add(seq(d));
                        d.ack();
                        acked.incrementAndGet();
                      }));
      h.consume(h.binding(), q, "group", 10, r);
    }
    Binding sender = h.binding();
    List<Message<byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < perKey; i++) {
      for (int k = 0; k < keys; k++) {
        batch.add(keyed("k" + k, i));
      }
    }
    SpiHarness.sendAll(sender, q, batch);
    await("all processed", () -> acked.get() == keys * perKey);
    assertThat(concurrentViolations.get()).isZero();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < perKey; i++) {
      expected.add(i);
    }
    assertThat(processed).hasSize(keys);
    processed.forEach((k, seqs) -> assertThat(seqs).as("key %s", k).isEqualTo(expected));
  }

  @Test
  void aHeldKeyBlocksOnlyItself() {
    ChannelSpec q = ordered("held-key");
    Binding b = h.binding();
    List<InboundDelivery> held = new CopyOnWriteArrayList<>();
    Recorder r =
        Recorder.with(
            d -> {
              if (d.message().key().equals("stuck")) {
                held.add(d);
              } else {
                d.ack();
              }
            });
    h.consume(b, q, "s", 100, r);
    sendOne(b, q, keyed("stuck", 0));
    sendOne(b, q, keyed("stuck", 1));
    for (int i = 0; i < 10; i++) {
      sendOne(b, q, keyed("free", i));
    }
    await("the free key", () -> r.count() == 11);
    SpiHarness.pause(Duration.ofMillis(100));
    assertThat(held).hasSize(1);
    assertThat(seq(held.get(0))).isZero();
    held.get(0).nack(Duration.ZERO);
    await("the redelivery of stuck:0", () -> held.size() == 2);
    assertThat(seq(held.get(1))).isZero();
    assertThat(held.get(1).deliveryCount()).isEqualTo(2);
    held.get(1).ack();
    await("stuck:1", () -> held.size() == 3);
    assertThat(seq(held.get(2))).isEqualTo(1);
  }

  @Test
  void closingAConsumerHandsItsKeysToAnotherInOrder() {
    ChannelSpec q = ordered("handover");
    Recorder holder = Recorder.holding();
    var first = h.consume(h.binding(), q, "s", 10, holder);
    Binding sender = h.binding();
    for (int i = 0; i < 5; i++) {
      sendOne(sender, q, keyed("k", i));
    }
    await("k:0 held", () -> holder.count() == 1);
    Recorder second = Recorder.acking();
    h.consume(h.binding(), q, "s", 10, second);
    SpiHarness.pause(Duration.ofMillis(100));
    assertThat(second.count()).isZero();
    first.close();
    await("all five", () -> second.count() == 5);
    assertThat(second.deliveries).extracting(OrderingTest::seq).containsExactly(0, 1, 2, 3, 4);
    assertThat(second.deliveries.get(0).deliveryCount()).isEqualTo(2);
  }

  private static int seq(InboundDelivery d) {
    String body = SpiHarness.body(d);
    return Integer.parseInt(body.substring(body.indexOf(':') + 1));
  }
}
