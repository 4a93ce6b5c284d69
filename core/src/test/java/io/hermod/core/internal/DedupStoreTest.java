package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DedupStoreTest {

  /** A clock the test moves by hand. */
  static final class FakeClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final FakeClock clock = new FakeClock();

  @Test
  void aProcessedIdIsADuplicateWithinTheWindow() {
    DedupStore store = new DedupStore(100, Duration.ofMinutes(5), clock);
    assertThat(store.tryClaim("a")).isTrue();
    store.markProcessed("a");
    assertThat(store.tryClaim("a")).isFalse();
    assertThat(store.isProcessed("a")).isTrue();
    assertThat(store.tryClaim("b")).isTrue();
  }

  @Test
  void anIdBeingProcessedIsADuplicateUntilReleased() {
    DedupStore store = new DedupStore(100, Duration.ofMinutes(5), clock);
    assertThat(store.tryClaim("a")).isTrue();
    assertThat(store.tryClaim("a")).isFalse();
    store.release("a");
    assertThat(store.isProcessed("a")).isFalse();
    assertThat(store.tryClaim("a")).isTrue();
  }

  @Test
  void idsExpireAfterTheWindow() {
    DedupStore store = new DedupStore(100, Duration.ofMinutes(5), clock);
    store.markProcessed("a");
    clock.advance(Duration.ofMinutes(3));
    store.markProcessed("b");
    clock.advance(Duration.ofMinutes(2).minusMillis(1));
    assertThat(store.isProcessed("a")).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.isProcessed("a")).isFalse();
    assertThat(store.isProcessed("b")).isTrue();
    assertThat(store.size()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(3));
    assertThat(store.tryClaim("b")).isTrue();
    assertThat(store.size()).isZero();
  }

  @Test
  void theOldestIdsAreForgottenBeyondTheCountBound() {
    DedupStore store = new DedupStore(3, Duration.ofHours(1), clock);
    for (String id : new String[] {"a", "b", "c", "d"}) {
      store.markProcessed(id);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.isProcessed("a")).isFalse();
    assertThat(store.isProcessed("b")).isTrue();
    assertThat(store.isProcessed("d")).isTrue();
  }

  @Test
  void reprocessingRefreshesAnId() {
    DedupStore store = new DedupStore(2, Duration.ofMinutes(5), clock);
    store.markProcessed("a");
    store.markProcessed("b");
    store.markProcessed("a");
    store.markProcessed("c");
    assertThat(store.isProcessed("a")).isTrue();
    assertThat(store.isProcessed("b")).isFalse();
  }
}
