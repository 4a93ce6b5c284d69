package io.hermod.binding.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.core.Hermod;
import io.hermod.tck.Deadlines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * End to end, through core: the processed-id memory of an exactly-once queue outlives the consumer
 * instance (the issue saw 2,000 of 2,000 resent ids handled again by a new instance).
 */
class KafkaExactlyOnceRestartTest {

  private static final int IDS = 2000;
  private static final int KEYS = 16;

  @Test
  void aNewMessagingInstanceDoesNotHandleResentIdsAgain() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    Map<String, String> config =
        Map.of(
            "hermod.binding", "kafka", "hermod.kafka.bootstrap-servers", broker.bootstrapServers());
    ChannelSpec q =
        ChannelSpec.queue("it-eo-restart-" + UUID.randomUUID().toString().substring(0, 8))
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .build();
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    try (Messaging producer = Hermod.builder().config(config).declare(q).build()) {
      Publisher<String> publisher = producer.publisher(q.name(), String.class);

      Messaging first = Hermod.builder().config(config).declare(q).build();
      first.subscribe(q.name(), String.class, d -> count(handled, d.message().id()));
      sendAll(publisher, "id-");
      await("first instance handles " + IDS, () -> handled.size() == IDS);
      first.close();

      try (Messaging second = Hermod.builder().config(config).declare(q).build()) {
        second.subscribe(q.name(), String.class, d -> count(handled, d.message().id()));
        sendAll(publisher, "id-"); // the producer resends every id, within the window
        // Per-key order: once each key's end marker is handled, every resend before it was seen.
        List<CompletableFuture<?>> markers = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
          markers.add(
              publisher
                  .send(Message.builder("end").id("end-" + k).key("key-" + k).build())
                  .toCompletableFuture());
        }
        for (CompletableFuture<?> m : markers) {
          m.get(30, TimeUnit.SECONDS);
        }
        await("the end markers", () -> handled.size() == IDS + KEYS);
      }
    }
    int again = handled.values().stream().mapToInt(c -> c.get() - 1).sum();
    assertThat(again).as("resent ids handled again by the new instance").isZero();
  }

  private static void count(Map<String, AtomicInteger> handled, String id) {
    handled.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
  }

  private static void sendAll(Publisher<String> publisher, String prefix) throws Exception {
    List<Message<String>> batch = new ArrayList<>();
    for (int i = 0; i < IDS; i++) {
      batch.add(Message.builder("p" + i).id(prefix + i).key("key-" + (i % KEYS)).build());
    }
    publisher.sendAll(batch).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) {
    Deadlines.await(what, Duration.ofSeconds(90), condition, () -> "condition still false");
  }
}
