package io.hermod.spi.support;

import io.hermod.spi.Inbound;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lifecycle every {@link Inbound} shares, written once: {@link #pause()} and {@link #resume()}
 * that act only on a change (and never after close), and {@link #close()} exactly once, from any
 * thread. A binding fills in {@link #doClose()} and, where the broker client has its own pause, the
 * {@link #onPause()} / {@link #onResume()} hooks; its delivery loop reads {@link #isPaused()} and
 * {@link #isClosed()}.
 *
 * @since 0.2
 */
public abstract class AbstractInbound implements Inbound {

  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean paused = new AtomicBoolean();

  /** For subclasses. */
  protected AbstractInbound() {}

  @Override
  public final void pause() {
    if (!closed.get() && paused.compareAndSet(false, true)) {
      onPause();
    }
  }

  @Override
  public final void resume() {
    if (!closed.get() && paused.compareAndSet(true, false)) {
      onResume();
    }
  }

  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      doClose();
    }
  }

  /**
   * Whether {@link #pause()} was called without a {@link #resume()} since.
   *
   * @return {@code true} while paused
   */
  protected final boolean isPaused() {
    return paused.get();
  }

  /**
   * Whether {@link #close()} has been called.
   *
   * @return {@code true} once closing has begun
   */
  protected final boolean isClosed() {
    return closed.get();
  }

  /**
   * Called once per change from running to paused, on the caller's thread; must not block. The
   * default does nothing (the delivery loop reads {@link #isPaused()}).
   */
  protected void onPause() {}

  /**
   * Called once per change from paused to running, on the caller's thread; must not block. The
   * default does nothing.
   */
  protected void onResume() {}

  /**
   * Stops consuming and returns unsettled deliveries to the broker, as {@link Inbound#close()}
   * says. Called exactly once, after {@link #isClosed()} became {@code true}.
   */
  protected abstract void doClose();
}
