package io.hermod.core.internal;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Deadline polling for core's own tests (core cannot use the kit's {@code io.hermod.tck.Deadlines}:
 * the kit depends on core). Waits until a condition holds or fails saying what was awaited.
 */
final class Deadline {

  private static final Duration LIMIT = Duration.ofSeconds(20);
  private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

  private Deadline() {}

  static void await(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("timed out after " + LIMIT + " waiting for " + what);
      }
      LockSupport.parkNanos(POLL_NANOS); // the poll interval, not a wait for the event
      if (Thread.interrupted()) {
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
  }
}
