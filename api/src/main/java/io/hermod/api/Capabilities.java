package io.hermod.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a binding can do: the capabilities it declares and the largest payload it accepts.
 *
 * @param supported the capabilities the binding declares, never {@code null}
 * @param maxPayloadBytes the largest payload, in bytes, a single message may carry
 * @since 0.1
 */
public record Capabilities(Set<Capability> supported, int maxPayloadBytes) {

  /** Copies {@code supported} so the value stays immutable. */
  public Capabilities {
    supported =
        supported.isEmpty()
            ? Set.of()
            : java.util.Collections.unmodifiableSet(EnumSet.copyOf(supported));
    if (maxPayloadBytes <= 0) {
      throw new IllegalArgumentException("maxPayloadBytes must be > 0, was " + maxPayloadBytes);
    }
  }

  /**
   * Capabilities with the given maximum payload and set of capabilities.
   *
   * @param maxPayloadBytes the largest payload in bytes
   * @param capabilities the declared capabilities
   * @return a new value, never {@code null}
   */
  public static Capabilities of(int maxPayloadBytes, Capability... capabilities) {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    set.addAll(java.util.Arrays.asList(capabilities));
    return new Capabilities(set, maxPayloadBytes);
  }

  /**
   * Whether the binding declares {@code capability}.
   *
   * @param capability the capability to test
   * @return {@code true} if declared
   */
  public boolean supports(Capability capability) {
    return supported.contains(capability);
  }
}
