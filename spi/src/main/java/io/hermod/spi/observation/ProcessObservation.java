package io.hermod.spi.observation;

/**
 * One delivery being processed by the application: from when core hands it to the handler (or a
 * pull receiver's caller) until it is settled. Exactly one of {@link #succeeded} and {@link
 * #failed} is called.
 *
 * @since 0.3
 */
public interface ProcessObservation {

  /** An observation that records nothing. */
  ProcessObservation NONE = new ProcessObservation() {};

  /**
   * Makes this observation current on the calling thread while the handler runs, so that what the
   * handler sends (a reply, a follow-up message) is seen as caused by it. Core opens it around a
   * push handler; a pulled delivery is processed by the caller's own code and gets none.
   *
   * @return the scope to close on the same thread, never {@code null}
   */
  default ObservationScope enter() {
    return ObservationScope.NONE;
  }

  /** The handler succeeded (or the receiver acknowledged). */
  default void succeeded() {}

  /**
   * The handler failed (or the receiver nacked).
   *
   * @param error what the handler threw, or why the receiver nacked
   * @param then what core did with the message
   */
  default void failed(Throwable error, AfterFailure then) {}
}
