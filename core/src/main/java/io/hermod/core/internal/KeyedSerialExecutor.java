package io.hermod.core.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs tasks of the same key strictly one after another, in submission order, while tasks of
 * different keys (and tasks without a key) run in parallel on the underlying executor.
 *
 * <p>A task is asynchronous: it receives a {@code done} callback and the key stays blocked until it
 * is called (exactly once), so a task may finish later on another thread, for example after a
 * scheduled retry, without holding a worker. Thread-safe.
 */
final class KeyedSerialExecutor {

  private final Executor executor;
  private final Map<String, ArrayDeque<Consumer<Runnable>>> waiting = new HashMap<>();

  KeyedSerialExecutor(Executor executor) {
    this.executor = executor;
  }

  /**
   * Submits a task.
   *
   * @param key the key, or {@code null} for a task with no ordering constraint
   * @param task receives the callback to call once it is finished
   */
  void submit(@Nullable String key, Consumer<Runnable> task) {
    if (key == null) {
      dispatch(task, () -> {});
      return;
    }
    synchronized (waiting) {
      ArrayDeque<Consumer<Runnable>> q = waiting.get(key);
      if (q != null) {
        q.addLast(task); // the key is busy: runs after its predecessors
        return;
      }
      waiting.put(key, new ArrayDeque<>());
    }
    dispatch(task, next(key));
  }

  /**
   * How many keys are busy (running or waiting).
   *
   * @return the count
   */
  int busyKeys() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  private Runnable next(String key) {
    AtomicBoolean called = new AtomicBoolean();
    return () -> {
      if (!called.compareAndSet(false, true)) {
        return;
      }
      Consumer<Runnable> following;
      synchronized (waiting) {
        ArrayDeque<Consumer<Runnable>> q = waiting.get(key);
        following = q == null ? null : q.pollFirst();
        if (following == null) {
          waiting.remove(key);
          return;
        }
      }
      dispatch(following, next(key));
    };
  }

  private void dispatch(Consumer<Runnable> task, Runnable done) {
    try {
      executor.execute(() -> task.accept(done));
    } catch (RejectedExecutionException e) {
      // The pool is gone (closing): run inline so the task can settle its message.
      task.accept(done);
    }
  }
}
