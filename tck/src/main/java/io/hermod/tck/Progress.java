package io.hermod.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Deadline polling for the scenarios that move thousands of messages: the deadline applies to
 * progress, not to the whole run, so a slow but working broker finishes while a stalled one fails
 * after {@link TckSupport#deadline()} without progress. Stateless and thread-safe.
 */
final class Progress {

  private Progress() {}

  /**
   * Polls until {@code done} holds, failing once {@code progress} has not grown for {@code
   * tck.deadline()}.
   *
   * @param tck the kit's support
   * @param what what is awaited, e.g. "all 5000 messages"
   * @param progress a count that grows while things move, e.g. distinct ids received
   * @param done the condition awaited
   * @param detail describes the state at failure
   */
  static void await(
      TckSupport tck,
      String what,
      IntSupplier progress,
      BooleanSupplier done,
      Supplier<String> detail) {
    Duration stall = tck.deadline();
    int last = progress.getAsInt();
    long lastMove = System.nanoTime();
    while (!done.getAsBoolean()) {
      int now = progress.getAsInt();
      if (now != last) {
        last = now;
        lastMove = System.nanoTime();
      } else if (System.nanoTime() - lastMove > stall.toNanos()) {
        fail("no progress for " + stall + " waiting for " + what + ": " + detail.get());
      }
      TckSupport.pause(Duration.ofMillis(10));
    }
  }

  /**
   * Polls until {@code log} holds every expected id, failing once no new id arrived for {@code
   * tck.deadline()}.
   *
   * @param tck the kit's support
   * @param what what is awaited
   * @param log the deliveries seen
   * @param expected the ids sent
   */
  static void awaitAll(
      TckSupport tck, String what, DeliveryLog log, java.util.Collection<String> expected) {
    await(tck, what, log::distinct, () -> log.containsAll(expected), () -> log.summary(expected));
  }
}
