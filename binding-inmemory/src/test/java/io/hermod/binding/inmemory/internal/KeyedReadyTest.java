package io.hermod.binding.inmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Message;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class KeyedReadyTest {

  private long sequence;

  private Entry entry(@Nullable String key) {
    return new Entry(Message.builder(new byte[0]).build(), ++sequence, key);
  }

  @Test
  void holdsAKeyWhileOneOfItsMessagesIsOut() {
    KeyedReady ready = new KeyedReady();
    Entry a1 = entry("a");
    Entry a2 = entry("a");
    Entry b1 = entry("b");
    ready.offer(a1);
    ready.offer(a2);
    ready.offer(b1);
    assertThat(ready.poll()).isSameAs(a1);
    assertThat(ready.poll()).isSameAs(b1);
    assertThat(ready.poll()).as("a is held by a1").isNull();
    assertThat(ready.size()).isEqualTo(1);
    assertThat(ready.release(a1)).isTrue();
    assertThat(ready.poll()).isSameAs(a2);
  }

  @Test
  void aReturnedMessageComesBackAheadOfLaterOnesOfItsKey() {
    KeyedReady ready = new KeyedReady();
    Entry a1 = entry("a");
    Entry a2 = entry("a");
    ready.offer(a1);
    ready.offer(a2);
    assertThat(ready.poll()).isSameAs(a1);
    ready.putBack(a1);
    assertThat(ready.poll()).isSameAs(a1);
    ready.release(a1);
    assertThat(ready.poll()).isSameAs(a2);
    assertThat(ready.release(a2)).isFalse();
    assertThat(ready.poll()).isNull();
    assertThat(ready.size()).isZero();
  }

  @Test
  void keylessMessagesFlowFreelyInArrivalOrderWithKeyedOnes() {
    KeyedReady ready = new KeyedReady();
    Entry free1 = entry(null);
    Entry a1 = entry("a");
    Entry free2 = entry(null);
    Entry a2 = entry("a");
    ready.offer(free1);
    ready.offer(a1);
    ready.offer(free2);
    ready.offer(a2);
    assertThat(ready.poll()).isSameAs(free1);
    assertThat(ready.poll()).isSameAs(a1);
    assertThat(ready.poll()).isSameAs(free2);
    assertThat(ready.poll()).isNull();
    assertThat(ready.release(free1)).isFalse();
    ready.putBack(free2);
    assertThat(ready.poll()).isSameAs(free2);
  }
}
