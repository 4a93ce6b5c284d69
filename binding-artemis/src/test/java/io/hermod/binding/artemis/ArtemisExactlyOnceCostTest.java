package io.hermod.binding.artemis;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A measurement, not a check (figures come from benchmarks, never from timed assertions): the
 * wall time of a 2,000-message exactly-once run, from the first send until every message was
 * handled and acknowledged, for the README's cost of the processed-id store. Run with {@code
 * -Dhermod.measure=true}; skipped otherwise.
 */
@EnabledIfSystemProperty(named = "hermod.measure", matches = "true")
class ArtemisExactlyOnceCostTest {

  private static final Logger LOG = LoggerFactory.getLogger(ArtemisExactlyOnceCostTest.class);

  @Test
  @DisplayName("measure: 2,000 messages through an exactly-once queue (5 runs after 1 warm-up)")
  void measure() throws Exception {
    List<Long> millis = new ArrayList<>();
    for (int run = 0; run < 6; run++) {
      long ms = once(2000);
      if (run > 0) {
        millis.add(ms);
      }
    }
    LOG.info("exactly-once 2,000 messages, ms per run: {}", millis);
    System.out.println("MEASURE exactly-once 2000 messages ms per run: " + millis);
  }

  private static long once(int n) throws Exception {
    String channel = SpiSupport.name("cost");
    ChannelSpec spec =
        ChannelSpec.queue(channel)
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .durability(Durability.PERSISTENT)
            .build();
    try (Messaging consumer = Hermod.builder().config(ArtemisFixture.shared().config()).build();
        Messaging producer = Hermod.builder().config(ArtemisFixture.shared().config()).build()) {
      consumer.declare(spec);
      producer.declare(spec);
      AtomicInteger handled = new AtomicInteger();
      consumer.subscribe(
          channel,
          String.class,
          SubscriptionOptions.builder().concurrency(4).build(),
          d -> handled.incrementAndGet());
      Publisher<String> publisher = producer.publisher(channel, String.class);
      long start = System.nanoTime();
      List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        receipts.add(
            publisher
                .send(Message.builder("cost-" + i).key("key-" + (i % 16)).build())
                .toCompletableFuture());
      }
      for (CompletableFuture<Receipt> r : receipts) {
        r.get(60, TimeUnit.SECONDS);
      }
      Deadlines.await(
          "all handled", Duration.ofSeconds(120), () -> handled.get() >= n, () -> handled + " handled");
      // Handled is not yet acknowledged: wait until the broker has no message left.
      Deadlines.await(
          "all acknowledged",
          Duration.ofSeconds(120),
          () -> ArtemisFixture.shared().messageCount(channel) == 0,
          () -> ArtemisFixture.shared().messageCount(channel) + " left");
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
  }
}
