package io.hermod.spi.observation;

/**
 * An observation made current on one thread, for example a span that nested sends take as their
 * parent. Closed on the thread that opened it, once.
 *
 * @since 0.3
 */
@FunctionalInterface
public interface ObservationScope extends AutoCloseable {

  /** A scope that changes nothing. */
  ObservationScope NONE = () -> {};

  /** Restores what was current before. */
  @Override
  void close();
}
