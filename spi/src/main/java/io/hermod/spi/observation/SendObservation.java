package io.hermod.spi.observation;

import io.hermod.api.Receipt;
import java.util.Map;

/**
 * One message on its way to the broker, from the moment core hands it to the binding until the
 * broker confirms or the send fails. Exactly one of {@link #confirmed} and {@link #failed} is
 * called, from any thread.
 *
 * @since 0.3
 */
public interface SendObservation {

  /** An observation that records nothing. */
  SendObservation NONE = new SendObservation() {};

  /**
   * Headers to add to the message before it goes on the wire, such as W3C trace context ({@code
   * traceparent}, {@code tracestate}). Asked once, before the send.
   *
   * @return the headers, empty for none; never {@code null}
   */
  default Map<String, String> headers() {
    return Map.of();
  }

  /**
   * The broker accepted the message.
   *
   * @param receipt the broker's receipt
   */
  default void confirmed(Receipt receipt) {}

  /**
   * The send failed or timed out.
   *
   * @param error the failure as the caller sees it
   */
  default void failed(Throwable error) {}
}
