package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.Capabilities;
import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.StartPosition;
import io.hermod.api.SubscriptionOptions;
import io.hermod.api.UnsupportedCapabilityException;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** EARLIEST is kept or refused, never silently turned into LATEST. */
class StartPositionTest {

  private final ManualBinding binding = new ManualBinding();
  private CoreMessaging messaging;

  private CoreMessaging start(boolean replay) {
    EnumSet<Capability> caps = EnumSet.allOf(Capability.class);
    if (!replay) {
      caps.remove(Capability.REPLAY);
    }
    binding.capabilities = new Capabilities(caps, 1000);
    messaging = binding.messaging();
    messaging.declare(ChannelSpec.topic("t").build());
    messaging.declare(ChannelSpec.queue("q").build());
    return messaging;
  }

  @AfterEach
  void close() {
    messaging.close();
  }

  private static SubscriptionOptions earliest(String name) {
    return SubscriptionOptions.builder().name(name).startPosition(StartPosition.EARLIEST).build();
  }

  @Test
  void earliestOnATopicWithoutReplayFailsForSubscriptionsAndReceivers() {
    start(false);
    assertThatThrownBy(() -> messaging.subscribe("t", String.class, earliest("s"), d -> {}))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("subscription 's' on topic 't' asks for StartPosition.EARLIEST")
        .hasMessageContaining("binding 'manual' cannot replay")
        .hasMessageContaining("StartPosition.LATEST");
    assertThatThrownBy(() -> messaging.receiver("t", String.class, earliest("r")))
        .isInstanceOf(UnsupportedCapabilityException.class);
    assertThat(binding.inbounds).isEmpty();
  }

  @Test
  void earliestIsAcceptedWhereTheBindingReplaysAndOnQueues() {
    start(true);
    messaging.subscribe("t", String.class, earliest("s"), d -> {});
    messaging.close();
    start(false);
    messaging.subscribe("q", String.class, earliest("s"), d -> {});
    assertThat(binding.inbounds).containsKeys("t", "q");
  }
}
