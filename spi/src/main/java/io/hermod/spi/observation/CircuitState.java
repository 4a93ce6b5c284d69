package io.hermod.spi.observation;

/**
 * The state of the circuit breaker core puts in front of a binding's sends.
 *
 * @since 0.3
 */
public enum CircuitState {
  /** Sends go through. */
  CLOSED,
  /** Sends fail fast: the broker failed repeatedly. */
  OPEN,
  /** A few sends probe whether the broker is back. */
  HALF_OPEN
}
