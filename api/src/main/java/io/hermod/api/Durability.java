package io.hermod.api;

/**
 * Where a channel's messages live while they wait.
 *
 * @since 0.1
 */
public enum Durability {
  /** In memory only: fastest, lost if the broker stops. */
  MEMORY,
  /** On disk or replicated: survives a broker restart. */
  PERSISTENT
}
