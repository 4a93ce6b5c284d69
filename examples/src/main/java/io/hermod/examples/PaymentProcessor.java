package io.hermod.examples;

import io.hermod.api.Message;
import io.hermod.api.MessageListener;
import java.time.Duration;
import java.util.List;

/**
 * The payment processor: charges every {@link PaymentRequest} of the {@code payments} queue. The
 * queue is exactly-once where the binding supports it, so a retried send (same message id) is
 * charged once. Activated by {@code messaging.register(processor)}. Thread-safe.
 *
 * @since 0.1
 */
public final class PaymentProcessor {

  private final Received<PaymentRequest> charges = new Received<>();

  /**
   * Charges a payment.
   *
   * @param payment the request, with its id and key
   */
  @MessageListener(channel = OrderApplication.PAYMENTS)
  public void onPayment(Message<PaymentRequest> payment) {
    charges.add(payment.payload());
  }

  /**
   * Every charge made so far, duplicates included (there should be none).
   *
   * @return a snapshot in processing order, never {@code null}
   */
  public List<PaymentRequest> charges() {
    return charges.snapshot();
  }

  /**
   * Waits until at least {@code count} charges were made.
   *
   * @param count how many
   * @param timeout how long to wait at most
   * @return whether they were made in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean await(int count, Duration timeout) throws InterruptedException {
    return charges.await(count, timeout);
  }

  /**
   * How many times an order was charged.
   *
   * @param orderId the order
   * @return the number of charges, {@code 1} when all went well
   */
  public long chargesFor(String orderId) {
    return charges.snapshot().stream().filter(c -> c.orderId().equals(orderId)).count();
  }
}
