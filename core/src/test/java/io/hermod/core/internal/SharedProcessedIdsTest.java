package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.Subscription;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.ProcessedIdStore;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How core uses a binding's shared {@link ProcessedIdStore} on exactly-once channels: asked before
 * the handler, recorded after it, acked only once the record is durable.
 */
class SharedProcessedIdsTest {

  private final ManualBinding binding = new ManualBinding();
  private final RecordingStore store = new RecordingStore();
  private final CoreMessaging messaging;

  SharedProcessedIdsTest() {
    binding.store = store;
    messaging = binding.messaging();
    messaging.declare(ChannelSpec.queue("e").guarantee(DeliveryGuarantee.EXACTLY_ONCE).build());
  }

  @AfterEach
  void close() {
    messaging.close();
  }

  private static Message<byte[]> text(String payload) {
    return Message.builder(payload.getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void anIdAnotherInstanceRecordedIsAckedWithoutTheHandler() {
    AtomicInteger calls = new AtomicInteger();
    messaging.subscribe("e", String.class, d -> calls.incrementAndGet());
    Message<byte[]> m = text("x");
    store.processed.add(m.id());
    ManualBinding.Manual d = binding.deliver("e", m, 2);
    Deadline.await("settled", d::settled);
    assertThat(d.settlement.get()).isEqualTo("ack");
    assertThat(calls).hasValue(0);
    assertThat(store.recorded).isEmpty();
  }

  @Test
  void aSuccessIsAckedOnlyOnceItsRecordIsDurable() {
    store.confirmations = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    messaging.subscribe("e", String.class, d -> calls.incrementAndGet());
    Message<byte[]> m = text("x");
    ManualBinding.Manual d = binding.deliver("e", m, 1);
    Deadline.await("recorded", () -> store.recorded.contains(m.id()));
    assertThat(calls).hasValue(1);
    assertThat(d.settled()).isFalse();
    store.confirmations.complete(null);
    Deadline.await("acked", d::settled);
    assertThat(d.settlement.get()).isEqualTo("ack");
  }

  @Test
  void aRecordThatFailsIsTriedAgainAndTheMessageAckedOnceItIsDurable() {
    store.failures.set(3);
    AtomicInteger calls = new AtomicInteger();
    messaging.subscribe("e", String.class, d -> calls.incrementAndGet());
    Message<byte[]> m = text("x");
    ManualBinding.Manual d = binding.deliver("e", m, 1);
    Deadline.await("settled", d::settled);
    assertThat(d.settlement.get()).isEqualTo("ack");
    assertThat(store.tries).as("tries of the record: three failed, the fourth stored").hasValue(4);
    assertThat(calls).hasValue(1);
  }

  @Test
  void aRecordThatKeepsFailingIsAckedAfterTheSendTimeoutBecauseTheHandlerRan() {
    store.confirmations = CompletableFuture.failedFuture(new IllegalStateException("store down"));
    messaging.subscribe("e", String.class, d -> {});
    long start = System.nanoTime();
    ManualBinding.Manual d = binding.deliver("e", text("x"), 1);
    Deadline.await("settled", d::settled);
    assertThat(d.settlement.get()).isEqualTo("ack");
    // Tried again until the next try would pass the send timeout (5 s here), never past it.
    assertThat(store.tries.get()).isGreaterThan(3);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000 + 2_000);
  }

  @Test
  void closingWaitsForARecordBeingTriedAgain() throws Exception {
    store.failures.set(2);
    Subscription s = messaging.subscribe("e", String.class, d -> {});
    Message<byte[]> m = text("x");
    ManualBinding.Manual d = binding.deliver("e", m, 1);
    Deadline.await("first try failed", () -> store.tries.get() >= 1);
    s.close();
    // close() returned after the third try stored the id and the message was acked.
    assertThat(store.recorded).contains(m.id());
    assertThat(d.settlement.get()).isEqualTo("ack");
    assertThat(store.closed).isTrue();
  }

  @Test
  void aStoreThatCannotTellReturnsTheMessageWithTheBackoffAndRunsNoHandler() {
    store.lookupFails.set(true);
    AtomicInteger calls = new AtomicInteger();
    messaging.subscribe("e", String.class, d -> calls.incrementAndGet());
    ManualBinding.Manual d = binding.deliver("e", text("x"), 1);
    Deadline.await("settled", d::settled);
    assertThat(d.settlement.get()).startsWith("nack ").isNotEqualTo("nack 0ms");
    assertThat(calls).hasValue(0);
  }

  @Test
  void closingWaitsForRecordsSoNoProcessedMessageGoesBackUnacked() throws Exception {
    store.confirmations = new CompletableFuture<>();
    Subscription s = messaging.subscribe("e", String.class, d -> {});
    Message<byte[]> m = text("x");
    ManualBinding.Manual d = binding.deliver("e", m, 1);
    Deadline.await("recorded", () -> store.recorded.contains(m.id()));
    CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
    // The close is held by the record; the inbound endpoint stays open meanwhile.
    assertThat(closing).isNotDone();
    assertThat(binding.inbounds.get("e").closed).isFalse();
    store.confirmations.complete(null);
    closing.get(20, TimeUnit.SECONDS);
    assertThat(d.settlement.get()).isEqualTo("ack");
    assertThat(binding.inbounds.get("e").closed).isTrue();
    assertThat(store.closed).isTrue();
  }

  @Test
  void atLeastOnceChannelsNeverAskTheStore() {
    messaging.declare(ChannelSpec.queue("a").build());
    messaging.subscribe("a", String.class, d -> {});
    ManualBinding.Manual d = binding.deliver("a", text("x"), 1);
    Deadline.await("settled", d::settled);
    assertThat(store.lookups).hasValue(0);
    assertThat(store.recorded).isEmpty();
  }

  /** A store double: remembers what it was told, answers what the test sets. */
  static final class RecordingStore implements ProcessedIdStore {
    final Set<String> processed = ConcurrentHashMap.newKeySet();
    final Set<String> recorded = ConcurrentHashMap.newKeySet();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicBoolean lookupFails = new AtomicBoolean();
    final AtomicInteger tries = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    volatile CompletableFuture<Void> confirmations = CompletableFuture.completedFuture(null);
    volatile boolean closed;

    @Override
    public boolean isProcessed(InboundDelivery delivery) {
      lookups.incrementAndGet();
      if (lookupFails.get()) {
        throw new IllegalStateException("store unreachable");
      }
      return processed.contains(delivery.message().id());
    }

    @Override
    public CompletionStage<Void> record(InboundDelivery delivery) {
      tries.incrementAndGet();
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return CompletableFuture.failedFuture(new IllegalStateException("failover"));
      }
      recorded.add(delivery.message().id());
      return confirmations;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
