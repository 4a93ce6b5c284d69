package io.hermod.examples;

import io.hermod.api.Message;
import io.hermod.api.Publishes;
import io.hermod.api.Receipt;

/**
 * The typed client of the exactly-once {@code payments} queue. Takes a whole {@link Message} so the
 * caller chooses the message id: a retried charge reuses it and is deduplicated. The proxy is
 * thread-safe.
 *
 * @since 0.1
 */
@Publishes(channel = OrderApplication.PAYMENTS)
public interface Payments {

  /**
   * Sends a charge, blocking until the broker confirms it.
   *
   * @param payment the charge, with its id and key set
   * @return the broker's confirmation, never {@code null}
   */
  Receipt charge(Message<PaymentRequest> payment);
}
