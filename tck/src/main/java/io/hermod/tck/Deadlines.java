package io.hermod.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Deadline polling for tests of Hermod and its bindings: wait until something holds or fail saying
 * what was awaited, never {@code sleep}-and-hope. Shared by the kit and by the bindings' own tests
 * so every module waits the same way.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class Deadlines {

  /** The deadline used when none is given. */
  public static final Duration DEFAULT = Duration.ofSeconds(60);

  private static final Duration POLL = Duration.ofMillis(10);

  private Deadlines() {}

  /**
   * Polls {@code condition} until it holds, failing after {@link #DEFAULT}.
   *
   * @param what what is awaited, for the failure message
   * @param condition the condition
   */
  public static void await(String what, BooleanSupplier condition) {
    await(what, DEFAULT, condition, () -> "condition still false");
  }

  /**
   * Polls {@code condition} until it holds, failing after {@link #DEFAULT} with the state {@code
   * detail} describes.
   *
   * @param what what is awaited
   * @param condition the condition
   * @param detail describes the state at failure
   */
  public static void await(String what, BooleanSupplier condition, Supplier<String> detail) {
    await(what, DEFAULT, condition, detail);
  }

  /**
   * Polls {@code condition} every 10 ms until it holds or {@code deadline} passes, then fails with
   * {@code what} and the state {@code detail} describes.
   *
   * @param what what is awaited
   * @param deadline the longest wait
   * @param condition the condition
   * @param detail describes the state at failure
   */
  public static void await(
      String what, Duration deadline, BooleanSupplier condition, Supplier<String> detail) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        fail("timed out after " + deadline + " waiting for " + what + ": " + detail.get());
      }
      pause(POLL);
    }
  }

  /**
   * Lets time pass on purpose: the poll interval of a deadline wait, or a window in which something
   * must NOT happen. Never a wait for something that should happen.
   *
   * @param duration how long
   */
  public static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
