package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Durability;
import io.hermod.api.UnsupportedCapabilityException;
import io.hermod.spi.Binding;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default durability works on every binding; an explicit PERSISTENT is never downgraded. */
class DurabilityResolutionTest {

  private static CoreMessaging start(Binding binding) {
    CoreConfig config =
        new CoreConfig(
            "test",
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            1000,
            50,
            Duration.ofSeconds(5),
            20);
    return new CoreMessaging(
        binding, "test", config, Codecs.create(List.of(), false), Clock.systemUTC(), null);
  }

  @Test
  void defaultIsPersistentOnAPersistentBinding() {
    try (CoreMessaging m = start(new ManualBinding())) {
      m.declare(ChannelSpec.queue("orders").build());
      assertThat(m.channel("orders").orElseThrow().durability()).isEqualTo(Durability.PERSISTENT);
      assertThat(m.channel("orders.dlq").orElseThrow().durability())
          .isEqualTo(Durability.PERSISTENT);
      // Declaring the same default again is idempotent.
      m.declare(ChannelSpec.queue("orders").build());
    }
  }

  @Test
  void defaultIsMemoryOnAMemoryOnlyBinding() {
    try (CoreMessaging m = start(new TestBindings.Idle())) {
      m.declare(ChannelSpec.queue("orders").build());
      assertThat(m.channel("orders").orElseThrow().durability()).isEqualTo(Durability.MEMORY);
    }
  }

  @Test
  void explicitPersistentIsRejectedOnAMemoryOnlyBinding() {
    try (CoreMessaging m = start(new TestBindings.Idle())) {
      assertThatThrownBy(
              () ->
                  m.declare(ChannelSpec.queue("orders").durability(Durability.PERSISTENT).build()))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("declare it with .durability(Durability.MEMORY)");
    }
  }
}
