package io.hermod.api;

/**
 * Where a channel's messages live while they wait.
 *
 * @since 0.1
 */
public enum Durability {
  /** In memory only: fastest, lost if the broker stops. */
  MEMORY,
  /** On disk or replicated: survives a broker restart. Rejected by bindings that cannot keep it. */
  PERSISTENT,
  /**
   * Persistent where the binding can persist ({@link Capability#PERSISTENT}), memory-only
   * otherwise; the default, so one declaration works on every binding, the in-memory one included.
   * Resolved when the channel is declared: {@link Messaging#channel(String)} and the binding see
   * {@link #PERSISTENT} or {@link #MEMORY}, never this value. Ask for {@link #PERSISTENT}
   * explicitly when losing messages on a broker restart is not acceptable.
   */
  PREFER_PERSISTENT
}
