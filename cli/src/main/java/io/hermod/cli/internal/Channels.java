package io.hermod.cli.internal;

import io.hermod.api.Capability;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Durability;
import io.hermod.api.Messaging;

/**
 * Channel declarations for the commands: persistent where the binding can keep messages on disk,
 * memory otherwise, so the same command works on every binding. Stateless and thread-safe.
 */
final class Channels {

  private Channels() {}

  /**
   * A declaration builder with the durability the binding offers.
   *
   * @param messaging the facade whose binding decides
   * @param name the channel name
   * @param kind queue or topic
   * @return a builder, never {@code null}
   */
  static ChannelSpec.Builder spec(Messaging messaging, String name, ChannelKind kind) {
    ChannelSpec.Builder b =
        kind == ChannelKind.QUEUE ? ChannelSpec.queue(name) : ChannelSpec.topic(name);
    return b.durability(durability(messaging));
  }

  /**
   * The durability the binding offers.
   *
   * @param messaging the facade whose binding decides
   * @return persistent if the binding declares it, memory otherwise
   */
  static Durability durability(Messaging messaging) {
    return messaging.capabilities().supports(Capability.PERSISTENT)
        ? Durability.PERSISTENT
        : Durability.MEMORY;
  }
}
