package io.hermod.core.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of worker threads ({@code hermod-<channel>-<n>}) taking tasks in FIFO order, so a
 * subscription never runs more handlers than it has workers. It can be paused: while paused no task
 * starts (running ones finish) and queued tasks keep their order. Thread-safe.
 *
 * <p>Lifecycle: started by the constructor; {@link #shutdown()} lets the workers drain what is
 * queued (tasks then see their subscription closing and settle quickly) and exit.
 */
final class WorkerPool implements Executor {

  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private final List<Thread> threads = new ArrayList<>();
  private boolean paused;
  private boolean shutdown;

  WorkerPool(String namePrefix, int size) {
    for (int i = 1; i <= size; i++) {
      Thread t = new Thread(this::work, namePrefix + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  @Override
  public void execute(Runnable task) {
    lock.lock();
    try {
      if (shutdown && threads.stream().noneMatch(Thread::isAlive)) {
        throw new RejectedExecutionException("worker pool is shut down");
      }
      queue.addLast(task);
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  void pause() {
    lock.lock();
    try {
      paused = true;
    } finally {
      lock.unlock();
    }
  }

  void resume() {
    lock.lock();
    try {
      paused = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Drains the queue (even if paused) and lets the workers exit. */
  void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes the tasks not yet started, for the caller to run (they settle quickly once their
   * subscription is closing) instead of waiting for a worker to become free.
   *
   * @return the tasks, in order
   */
  List<Runnable> drain() {
    lock.lock();
    try {
      List<Runnable> out = new ArrayList<>(queue);
      queue.clear();
      return out;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the workers to exit, then interrupts any still running.
   *
   * @param timeout the longest wait
   * @return {@code true} if every worker exited in time
   */
  boolean awaitTermination(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean clean = true;
    for (Thread t : threads) {
      if (t == Thread.currentThread()) {
        continue; // closed from inside a handler: it exits once the handler returns
      }
      try {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        t.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        clean = false;
        t.interrupt();
      }
    }
    return clean;
  }

  private void work() {
    while (true) {
      Runnable task;
      lock.lock();
      try {
        while (!(shutdown || (!paused && !queue.isEmpty()))) {
          changed.awaitUninterruptibly();
        }
        task = queue.pollFirst();
        if (task == null) {
          return; // shut down and drained
        }
      } finally {
        lock.unlock();
      }
      try {
        task.run();
      } catch (Throwable t) {
        log.error("unexpected error in {}", Thread.currentThread().getName(), t);
      }
    }
  }
}
