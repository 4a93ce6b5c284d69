package io.hermod.spi.observation;

/**
 * One RPC request, from the call until its reply arrives, it times out or its send fails. Exactly
 * one of {@link #replied}, {@link #timedOut} and {@link #failed} is called, from any thread.
 *
 * @since 0.3
 */
public interface RequestObservation {

  /** An observation that records nothing. */
  RequestObservation NONE = new RequestObservation() {};

  /**
   * Makes this request current on the calling thread while core sends it, so that the send is seen
   * as part of the request.
   *
   * @return the scope to close on the same thread, never {@code null}
   */
  default ObservationScope enter() {
    return ObservationScope.NONE;
  }

  /** The reply arrived. */
  default void replied() {}

  /** No reply arrived within the requester's timeout. */
  default void timedOut() {}

  /**
   * The request could not be sent, or its reply could not be decoded.
   *
   * @param error the failure
   */
  default void failed(Throwable error) {}
}
