package io.hermod.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a blocking call on a thread of its own and gives up after a deadline, so that a scenario
 * checking "nothing hangs" fails with a message instead of hanging the kit. The thread's name
 * starts with {@code tck-bounded-}, never {@code hermod-}, so it is never counted as one of
 * Hermod's threads. Stateless and thread-safe.
 */
final class Bounded {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private Bounded() {}

  /**
   * Runs {@code body} and returns its result, or rethrows what it threw.
   *
   * @param what what is being done, for the failure message
   * @param deadline the longest wait
   * @param body the call
   * @param <T> the result type
   * @return the result
   * @throws Exception what {@code body} threw
   */
  static <T> T call(String what, Duration deadline, Callable<T> body) throws Exception {
    FutureTask<T> task = new FutureTask<>(body);
    Thread thread = new Thread(task, "tck-bounded-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
    try {
      return task.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      thread.interrupt();
      return fail(what + " did not finish within " + deadline + ": it hangs");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * Runs {@code body}, which is expected to throw, and returns what it threw. If it returns
   * instead, closes the result when it is {@link AutoCloseable} and fails.
   *
   * @param what what is being done, for the failure message
   * @param deadline the longest wait
   * @param body the call
   * @return what {@code body} threw, never {@code null}
   */
  static Throwable failure(String what, Duration deadline, Callable<?> body) {
    Object result;
    try {
      result = call(what, deadline, body);
    } catch (Exception | AssertionError e) {
      if (e instanceof AssertionError a
          && a.getMessage() != null
          && a.getMessage().endsWith("it hangs")) {
        throw a;
      }
      return e;
    }
    if (result instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // The scenario already fails below; a failure to close adds nothing.
      }
    }
    return fail("expected " + what + " to fail, but it succeeded with " + result);
  }
}
